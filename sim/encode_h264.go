package sim

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/bluenviron/gortsplib/v4/pkg/format/rtph264"
)

// ffmpegArgs is the command line of an H.264 encoder child: raw I420
// frames on stdin, Annex B H.264 on stdout, one access unit per frame (no
// B-frames, no lookahead), with access unit delimiters and SPS/PPS before
// every IDR, an IDR every 2 s.
func ffmpegArgs(cfg CameraConfig) []string {
	gop := strconv.Itoa(max(1, int(2*cfg.FPS+0.5)))
	rate := strconv.Itoa(int(cfg.bitrate()))
	return []string{"-hide_banner", "-loglevel", "error",
		"-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", fmt.Sprintf("%dx%d", cfg.Width, cfg.Height),
		"-r", strconv.FormatFloat(cfg.FPS, 'f', -1, 64), "-i", "pipe:0",
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline",
		"-pix_fmt", "yuv420p", "-bf", "0", "-g", gop, "-threads", "1",
		"-crf", "23", "-maxrate", rate, "-bufsize", rate,
		"-x264-params", "aud=1:repeat-headers=1",
		"-fps_mode", "passthrough", "-flush_packets", "1", "-f", "h264", "pipe:1"}
}

// writeTimeout bounds writing one frame to ffmpeg: a child that takes
// longer is stuck and is killed (then restarted).
const writeTimeout = 2 * time.Second

// ffmpegProc is one running ffmpeg child.
type ffmpegProc struct {
	cmd    *exec.Cmd
	stdin  *os.File       // our end of its stdin pipe (deadlines work on it)
	times  chan time.Time // capture times of the frames written, in order
	done   chan struct{}  // closed once its output has ended and it was reaped
	stderr tailBuffer
	err    error // exit status, valid after done
}

// h264Encoder feeds rendered frames to an ffmpeg child and streams the
// access units it returns, each with the capture time of its frame (FIFO:
// one access unit per frame). If the child dies it is restarted on the next
// frame (at most once a second), and the restart is logged and counted.
type h264Encoder struct {
	c       *camera
	ctx     context.Context
	rtp     *rtph264.Encoder // used by one reader goroutine at a time
	proc    *ffmpegProc
	frame   []byte // I420 frame buffer
	retryAt time.Time
	started bool
}

// newH264Encoder returns an encoder for c's stream; ffmpeg starts on the
// first frame.
func newH264Encoder(ctx context.Context, c *camera) *h264Encoder {
	e := &h264Encoder{c: c, ctx: ctx, rtp: &rtph264.Encoder{PayloadType: h264PayloadType, PayloadMaxSize: rtpPayloadMax, PacketizationMode: 1}}
	if err := e.rtp.Init(); err != nil {
		c.log.Error("rtp/h264 encoder", "err", err)
	}
	return e
}

// encode writes one frame to ffmpeg, starting or restarting it as needed.
func (e *h264Encoder) encode(img *image.YCbCr, captured time.Time) {
	if e.proc != nil && e.proc.exited() {
		e.c.log.Error("ffmpeg exited; restarting", "err", e.proc.err, "stderr", e.proc.stderr.String())
		e.proc.stdin.Close()
		e.proc = nil
		e.c.stats.pid.Store(0)
	}
	if e.proc == nil && !e.start() {
		e.c.stats.dropped.Add(1)
		return
	}
	select {
	case e.proc.times <- captured:
	default: // ffmpeg is a whole queue behind: stuck; restart it
		e.c.stats.dropped.Add(1)
		e.c.log.Error("ffmpeg stalled; killing it", "queued", cap(e.proc.times))
		_ = e.proc.cmd.Process.Kill()
		return
	}
	e.frame = appendI420(e.frame[:0], img)
	_ = e.proc.stdin.SetWriteDeadline(time.Now().Add(writeTimeout))
	if _, err := e.proc.stdin.Write(e.frame); err != nil {
		e.c.stats.dropped.Add(1)
		e.c.log.Error("ffmpeg does not take frames; killing it", "err", err)
		_ = e.proc.cmd.Process.Kill() // the next frame restarts it
	}
}

