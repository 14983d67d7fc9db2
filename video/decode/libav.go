//go:build cgo && !nolibav

package decode

// #cgo pkg-config: libavcodec libavutil libswscale
// #include <stdarg.h>
// #include <stdio.h>
// #include <libavcodec/avcodec.h>
// #include <libavutil/imgutils.h>
// #include <libavutil/log.h>
// #include <libswscale/swscale.h>
//
// // libavcodec reports a damaged unit by logging at error level; the
// // child counts those messages per unit and keeps the first (one thread
// // decodes, so a static is enough).
// static char skerry_err[256];
// static int skerry_errs;
// static void skerry_log(void *avcl, int level, const char *fmt, va_list vl) {
//     if (level > AV_LOG_ERROR) return;
//     if (skerry_errs++ == 0) vsnprintf(skerry_err, sizeof skerry_err, fmt, vl);
// }
// static void skerry_log_init(void) { av_log_set_callback(skerry_log); }
// static void skerry_errs_reset(void) { skerry_errs = 0; skerry_err[0] = 0; }
// static int skerry_errors(void) { return skerry_errs; }
// static const char *skerry_error(void) { return skerry_err; }
// static int skerry_again(int r) { return r == AVERROR(EAGAIN) || r == AVERROR_EOF; }
//
// static AVCodecContext *skerry_open(enum AVCodecID id) {
//     const AVCodec *codec = avcodec_find_decoder(id);
//     if (!codec) return NULL;
//     AVCodecContext *c = avcodec_alloc_context3(codec);
//     if (!c) return NULL;
//     c->thread_count = 1;
//     if (avcodec_open2(c, codec, NULL) < 0) { avcodec_free_context(&c); return NULL; }
//     return c;
// }
//
// // skerry_send feeds one unit; the packet is not reference counted, so
// // libavcodec copies data (with its padding) and keeps no pointer to it.
// static int skerry_send(AVCodecContext *c, AVPacket *pkt, uint8_t *data, int size, int64_t pts, int key) {
//     pkt->data = data;
//     pkt->size = size;
//     pkt->pts = pts;
//     pkt->dts = AV_NOPTS_VALUE;
//     pkt->flags = key ? AV_PKT_FLAG_KEY : 0;
//     int r = avcodec_send_packet(c, pkt);
//     pkt->data = NULL;
//     pkt->size = 0;
//     return r;
// }
//
// static int skerry_corrupt(const AVFrame *f) {
//     return f->decode_error_flags != 0 || (f->flags & AV_FRAME_FLAG_CORRUPT) != 0;
// }
//
// static int64_t skerry_pts(const AVFrame *f) {
//     return f->pts != AV_NOPTS_VALUE ? f->pts : f->best_effort_timestamp;
// }
//
// // skerry_full says whether f's samples are full range (JFIF).
// static int skerry_full(const AVFrame *f) {
//     switch (f->format) {
//     case AV_PIX_FMT_YUVJ420P: case AV_PIX_FMT_YUVJ422P: case AV_PIX_FMT_YUVJ444P:
//     case AV_PIX_FMT_YUVJ440P: case AV_PIX_FMT_YUVJ411P:
//         return 1;
//     }
//     return f->color_range == AVCOL_RANGE_JPEG;
// }
//
// // skerry_i420 makes dst an I420 copy of src (which is in another pixel
// // format, or depth), reusing *sws and dst's buffer while the geometry
// // holds, and keeping src's range (full or video).
// static int skerry_i420(struct SwsContext **sws, const AVFrame *src, AVFrame *dst) {
//     if (dst->width != src->width || dst->height != src->height || dst->format != AV_PIX_FMT_YUV420P) {
//         av_frame_unref(dst);
//         dst->format = AV_PIX_FMT_YUV420P;
//         dst->width = src->width;
//         dst->height = src->height;
//         int r = av_frame_get_buffer(dst, 0);
//         if (r < 0) return r;
//     }
//     *sws = sws_getCachedContext(*sws, src->width, src->height, src->format,
//         src->width, src->height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, NULL, NULL, NULL);
//     if (!*sws) return AVERROR(EINVAL);
//     int *inv, *tab, sr, dr, b, c, s;
//     if (sws_getColorspaceDetails(*sws, &inv, &sr, &tab, &dr, &b, &c, &s) >= 0) {
//         int full = skerry_full(src);
//         sws_setColorspaceDetails(*sws, inv, full, tab, full, b, c, s);
//     }
//     return sws_scale(*sws, (const uint8_t *const *)src->data, src->linesize, 0, src->height, dst->data, dst->linesize);
// }
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unsafe"
)

// libavAvailable: this build decodes H.264 and H.265 with libavcodec.
const libavAvailable = true

// libavVersion names the library, e.g. "libavcodec 59.37.100".
func libavVersion() string {
	v := uint32(C.avcodec_version())
	return fmt.Sprintf("libavcodec %d.%d.%d", v>>16, v>>8&0xff, v&0xff)
}

// libav is one libavcodec decoder; it lives in the child process.
type libav struct {
	ctx   *C.AVCodecContext
	pkt   *C.AVPacket
	frame *C.AVFrame // what the decoder hands out
	held  *C.AVFrame // the newest wanted picture of this unit
	conv  *C.AVFrame // held converted to I420 when it is not
	sws   *C.struct_SwsContext
	wants wantRing
}

