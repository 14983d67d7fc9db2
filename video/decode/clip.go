package decode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrNoFFmpeg: ffmpeg is not on PATH (MakeClip and CompareWithFFmpeg need it).
var ErrNoFFmpeg = errors.New("ffmpeg not found on PATH (Debian: apt-get install ffmpeg)")

// MakeClip encodes a synthetic camera-like clip with ffmpeg: testsrc2
// (moving pattern) with light temporal noise for a sensor's grain, width×
// height at fps, frames long; libx264 or libx265 ultrafast, zerolatency,
// no B-frames, a key frame every second, parameter sets in band before
// every key frame, about 0.1 bit per pixel (2.3 Mb/s at 720p25). It
// returns the Annex B byte stream (see SplitAccessUnits).
func MakeClip(ctx context.Context, codec Codec, width, height, fps, frames int) ([]byte, error) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		return nil, ErrNoFFmpeg
	}
	if width <= 0 || height <= 0 || fps <= 0 || frames <= 0 {
		return nil, fmt.Errorf("decode: MakeClip: bad clip %dx%d@%d, %d frames", width, height, fps, frames)
	}
	rate := width * height * fps / 10
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=%d", width, height, fps),
		"-vf", "noise=alls=6:allf=t", "-frames:v", fmt.Sprint(frames), "-pix_fmt", "yuv420p",
		"-g", fmt.Sprint(fps), "-bf", "0", "-b:v", fmt.Sprint(rate), "-maxrate", fmt.Sprint(rate), "-bufsize", fmt.Sprint(rate / 2)}
	switch codec {
	case H264:
		args = append(args, "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
			"-x264-params", "repeat-headers=1", "-f", "h264", "-")
	case H265:
		args = append(args, "-c:v", "libx265", "-preset", "ultrafast", "-tune", "zerolatency",
			"-x265-params", "repeat-headers=1:log-level=error", "-f", "hevc", "-")
	default:
		return nil, fmt.Errorf("decode: MakeClip: %s: %w", codec, ErrUnsupported)
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "ffmpeg", args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("decode: ffmpeg making a %s clip: %w: %s", codec, err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}
