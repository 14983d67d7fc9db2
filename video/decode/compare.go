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
	// OursCPU is the child process's user+system CPU time (process start
	// included), OursWall the time the parent spent in Decode, with every
	// picture wanted and copied back to the parent.
	OursCPU, OursWall time.Duration
	// FFmpegCPU is `ffmpeg -threads 1 ... -f null -`'s user+system CPU
	// time (process start included), FFmpegWall its run time.
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
	return fmt.Sprintf("%d frames, per frame: ours %v CPU (%v wall), ffmpeg -threads 1 %v CPU (%v wall), ratio %.2f",
		c.Frames, c.OursCPU.Round(time.Microsecond), c.OursWall.Round(time.Microsecond),
		c.FFmpegCPU.Round(time.Microsecond), c.FFmpegWall.Round(time.Microsecond), c.Ratio())
}

// CompareWithFFmpeg decodes the first frames access units of clip (Annex B
// H.264; all of them when frames <= 0) with a child decoder, then with
// `ffmpeg -threads 1 -f h264 -i clip -f null -`, and times both.
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
	c := Comparison{Frames: frames}
	var err error
	if c.OursCPU, c.OursWall, err = timeOurs(ctx, units[:frames], keys); err != nil {
		return c, err
	}
	c.FFmpegCPU, c.FFmpegWall, err = timeFFmpeg(ctx, clip, frames)
	n := time.Duration(frames)
	c.OursCPU, c.OursWall, c.FFmpegCPU, c.FFmpegWall = c.OursCPU/n, c.OursWall/n, c.FFmpegCPU/n, c.FFmpegWall/n
	return c, err
}

// timeOurs decodes units in a fresh child and returns its CPU time and
// the wall time of the decoding.
func timeOurs(ctx context.Context, units [][]byte, keys []bool) (cpu, wall time.Duration, err error) {
	dec, err := New(H264, nil)
	if err != nil {
		return 0, 0, err
	}
	d, ok := dec.(*childDecoder)
	if !ok {
		return 0, 0, fmt.Errorf("decode: %s is not a child decoder", dec.Name())
	}
	defer d.Close()
	start := time.Now()
	for i, u := range units {
		pic, err := d.Decode(ctx, Unit{Data: u, Key: keys[i], PTS: time.Duration(i) * 40 * time.Millisecond, Want: true})
		if err != nil {
			return 0, 0, fmt.Errorf("decode: frame %d: %w", i, err)
		}
		if pic == nil {
			return 0, 0, fmt.Errorf("decode: frame %d gave no picture", i)
		}
	}
	wall = time.Since(start)
	d.Close()
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
