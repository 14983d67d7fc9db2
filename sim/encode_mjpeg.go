package sim

import (
	"bytes"
	"image"
	"image/jpeg"
	"time"

	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/bluenviron/gortsplib/v4/pkg/format/rtpmjpeg"
)

// mjpegEncoder encodes frames as baseline JPEG (image/jpeg, 4:2:0) and
// packetises them as RTP/JPEG (RFC 2435), synchronously on the camera's
// goroutine.
type mjpegEncoder struct {
	c   *camera
	rtp *rtpmjpeg.Encoder
	buf bytes.Buffer
}

// newMJPEGEncoder returns an encoder for c's stream.
func newMJPEGEncoder(c *camera) *mjpegEncoder {
	e := &mjpegEncoder{c: c, rtp: &rtpmjpeg.Encoder{PayloadMaxSize: rtpPayloadMax}}
	if err := e.rtp.Init(); err != nil {
		c.log.Error("rtp/jpeg encoder", "err", err)
	}
	return e
}

// rtpPayloadMax keeps RTP packets within a 1500-byte MTU.
const rtpPayloadMax = 1400

// mjpegFormat is the stream's RTSP format.
func mjpegFormat() *format.MJPEG { return &format.MJPEG{} }

// encode encodes one frame and writes it.
func (e *mjpegEncoder) encode(img *image.YCbCr, captured time.Time) {
	e.buf.Reset()
	if err := jpeg.Encode(&e.buf, img, &jpeg.Options{Quality: e.c.cfg.JPEGQuality}); err != nil {
		e.c.stats.dropped.Add(1)
		return
	}
	pkts, err := e.rtp.Encode(e.buf.Bytes())
	if err != nil {
		e.c.stats.dropped.Add(1)
		e.c.log.Error("rtp/jpeg", "err", err)
		return
	}
	e.c.emit(pkts, captured)
}

// close releases nothing: the encoder has no process.
func (e *mjpegEncoder) close() {}
