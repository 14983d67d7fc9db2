package decode

import (
	"bufio"
	"bytes"
	"image"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRequestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	units := []Unit{
		{Data: []byte{0, 0, 0, 1, 0x65, 1, 2}, Key: true, PTS: 40 * time.Millisecond, Want: true},
		{Data: []byte{9}, PTS: -5},
		{Data: nil, Want: true},
	}
	for _, u := range units {
		require.NoError(t, writeRequest(w, u))
	}
	require.NoError(t, w.Flush())
	var buf []byte
	for _, u := range units {
		var req request
		var err error
		req, buf, err = readRequest(&b, buf)
		require.NoError(t, err)
		require.Equal(t, u.PTS, req.PTS)
		require.Equal(t, u.Key, req.Flags&flagKey != 0)
		require.Equal(t, u.Want, req.Flags&flagWant != 0)
		require.Equal(t, len(u.Data), len(req.Data))
		require.True(t, bytes.Equal(u.Data, req.Data))
	}
	_, _, err := readRequest(&b, buf)
	require.ErrorIs(t, err, io.EOF)
}

func TestReplyRoundTrip(t *testing.T) {
	var b bytes.Buffer
	src := image.NewYCbCr(image.Rect(0, 0, 5, 3), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i)
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = uint8(100+i), uint8(200+i)
	}
	// Planes with padding, as libavcodec lays them out.
	pad := func(p []byte, w, h, stride int) plane {
		out := make([]byte, stride*h)
		for y := 0; y < h; y++ {
			copy(out[y*stride:], p[y*w:(y+1)*w])
		}
		return plane{Data: out, Stride: stride}
	}
	planes := [3]plane{pad(src.Y, 5, 3, 32), pad(src.Cb, 3, 2, 16), pad(src.Cr, 3, 2, 16)}
	require.NoError(t, writeText(&b, replyHello, "libavcodec test"))
	require.NoError(t, writePicture(&b, nil, 3*time.Second, 5, 3, true, planes))
	require.NoError(t, b.WriteByte(replyNone))
	require.NoError(t, writeText(&b, replyError, "broken"))

	rr := replyReader{r: &b, maxPixels: 100}
	rep, err := rr.read()
	require.NoError(t, err)
	require.Equal(t, reply{Status: replyHello, Text: "libavcodec test"}, rep)
	rep, err = rr.read()
	require.NoError(t, err)
	require.Equal(t, 3*time.Second, rep.Picture.PTS)
	require.True(t, rep.Picture.FullRange)
	require.Equal(t, src.Y, rep.Picture.Image.Y)
	require.Equal(t, src.Cb, rep.Picture.Image.Cb)
	require.Equal(t, src.Cr, rep.Picture.Image.Cr)
	rep, err = rr.read()
	require.NoError(t, err)
	require.Equal(t, replyNone, rep.Status)
	rep, err = rr.read()
	require.NoError(t, err)
	require.Equal(t, reply{Status: replyError, Text: "broken"}, rep)

	// A picture over the reader's bound is refused before allocation.
	b.Reset()
	require.NoError(t, writePicture(&b, nil, 0, 20, 20, false, [3]plane{{make([]byte, 400), 20}, {make([]byte, 100), 10}, {make([]byte, 100), 10}}))
	_, err = rr.read()
	require.ErrorIs(t, err, errProtocol)
}

// TestSharedPictureRoundTrip: a picture through the shared file comes
// out as through the pipe; a too small file sends it down the pipe.
func TestSharedPictureRoundTrip(t *testing.T) {
	y := plane{Data: []byte{1, 2, 3, 0, 4, 5, 6, 0}, Stride: 4}
	cb, cr := plane{Data: []byte{7, 8}, Stride: 2}, plane{Data: []byte{9, 10}, Stride: 2}
	for _, size := range []int{64, 5} {
		shm := make([]byte, size)
		var b bytes.Buffer
		require.NoError(t, writePicture(&b, shm, 9, 3, 2, false, [3]plane{y, cb, cr}))
		rr := replyReader{r: &b, maxPixels: 100, shm: bytes.NewReader(shm)}
		rep, err := rr.read()
		require.NoError(t, err)
		m := rep.Picture.Image
		require.Equal(t, []byte{1, 2, 3, 4, 5, 6}, m.Y)
		require.Equal(t, []byte{7, 8}, m.Cb)
		require.Equal(t, []byte{9, 10}, m.Cr)
		require.Equal(t, time.Duration(9), rep.Picture.PTS)
		require.Zero(t, b.Len())
	}
}

// FuzzReadRequest: the child's reader never panics, never takes more
// than the frame says, and what it reads re-encodes to the same bytes.
func FuzzReadRequest(f *testing.F) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	_ = writeRequest(w, Unit{Data: []byte{0, 0, 0, 1, 0x67, 0x42}, Key: true, PTS: 1234, Want: true})
	_ = w.Flush()
	f.Add(b.Bytes())
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 3})
	f.Fuzz(func(t *testing.T, in []byte) {
		req, _, err := readRequest(bytes.NewReader(in), nil)
		if err != nil {
			return
		}
		var out bytes.Buffer
		w := bufio.NewWriter(&out)
		u := Unit{Data: req.Data, Key: req.Flags&flagKey != 0, Want: req.Flags&flagWant != 0, PTS: req.PTS}
		require.NoError(t, writeRequest(w, u))
		require.NoError(t, w.Flush())
		require.Equal(t, in[:out.Len()], out.Bytes())
	})
}

// FuzzReadReply: the parent's reader never panics and never allocates
// more than its bound, whatever a (broken) child writes.
func FuzzReadReply(f *testing.F) {
	var b bytes.Buffer
	_ = writeText(&b, replyHello, "hello")
	_ = writePicture(&b, nil, 5, 2, 2, false, [3]plane{{[]byte{1, 2, 3, 4}, 2}, {[]byte{5}, 1}, {[]byte{6}, 1}})
	_ = writeText(&b, replyError, "bad")
	b.WriteByte(replyNone)
	f.Add(b.Bytes())
	f.Add([]byte{replyPicture, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 1})
	f.Add([]byte{replyFatal, 0xff, 0xff})
	f.Add([]byte{replyShared, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 4, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		rr := replyReader{r: bytes.NewReader(in), maxPixels: 64 * 64, shm: bytes.NewReader(make([]byte, 100))}
		for i := 0; i < 16; i++ {
			rep, err := rr.read()
			if err != nil {
				return
			}
			if rep.Picture != nil {
				m := rep.Picture.Image
				require.LessOrEqual(t, m.Rect.Dx()*m.Rect.Dy(), 64*64)
				require.Len(t, m.Cr, m.CStride*((m.Rect.Dy()+1)/2))
			}
		}
	})
}
