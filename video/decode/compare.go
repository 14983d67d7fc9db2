package decode

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Comparison is our decoder against ffmpeg on the same clip, per frame.
type Comparison struct {
	Frames int
	// OursCPU is the child process's user+system CPU time, OursWall the
	// parent's time from starting the child to its exit, every picture
	// wanted and copied back to the parent.
	OursCPU, OursWall time.Duration
	// OursDecodeCPU is the child's CPU time when no picture is wanted:
	// decoding alone, as ffmpeg's null output does.
	OursDecodeCPU time.Duration
	// FFmpegCPU is `ffmpeg -threads 1 ... -f null -`'s user+system CPU
	// time, FFmpegWall its run time.
	FFmpegCPU, FFmpegWall time.Duration
}

// Ratio is our CPU time over ffmpeg's.
func (c Comparison) Ratio() float64 {
	if c.FFmpegCPU <= 0 {
		return 0
	}
	return float64(c.OursCPU) / float64(c.FFmpegCPU)
}

func (c Comparison) String() string {
	return fmt.Sprintf("%d frames, per frame: ours %v CPU (%v wall; %v CPU decoding alone), ffmpeg -threads 1 %v CPU (%v wall), ratio %.2f",
		c.Frames, c.OursCPU.Round(time.Microsecond), c.OursWall.Round(time.Microsecond), c.OursDecodeCPU.Round(time.Microsecond),
		c.FFmpegCPU.Round(time.Microsecond), c.FFmpegWall.Round(time.Microsecond), c.Ratio())
}

// CompareWithFFmpeg decodes the first frames access units of clip (Annex B
// H.264; all of them when frames <= 0) with a child decoder, then with
// `ffmpeg -threads 1 -f h264 -i clip -f null -`, and times both, per
// frame, without process start and exit. Run it on an idle machine: wall
// times include waiting for the CPU.
func CompareWithFFmpeg(ctx context.Context, clip []byte, frames int) (Comparison, error) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		return Comparison{}, ErrNoFFmpeg
	}
	units, keys := SplitAccessUnits(H264, clip)
	if frames <= 0 || frames > len(units) {
		frames = len(units)
	}
	if frames == 0 {
		return Comparison{}, fmt.Errorf("decode: CompareWithFFmpeg: no access units in %d bytes", len(clip))
	}
	if frames < 2 {
		return Comparison{}, fmt.Errorf("decode: CompareWithFFmpeg: %d access units are too few", frames)
	}
	// Each side runs on 1 frame and on all frames: the difference is the
	// decoding of frames-1 frames, without process start and exit (ffmpeg
	// spends about 80 ms of CPU starting).
	var c Comparison
	var cpu, wall [2]time.Duration
	var err error
	for i, n := range []int{1, frames} {
		if cpu[i], wall[i], err = timeOurs(ctx, units[:n], keys, true); err != nil {
			return c, err
		}
	}
	c.OursCPU, c.OursWall = cpu[1]-cpu[0], wall[1]-wall[0]
	for i, n := range []int{1, frames} {
		if cpu[i], _, err = timeOurs(ctx, units[:n], keys, false); err != nil {
			return c, err
		}
	}
	c.OursDecodeCPU = cpu[1] - cpu[0]
	for i, n := range []int{1, frames} {
		if cpu[i], wall[i], err = timeFFmpeg(ctx, clip, n); err != nil {
			return c, err
		}
	}
	c.FFmpegCPU, c.FFmpegWall = cpu[1]-cpu[0], wall[1]-wall[0]
	c.Frames = frames - 1
	n := time.Duration(c.Frames)
	c.OursCPU, c.OursWall, c.FFmpegCPU, c.FFmpegWall = c.OursCPU/n, c.OursWall/n, c.FFmpegCPU/n, c.FFmpegWall/n
	c.OursDecodeCPU /= n
	return c, nil
}

// timeOurs decodes units in a fresh child and returns its CPU time and
// the wall time of the decoding.
func timeOurs(ctx context.Context, units [][]byte, keys []bool, want bool) (cpu, wall time.Duration, err error) {
	start := time.Now()
	dec, err := New(H264, nil)
	if err != nil {
		return 0, 0, err
	}
	d, ok := dec.(*childDecoder)
	if !ok {
		return 0, 0, fmt.Errorf("decode: %s is not a child decoder", dec.Name())
	}
	defer d.Close()
	for i, u := range units {
		pic, err := d.Decode(ctx, Unit{Data: u, Key: keys[i], PTS: time.Duration(i) * 40 * time.Millisecond, Want: want})
		if err != nil {
			return 0, 0, fmt.Errorf("decode: frame %d: %w", i, err)
		}
		if want && pic == nil {
			return 0, 0, fmt.Errorf("decode: frame %d gave no picture", i)
		}
	}
	d.Close()
	wall = time.Since(start)
	cpu, err = d.cpuTime()
	return cpu, wall, err
}

// timeFFmpeg decodes the first frames of clip with ffmpeg on one thread.
func timeFFmpeg(ctx context.Context, clip []byte, frames int) (cpu, wall time.Duration, err error) {
	dir, err := os.MkdirTemp("", "skerry-bench")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "clip.h264")
	if err := os.WriteFile(path, clip, 0o600); err != nil {
		return 0, 0, err
	}
	cmd := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
		"-threads", "1", "-f", "h264", "-i", path, "-frames:v", fmt.Sprint(frames), "-f", "null", "-")
	var errb strings.Builder
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("decode: ffmpeg: %w: %s", err, strings.TrimSpace(errb.String()))
	}
	wall = time.Since(start)
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), wall, nil
}