// start starts an ffmpeg child; false when it cannot (retried later).
func (e *h264Encoder) start() bool {
	if time.Now().Before(e.retryAt) {
		return false
	}
	if e.started {
		e.c.stats.restarts.Add(1)
	}
	e.started = true
	p, err := startFFmpeg(e.ctx, e.c.cfg, e.writeAU)
	if err != nil {
		e.retryAt = time.Now().Add(time.Second)
		e.c.log.Error("ffmpeg did not start", "err", err)
		return false
	}
	e.retryAt = time.Now().Add(time.Second)
	e.proc = p
	e.c.stats.pid.Store(int64(p.cmd.Process.Pid))
	return true
}

// startFFmpeg starts an encoder child and a goroutine that splits its
// output into access units for onAU, then reaps it.
func startFFmpeg(ctx context.Context, cfg CameraConfig, onAU func(p *ffmpegProc, au [][]byte)) (*ffmpegProc, error) {
	cmd := exec.CommandContext(ctx, cfg.FFmpeg, ffmpegArgs(cfg)...)
	p := &ffmpegProc{cmd: cmd, times: make(chan time.Time, 2*maxCamFPS), done: make(chan struct{})}
	cmd.Stderr = &p.stderr
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin, p.stdin = pr, pw
	out, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	pr.Close() // the child has its copy
	if err != nil {
		pw.Close()
		return nil, fmt.Errorf("sim: %s: %w", cfg.FFmpeg, err)
	}
	go p.readOutput(out, onAU)
	return p, nil
}

// readOutput splits the child's output until it ends, then reaps it.
func (p *ffmpegProc) readOutput(out io.Reader, onAU func(*ffmpegProc, [][]byte)) {
	defer close(p.done)
	var sp auSplitter
	emit := func(au [][]byte) { onAU(p, au) }
	buf := make([]byte, 64<<10)
	for {
		n, err := out.Read(buf)
		sp.write(buf[:n], emit)
		if err != nil {
			break
		}
	}
	sp.end(emit)
	p.err = p.cmd.Wait()
}

// writeAU streams one access unit with the capture time of its frame.
func (e *h264Encoder) writeAU(p *ffmpegProc, au [][]byte) {
	var captured time.Time
	select {
	case captured = <-p.times:
	default:
		e.c.stats.dropped.Add(1) // output without a frame: never expected
		return
	}
	if sps, pps := paramSets(au); sps != nil && pps != nil {
		if s0, p0 := e.c.h264.SafeParams(); !bytes.Equal(s0, sps) || !bytes.Equal(p0, pps) {
			e.c.h264.SafeSetParams(sps, pps)
		}
	}
	pkts, err := e.rtp.Encode(au)
	if err != nil {
		e.c.stats.dropped.Add(1)
		return
	}
	e.c.emit(pkts, captured)
}

// exited reports whether the child has ended.
func (p *ffmpegProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// appendI420 appends the planes of a 4:2:0 frame without stride padding.
func appendI420(dst []byte, img *image.YCbCr) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := 0; y < h; y++ {
		dst = append(dst, img.Y[y*img.YStride:y*img.YStride+w]...)
	}
	cw, ch := (w+1)/2, (h+1)/2
	for _, plane := range [][]byte{img.Cb, img.Cr} {
		for y := 0; y < ch; y++ {
			dst = append(dst, plane[y*img.CStride:y*img.CStride+cw]...)
		}
	}
	return dst
}

// close ends ffmpeg: stdin closed, then killed if it lingers.
func (e *h264Encoder) close() {
	if e.proc == nil {
		return
	}
	e.proc.stdin.Close()
	select {
	case <-e.proc.done:
	case <-time.After(2 * time.Second):
		_ = e.proc.cmd.Process.Kill()
		<-e.proc.done
	}
	e.proc = nil
	e.c.stats.pid.Store(0)
}

// tailBuffer keeps the last bytes written to it (ffmpeg's stderr).
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

// tailMax bounds a tailBuffer.
const tailMax = 2048

// Write implements io.Writer.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > tailMax {
		t.b = t.b[len(t.b)-tailMax:]
	}
	return len(p), nil
}

// String returns the kept bytes, trimmed.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.b))
}
