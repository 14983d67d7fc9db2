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

// ClipOptions describe a synthetic clip (see MakeClipWith).
type ClipOptions struct {
	Codec              Codec
	Width, Height, FPS int
	Frames             int
	Preset             string // x264/x265 preset; "ultrafast" when empty
	Profile            string // e.g. "high"; the preset's when empty
	BitRate            int    // bits per second; 0.1 bit per pixel when 0
}

// MakeClip encodes a synthetic camera-like clip with ffmpeg: testsrc2
// (moving pattern) with light temporal noise for a sensor's grain, width×
// height at fps, frames long; libx264 or libx265 ultrafast, zerolatency,
// no B-frames, a key frame every second, parameter sets in band before
// every key frame, about 0.1 bit per pixel (2.3 Mb/s at 720p25). It
// returns the Annex B byte stream (see SplitAccessUnits).
func MakeClip(ctx context.Context, codec Codec, width, height, fps, frames int) ([]byte, error) {
	return MakeClipWith(ctx, ClipOptions{Codec: codec, Width: width, Height: height, FPS: fps, Frames: frames})
}

// CameraClip is a 720p25 H.264 clip like a drone camera's hardware
// encoder makes (high profile: CABAC, deblocking; 4 Mb/s, no B-frames):
// about 2.5 ms per frame for libavcodec on one core, where MakeClip's
// ultrafast clips (CAVLC, no deblocking) take a quarter of that.
func CameraClip(frames int) ClipOptions {
	return ClipOptions{Codec: H264, Width: 1280, Height: 720, FPS: 25, Frames: frames,
		Preset: "veryfast", Profile: "high", BitRate: 4_000_000}
}

// MakeClipWith encodes a clip as MakeClip does, with the options given.
func MakeClipWith(ctx context.Context, o ClipOptions) ([]byte, error) {
	width, height, fps, frames := o.Width, o.Height, o.FPS, o.Frames
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		return nil, ErrNoFFmpeg
	}
	if width <= 0 || height <= 0 || fps <= 0 || frames <= 0 {
		return nil, fmt.Errorf("decode: MakeClip: bad clip %dx%d@%d, %d frames", width, height, fps, frames)
	}
	rate := o.BitRate
	if rate <= 0 {
		rate = width * height * fps / 10
	}
	preset := o.Preset
	if preset == "" {
		preset = "ultrafast"
	}
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=%d", width, height, fps),
		"-vf", "noise=alls=6:allf=t", "-frames:v", fmt.Sprint(frames), "-pix_fmt", "yuv420p",
		"-g", fmt.Sprint(fps), "-bf", "0", "-b:v", fmt.Sprint(rate), "-maxrate", fmt.Sprint(rate), "-bufsize", fmt.Sprint(rate / 2)}
	if o.Profile != "" {
		args = append(args, "-profile:v", o.Profile)
	}
	switch o.Codec {
	case H264:
		args = append(args, "-c:v", "libx264", "-preset", preset, "-tune", "zerolatency",
			"-x264-params", "repeat-headers=1", "-f", "h264", "-")
	case H265:
		args = append(args, "-c:v", "libx265", "-preset", preset, "-tune", "zerolatency",
			"-x265-params", "repeat-headers=1:log-level=error", "-f", "hevc", "-")
	default:
		return nil, fmt.Errorf("decode: MakeClip: %s: %w", o.Codec, ErrUnsupported)
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "ffmpeg", args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("decode: ffmpeg making a %s clip: %w: %s", o.Codec, err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}
