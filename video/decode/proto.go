package decode

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"time"
)

// The parent↔child protocol. The parent writes requests to the child's
// stdin and reads exactly one reply per request from its stdout; the child
// first writes a hello reply saying what it decodes (or why it cannot).
// All integers are big-endian.
//
//	request: len u32 | flags u8 (1 key, 2 want) | pts i64 (ns) | data[len]
//	reply:   status u8, then
//	  replyNone:    nothing (decoded; no picture wanted or none came out)
//	  replyPicture: pts i64 | width u32 | height u32 | flags u8 (1: full
//	                range) | Y | Cb | Cr (I420,
//	                rows packed: Y width×height, Cb and Cr
//	                ceil(width/2)×ceil(height/2))
//	  replyShared:  pts i64 | width u32 | height u32 | flags u8, the planes (as
//	                above) at the start of the shared picture file
//	  replyError, replyHello, replyFatal: len u16 | text[len]
const (
	replyNone    byte = 0
	replyPicture byte = 1
	replyError   byte = 2 // this unit did not decode cleanly; go on
	replyHello   byte = 3 // the child is ready; text names the decoder
	replyFatal   byte = 4 // the child cannot serve (e.g. no such codec) and exits
	replyShared  byte = 5 // a picture whose planes are in the shared file (see shm_linux.go)
)

// pictureFullRange flags a picture whose samples use 0–255 (JFIF).
const pictureFullRange byte = 1

// Request flags.
const (
	flagKey  byte = 1
	flagWant byte = 2
)

const (
	requestHeaderLen = 13
	// maxUnit bounds one encoded unit (a 4K key frame is a few MB).
	maxUnit = 32 << 20
	// maxText bounds a reply's text.
	maxText = 1024
	// maxDim bounds a picture's width and height.
	maxDim = 8192
)

// errProtocol marks a malformed frame of the protocol.
var errProtocol = errors.New("decoder protocol")

// request is one unit as the child reads it.
type request struct {
	Flags byte
	PTS   time.Duration
	Data  []byte
}

// writeRequest frames u onto w (not flushed).
func writeRequest(w *bufio.Writer, u Unit) error {
	if len(u.Data) > maxUnit {
		return fmt.Errorf("%w: unit of %d bytes is over the %d limit", errProtocol, len(u.Data), maxUnit)
	}
	var h [requestHeaderLen]byte
	binary.BigEndian.PutUint32(h[0:4], uint32(len(u.Data)))
	if u.Key {
		h[4] |= flagKey
	}
	if u.Want {
		h[4] |= flagWant
	}
	binary.BigEndian.PutUint64(h[5:13], uint64(u.PTS))
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	_, err := w.Write(u.Data)
	return err
}

// readRequest reads one request, reusing buf for its data. It returns
// io.EOF at a clean end between requests.
func readRequest(r io.Reader, buf []byte) (request, []byte, error) {
	var h [requestHeaderLen]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return request{}, buf, fmt.Errorf("%w: truncated request header", errProtocol)
		}
		return request{}, buf, err
	}
	n := binary.BigEndian.Uint32(h[0:4])
	if n > maxUnit {
		return request{}, buf, fmt.Errorf("%w: unit of %d bytes is over the %d limit", errProtocol, n, maxUnit)
	}
	if h[4]&^(flagKey|flagWant) != 0 {
		return request{}, buf, fmt.Errorf("%w: unknown flags %#x", errProtocol, h[4])
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		return request{}, buf, fmt.Errorf("%w: truncated unit: %w", errProtocol, err)
	}
	req := request{Flags: h[4], PTS: time.Duration(binary.BigEndian.Uint64(h[5:13])), Data: buf}
	return req, buf, nil
}

// writeText writes a reply that carries text (error, hello, fatal).
func writeText(w io.Writer, status byte, text string) error {
	if len(text) > maxText {
		text = text[:maxText]
	}
	b := make([]byte, 0, 3+len(text))
	b = append(b, status)
	b = binary.BigEndian.AppendUint16(b, uint16(len(text)))
	b = append(b, text...)
	_, err := w.Write(b)
	return err
}

// plane is one picture plane as the child holds it: rows of width bytes
// every stride bytes.
type plane struct {
	Data   []byte
	Stride int
}