// openLibav opens codec's decoder with one thread.
func openLibav(codec Codec) (*libav, error) {
	var id C.enum_AVCodecID
	switch codec {
	case H264:
		id = C.AV_CODEC_ID_H264
	case H265:
		id = C.AV_CODEC_ID_HEVC
	default:
		return nil, fmt.Errorf("%s: not a libavcodec codec here", codec)
	}
	C.skerry_log_init()
	d := &libav{ctx: C.skerry_open(id)}
	if d.ctx == nil {
		return nil, fmt.Errorf("%s: %s has no decoder for it", codec, libavVersion())
	}
	d.pkt = C.av_packet_alloc()
	d.frame = C.av_frame_alloc()
	d.held = C.av_frame_alloc()
	d.conv = C.av_frame_alloc()
	if d.pkt == nil || d.frame == nil || d.held == nil || d.conv == nil {
		d.close()
		return nil, fmt.Errorf("%s: out of memory", codec)
	}
	return d, nil
}

func (d *libav) close() {
	C.sws_freeContext(d.sws)
	C.av_frame_free(&d.conv)
	C.av_frame_free(&d.held)
	C.av_frame_free(&d.frame)
	C.av_packet_free(&d.pkt)
	C.avcodec_free_context(&d.ctx)
}

// decode feeds one unit. It returns whether a wanted picture is held
// (see planes), or why the unit did not decode cleanly.
func (d *libav) decode(req request) (bool, error) {
	C.skerry_errs_reset()
	C.av_frame_unref(d.held)
	if len(req.Data) == 0 {
		return false, errors.New("empty unit") // an empty packet would mean "end of stream"
	}
	pts := int64(req.PTS)
	d.wants.add(pts, req.Flags&flagWant != 0)
	data := (*C.uint8_t)(unsafe.Pointer(&req.Data[0]))
	key := C.int(0)
	if req.Flags&flagKey != 0 {
		key = 1
	}
	if r := C.skerry_send(d.ctx, d.pkt, data, C.int(len(req.Data)), C.int64_t(pts), key); r < 0 {
		C.avcodec_flush_buffers(d.ctx) // drop what is queued so the next unit goes in
		return false, d.failure("sending the unit", r)
	}
	held, corrupt := false, false
	for {
		r := C.avcodec_receive_frame(d.ctx, d.frame)
		if C.skerry_again(r) != 0 {
			break
		}
		if r < 0 {
			return false, d.failure("receiving a picture", r)
		}
		fpts := int64(C.skerry_pts(d.frame))
		if C.skerry_corrupt(d.frame) != 0 {
			// Never handed out; an error for this unit when it is its own
			// (a reordering decoder may be late with an earlier unit's).
			corrupt = corrupt || fpts == pts
			C.av_frame_unref(d.frame)
			continue
		}
		if d.wants.wanted(fpts) {
			C.av_frame_unref(d.held)
			C.av_frame_move_ref(d.held, d.frame)
			held = true
		} else {
			C.av_frame_unref(d.frame)
		}
	}
	if C.skerry_errors() > 0 || corrupt {
		return false, d.failure("decoding", 0)
	}
	return held, nil
}

// failure describes why a unit failed: libavcodec's return code r (when
// not 0) and the first error it logged.
func (d *libav) failure(doing string, r C.int) error {
	var msgs []string
	if r < 0 {
		var buf [128]C.char
		C.av_strerror(r, &buf[0], C.size_t(len(buf)))
		msgs = append(msgs, C.GoString(&buf[0]))
	}
	if n := int(C.skerry_errors()); n > 0 {
		msg := strings.TrimSpace(C.GoString(C.skerry_error()))
		if n > 1 {
			msg = fmt.Sprintf("%s (and %d more)", msg, n-1)
		}
		msgs = append(msgs, msg)
	}
	if len(msgs) == 0 {
		msgs = append(msgs, "damaged picture")
	}
	return fmt.Errorf("%s: %s", doing, strings.Join(msgs, ": "))
}

// picture returns the held picture's time, size, range and I420 planes
// (which stay valid until the next decode).
func (d *libav) picture() (pts time.Duration, w, h int, full bool, p [3]plane, err error) {
	f := d.held
	full = C.skerry_full(f) != 0
	if f.format != C.AV_PIX_FMT_YUV420P && f.format != C.AV_PIX_FMT_YUVJ420P {
		if r := C.skerry_i420(&d.sws, f, d.conv); r < 0 {
			return 0, 0, 0, false, p, d.failure("converting to I420", r)
		}
		f = d.conv
	}
	w, h = int(f.width), int(f.height)
	for i := range p {
		rows := h
		if i > 0 {
			rows = (h + 1) / 2
		}
		stride := int(f.linesize[i])
		if stride <= 0 || f.data[i] == nil {
			return 0, 0, 0, false, p, fmt.Errorf("picture plane %d missing", i)
		}
		p[i] = plane{Data: unsafe.Slice((*byte)(unsafe.Pointer(f.data[i])), stride*rows), Stride: stride}
	}
	return time.Duration(C.skerry_pts(d.held)), w, h, full, p, nil
}

// wantRing remembers, for the last units, whether their picture is
// wanted: a decoder that reorders hands pictures out a few units late.
type wantRing struct {
	pts  [64]int64
	want [64]bool
	n    int
}

func (r *wantRing) add(pts int64, want bool) {
	i := r.n % len(r.pts)
	r.pts[i], r.want[i] = pts, want
	r.n++
}

func (r *wantRing) wanted(pts int64) bool {
	for k := 1; k <= len(r.pts) && k <= r.n; k++ {
		i := (r.n - k) % len(r.pts)
		if r.pts[i] == pts {
			return r.want[i]
		}
	}
	return false
}
