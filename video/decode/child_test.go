//go:build cgo && !nolibav

package decode

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// child returns the process behind a decoder.
func child(t *testing.T, d Decoder) *childDecoder {
	t.Helper()
	c, ok := d.(*childDecoder)
	require.True(t, ok)
	return c
}

// TestChildDeath: a child that dies (a segfault, the OOM killer) gives
// ErrCrashed, now and on every later call; this process stays up and a
// new decoder works.
func TestChildDeath(t *testing.T) {
	units, keys := clip(t, H264, 128, 96, 3)
	for _, sig := range []syscall.Signal{syscall.SIGSEGV, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			d := newDecoder(t, H264)
			_, err := d.Decode(context.Background(), Unit{Data: units[0], Key: keys[0], Want: true})
			require.NoError(t, err)
			c := child(t, d)
			require.NoError(t, c.cmd.Process.Signal(sig))
			<-c.exited
			_, err = d.Decode(context.Background(), Unit{Data: units[1], Want: true})
			require.ErrorIs(t, err, ErrCrashed)
			t.Log(err)
			_, err = d.Decode(context.Background(), Unit{Data: units[2], Want: true})
			require.ErrorIs(t, err, ErrCrashed)
			require.NoError(t, d.Close())

			d2 := newDecoder(t, H264)
			pic, err := d2.Decode(context.Background(), Unit{Data: units[0], Key: keys[0], Want: true})
			require.NoError(t, err)
			require.NotNil(t, pic)
		})
	}
}

// TestChildHangs: a child that stops answering is killed at the caller's
// deadline, at UnitTimeout, or when the context is cancelled.
func TestChildHangs(t *testing.T) {
	units, keys := clip(t, H264, 128, 96, 1)
	cases := map[string]func() (context.Context, context.CancelFunc){
		"deadline": func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 200*time.Millisecond)
		},
		"cancel": func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			return ctx, cancel
		},
		"UnitTimeout": func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		},
	}
	old := UnitTimeout
	t.Cleanup(func() { UnitTimeout = old })
	UnitTimeout = 300 * time.Millisecond
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			d := newDecoder(t, H264)
			c := child(t, d)
			require.NoError(t, c.cmd.Process.Signal(syscall.SIGSTOP))
			requireStopped(t, c.cmd.Process.Pid)
			ctx, cancel := mk()
			defer cancel()
			start := time.Now()
			_, err := d.Decode(ctx, Unit{Data: units[0], Key: keys[0], Want: true})
			require.ErrorIs(t, err, ErrCrashed)
			require.Less(t, time.Since(start), 5*time.Second)
			t.Log(err)
			<-c.exited // killed, reaped
		})
	}
}

// TestCloseEndsChild: Close ends the child, twice is fine, and a closed
// decoder says so.
func TestCloseEndsChild(t *testing.T) {
	d := newDecoder(t, H265)
	c := child(t, d)
	require.NoError(t, d.Close())
	<-c.exited
	require.True(t, c.cmd.ProcessState.Success(), c.cmd.ProcessState.String())
	require.NoError(t, d.Close())
	_, err := d.Decode(context.Background(), Unit{Data: []byte{0, 0, 1, 0x40}, Want: true})
	require.ErrorIs(t, err, ErrCrashed)
}

func TestSupportNamesLibav(t *testing.T) {
	require.Contains(t, Support(), "libavcodec")
}

// requireStopped waits until the kernel shows pid stopped.
func requireStopped(t *testing.T, pid int) {
	t.Helper()
	require.Eventually(t, func() bool {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return true // not Linux: trust the signal
		}
		i := bytes.LastIndexByte(b, ')')
		return i > 0 && i+2 < len(b) && b[i+2] == 'T'
	}, 5*time.Second, 5*time.Millisecond)
}

// TestNoRecursion: a re-run process whose main forgot ChildMain does not
// start decoders of its own.
func TestNoRecursion(t *testing.T) {
	t.Setenv(childEnv, "h264")
	_, err := New(H264, nil)
	require.ErrorContains(t, err, "ChildMain")
}

// TestServeChildInProcess runs the child's loop on buffers: a hello, one
// reply per unit (a picture only where wanted), exit 0 at the end of
// input; an unknown codec gets a fatal reply.
func TestServeChildInProcess(t *testing.T) {
	units, keys := testClip(t, H264)
	var in bytes.Buffer
	w := bufio.NewWriter(&in)
	for i, u := range units[:3] {
		require.NoError(t, writeRequest(w, Unit{Data: u, Key: keys[i], PTS: time.Duration(i), Want: i != 1}))
	}
	require.NoError(t, w.Flush())
	var out bytes.Buffer
	require.Equal(t, 0, serveChild(H264, &in, &out))
	rr := replyReader{r: &out, maxPixels: 1 << 20}
	want := []byte{replyHello, replyPicture, replyNone, replyPicture}
	for _, s := range want {
		rep, err := rr.read()
		require.NoError(t, err)
		require.Equal(t, s, rep.Status)
	}
	require.Zero(t, out.Len())

	out.Reset()
	require.Equal(t, 2, serveChild(Codec("vp8"), &in, &out))
	rep, err := rr.read()
	require.NoError(t, err)
	require.Equal(t, replyFatal, rep.Status)
	t.Log(rep.Text)
}
