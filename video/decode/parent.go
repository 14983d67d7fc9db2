package decode

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// childEnv names the variable that makes a re-executed station (or test
// binary) a decoder child; its value is the codec.
const childEnv = "SKERRY_DECODER_CHILD"

// Timeouts for the child. A unit that takes longer than UnitTimeout (or
// the caller's context) kills the child: a 4K key frame decodes in tens of
// milliseconds, so a child this slow is stuck.
var (
	StartTimeout = 10 * time.Second
	UnitTimeout  = 5 * time.Second
	CloseTimeout = 3 * time.Second
)

// childDecoder decodes in a child process: the same executable, re-run
// with childEnv set, whose main calls ChildMain first.
type childDecoder struct {
	codec  Codec
	log    *slog.Logger
	cmd    *exec.Cmd
	in     *os.File // the child's stdin, our end
	out    *os.File // the child's stdout, our end
	shm    *os.File // the shared picture file, or nil
	w      *bufio.Writer
	rr     replyReader
	name   string
	stderr *head
	exited chan struct{} // closed when the child has been reaped
	dead   error         // set once the child is gone; every later call returns it
}

// startChild starts a child decoding codec and waits for its hello.
func startChild(codec Codec, log *slog.Logger) (*childDecoder, error) {
	if os.Getenv(childEnv) != "" {
		// A child whose main did not call ChildMain: never recurse.
		return nil, fmt.Errorf("decode: this process is a decoder child (%s is set) but ChildMain was not called first in main or TestMain", childEnv)
	}
	exe, err := childExe()
	if err != nil {
		return nil, fmt.Errorf("decode: finding this executable to re-run as a decoder: %w", err)
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("decode: pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, fmt.Errorf("decode: pipe: %w", err)
	}
	growPipe(inW)
	growPipe(outR)
	d := &childDecoder{codec: codec, log: log, in: inW, out: outR, stderr: &head{max: 1024}, exited: make(chan struct{})}
	d.cmd = exec.Command(exe)
	d.cmd.SysProcAttr = childAttr()
	d.cmd.Env = append(withoutEnv(os.Environ(), childEnv), childEnv+"="+string(codec))
	d.cmd.Stdin, d.cmd.Stdout, d.cmd.Stderr = inR, outW, d.stderr
	if d.shm = newShm(); d.shm != nil {
		d.cmd.ExtraFiles = []*os.File{d.shm} // fd 3
		d.cmd.Env = append(withoutEnv(d.cmd.Env, shmEnv), shmEnv+"=1")
	}
	err = d.cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		if d.shm != nil {
			d.shm.Close()
		}
		return nil, fmt.Errorf("decode: starting the %s decoder child: %w", codec, err)
	}
	go func() {
		_ = d.cmd.Wait()
		close(d.exited)
	}()
	d.w = bufio.NewWriterSize(inW, 64<<10)
	d.rr = replyReader{r: bufio.NewReaderSize(outR, 256<<10), maxPixels: maxDim * maxDim}
	if d.shm != nil {
		d.rr.shm = d.shm
	}

	_ = d.out.SetReadDeadline(time.Now().Add(StartTimeout))
	rep, err := d.rr.read()
	if err != nil {
		return nil, d.fail(context.Background(), fmt.Errorf("waiting for its hello: %w", err))
	}
	switch rep.Status {
	case replyHello:
		d.name = rep.Text
		return d, nil
	case replyFatal:
		d.kill()
		return nil, fmt.Errorf("decode: %s: %s: %w", codec, rep.Text, ErrUnsupported)
	}
	return nil, d.fail(context.Background(), fmt.Errorf("%w: reply %d instead of hello", errProtocol, rep.Status))
}

// Decode sends u to the child and reads its reply.
func (d *childDecoder) Decode(ctx context.Context, u Unit) (*Picture, error) {
	if d.dead != nil {
		return nil, d.dead
	}
	if len(u.Data) > maxUnit {
		return nil, fmt.Errorf("decode: %s unit of %d bytes is over the %d limit", d.codec, len(u.Data), maxUnit)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(UnitTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = d.in.SetWriteDeadline(deadline)
	_ = d.out.SetReadDeadline(deadline)
	cancelled := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		past := time.Unix(1, 0)
		_ = d.in.SetWriteDeadline(past)
		_ = d.out.SetReadDeadline(past)
		close(cancelled)
	})
	defer func() {
		if !stop() {
			<-cancelled // the deadlines are set before the next call resets them
		}
	}()

	err := writeRequest(d.w, u)
	if err == nil {
		err = d.w.Flush()
	}
	if err != nil {
		return nil, d.fail(ctx, fmt.Errorf("sending a unit: %w", err))
	}
	rep, err := d.rr.read()
	if err != nil {
		return nil, d.fail(ctx, fmt.Errorf("reading its reply: %w", err))
	}
	switch rep.Status {
	case replyNone:
		return nil, nil
	case replyPicture:
		return rep.Picture, nil // wanted: maybe an earlier unit's, from a decoder that reorders
	case replyError:
		return nil, fmt.Errorf("decode: %s: %s", d.codec, rep.Text)
	}
	return nil, d.fail(ctx, fmt.Errorf("%w: unexpected reply %d", errProtocol, rep.Status))
}

// fail kills the child after err and records why it is gone.
func (d *childDecoder) fail(ctx context.Context, err error) error {
	d.kill()
	why := "died"
	switch {
	case ctx.Err() != nil:
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		why = "was stopped"
	case errors.Is(err, os.ErrDeadlineExceeded):
		why = "hung"
	default:
		if st := d.cmd.ProcessState; st != nil {
			why = "died (" + st.String() + ")"
		}
	}
	msg := fmt.Sprintf("decode: %s decoder child %s", d.codec, why)
	if t := d.stderr.lines(3); t != "" {
		msg += " saying: " + t
	}
	d.dead = fmt.Errorf("%s: %w: %w", msg, ErrCrashed, err)
	d.log.Warn("decoder child gone", "codec", d.codec, "err", d.dead)
	return d.dead
}

// kill ends the child and reaps it.
func (d *childDecoder) kill() {
	_ = d.cmd.Process.Kill()
	<-d.exited
	d.in.Close()
	d.out.Close()
	if d.shm != nil {
		d.shm.Close()
	}
}

// Name says what decodes.
func (d *childDecoder) Name() string { return d.name + " (child process)" }

// Close ends the child: it exits when its stdin closes; it is killed if
// it does not within CloseTimeout.
func (d *childDecoder) Close() error {
	if d.dead != nil {
		return nil
	}
	d.dead = fmt.Errorf("decode: %s decoder closed: %w", d.codec, ErrCrashed)
	d.in.Close()
	select {
	case <-d.exited:
	case <-time.After(CloseTimeout):
		_ = d.cmd.Process.Kill()
		<-d.exited
	}
	d.out.Close()
	if d.shm != nil {
		d.shm.Close()
	}
	return nil
}

// withoutEnv drops name from an environment.
func withoutEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// head keeps the first max bytes written to it: the child's stderr, where
// a crash's cause comes first (a Go runtime's "SIGSEGV: segmentation
// violation", a protocol error).
type head struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (h *head) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room := h.max - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// lines returns its first n non-empty lines, joined by " | ".
func (h *head) lines(n int) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, l := range strings.Split(string(h.b), "\n") {
		if l = strings.TrimSpace(l); l != "" && len(out) < n {
			out = append(out, l)
		}
	}
	return strings.Join(out, " | ")
}