// writePicture writes a picture reply from three I420 planes: into shm
// when it is there and large enough, else down the pipe.
func writePicture(w io.Writer, shm []byte, pts time.Duration, width, height int, fullRange bool, p [3]plane) error {
	if width <= 0 || height <= 0 || width > maxDim || height > maxDim {
		return fmt.Errorf("%w: picture %dx%d out of bounds", errProtocol, width, height)
	}
	var h [18]byte
	h[0] = replyPicture
	if fullRange {
		h[17] = pictureFullRange
	}
	cw, ch := (width+1)/2, (height+1)/2
	dims := [3][2]int{{width, height}, {cw, ch}, {cw, ch}}
	if len(shm) >= width*height+2*cw*ch {
		off := 0
		for i, pl := range p {
			rw, rows := dims[i][0], dims[i][1]
			if pl.Stride < rw || len(pl.Data) < (rows-1)*pl.Stride+rw {
				return fmt.Errorf("%w: plane %d too small", errProtocol, i)
			}
			for y := 0; y < rows; y++ {
				off += copy(shm[off:off+rw], pl.Data[y*pl.Stride:y*pl.Stride+rw])
			}
		}
		h[0] = replyShared
	}
	binary.BigEndian.PutUint64(h[1:9], uint64(pts))
	binary.BigEndian.PutUint32(h[9:13], uint32(width))
	binary.BigEndian.PutUint32(h[13:17], uint32(height))
	if _, err := w.Write(h[:]); err != nil || h[0] == replyShared {
		return err
	}
	for i, pl := range p {
		rw, rows := dims[i][0], dims[i][1]
		if pl.Stride < rw || len(pl.Data) < (rows-1)*pl.Stride+rw {
			return fmt.Errorf("%w: plane %d too small", errProtocol, i)
		}
		if pl.Stride == rw { // packed already: one write, not copied through a buffer
			if bw, ok := w.(*bufio.Writer); ok && bw.Buffered() > 0 {
				if err := bw.Flush(); err != nil {
					return err
				}
			}
			if _, err := w.Write(pl.Data[:rw*rows]); err != nil {
				return err
			}
			continue
		}
		for y := 0; y < rows; y++ {
			if _, err := w.Write(pl.Data[y*pl.Stride : y*pl.Stride+rw]); err != nil {
				return err
			}
		}
	}
	return nil
}

// reply is one reply as the parent reads it.
type reply struct {
	Status  byte
	Text    string
	Picture *Picture
}

// replyReader reads replies; maxPixels bounds the pictures it accepts
// (and so what a malformed frame can make it allocate).
type replyReader struct {
	r         io.Reader
	maxPixels int
	shm       io.ReaderAt // the shared picture file, if any
	shared    int         // pictures that came through it
}

// read reads one reply.
func (rr *replyReader) read() (reply, error) {
	var s [1]byte
	if _, err := io.ReadFull(rr.r, s[:]); err != nil {
		return reply{}, err
	}
	switch s[0] {
	case replyNone:
		return reply{Status: replyNone}, nil
	case replyError, replyHello, replyFatal:
		var l [2]byte
		if _, err := io.ReadFull(rr.r, l[:]); err != nil {
			return reply{}, truncated(err)
		}
		n := binary.BigEndian.Uint16(l[:])
		if n > maxText {
			return reply{}, fmt.Errorf("%w: text of %d bytes", errProtocol, n)
		}
		t := make([]byte, n)
		if _, err := io.ReadFull(rr.r, t); err != nil {
			return reply{}, truncated(err)
		}
		return reply{Status: s[0], Text: string(t)}, nil
	case replyPicture, replyShared:
		return rr.readPicture(s[0] == replyShared)
	}
	return reply{}, fmt.Errorf("%w: unknown reply status %d", errProtocol, s[0])
}

func (rr *replyReader) readPicture(shared bool) (reply, error) {
	if shared && rr.shm == nil {
		return reply{}, fmt.Errorf("%w: a shared picture without a shared file", errProtocol)
	}
	var h [17]byte
	if _, err := io.ReadFull(rr.r, h[:]); err != nil {
		return reply{}, truncated(err)
	}
	pts := time.Duration(binary.BigEndian.Uint64(h[0:8]))
	w := binary.BigEndian.Uint32(h[8:12])
	ht := binary.BigEndian.Uint32(h[12:16])
	if h[16]&^pictureFullRange != 0 {
		return reply{}, fmt.Errorf("%w: unknown picture flags %#x", errProtocol, h[16])
	}
	full := h[16]&pictureFullRange != 0
	if w == 0 || ht == 0 || w > maxDim || ht > maxDim || int(w)*int(ht) > rr.maxPixels {
		return reply{}, fmt.Errorf("%w: picture %dx%d out of bounds", errProtocol, w, ht)
	}
	img := image.NewYCbCr(image.Rect(0, 0, int(w), int(ht)), image.YCbCrSubsampleRatio420)
	if shared {
		off := int64(0)
		for _, p := range [][]byte{img.Y, img.Cb, img.Cr} {
			if _, err := rr.shm.ReadAt(p, off); err != nil {
				return reply{}, fmt.Errorf("%w: reading a shared picture: %w", errProtocol, err)
			}
			off += int64(len(p))
		}
		rr.shared++
		return reply{Status: replyPicture, Picture: &Picture{PTS: pts, Image: img, FullRange: full}}, nil
	}
	for _, p := range [][]byte{img.Y, img.Cb, img.Cr} {
		if _, err := io.ReadFull(rr.r, p); err != nil {
			return reply{}, truncated(err)
		}
	}
	return reply{Status: replyPicture, Picture: &Picture{PTS: pts, Image: img, FullRange: full}}, nil
}

// truncated turns an end of stream inside a reply into a protocol error.
func truncated(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated reply", errProtocol)
	}
	return err
}
