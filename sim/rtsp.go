package sim

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
)

// rtspServer is the simulator's RTSP server: one path per camera,
// rtsp://HOST:PORT/<link>-<sysid>/cam, read-only, RTP over the RTSP
// connection (TCP interleaved; clients that try UDP first are told to use
// TCP). Its handler methods run on gortsplib's goroutines and never block:
// they look cameras up under a short lock and count readers atomically.
type rtspServer struct {
	log  *slog.Logger
	srv  *gortsplib.Server
	addr net.Addr // bound listener address

	mu      sync.Mutex
	cams    map[string]*camera // path -> camera whose stream is ready
	playing map[*gortsplib.ServerSession]*camera
}

// startRTSP listens on address; cameras are served once added.
func startRTSP(log *slog.Logger, address string) (*rtspServer, error) {
	r := &rtspServer{log: log.With("component", "rtsp"), cams: map[string]*camera{},
		playing: map[*gortsplib.ServerSession]*camera{}}
	r.srv = &gortsplib.Server{Handler: r, RTSPAddress: address, WriteQueueSize: 1024,
		DisableRTCPSenderReports: true, // the cameras send RFC 3550 ones (see ntpTime)
		Listen: func(network, addr string) (net.Listener, error) {
			ln, err := net.Listen(network, addr) // called within Start
			if err == nil {
				r.addr = ln.Addr()
			}
			return ln, err
		}}
	if err := r.srv.Start(); err != nil {
		return nil, fmt.Errorf("sim: rtsp server: %w", err)
	}
	return r, nil
}

// urlBase returns "rtsp://HOST:PORT/" for the bound address, with host
// replacing the listen host when given (or 127.0.0.1 for an unspecified
// listen address).
func (r *rtspServer) urlBase(host string) string {
	ta, _ := r.addr.(*net.TCPAddr)
	if ta == nil {
		return "rtsp://" + r.addr.String() + "/"
	}
	if host == "" {
		host = ta.IP.String()
		if ta.IP.IsUnspecified() {
			host = "127.0.0.1"
		}
	}
	return fmt.Sprintf("rtsp://%s/", net.JoinHostPort(host, fmt.Sprint(ta.Port)))
}

// h264PayloadType is the dynamic RTP payload type of H.264 streams.
const h264PayloadType = 96

// newStream creates a camera's ServerStream with its one video media.
func (r *rtspServer) newStream(c *camera, sps, pps []byte) error {
	var f format.Format
	if c.cfg.Codec == CodecH264 {
		c.h264 = &format.H264{PayloadTyp: h264PayloadType, PacketizationMode: 1, SPS: sps, PPS: pps}
		f = c.h264
	} else {
		f = mjpegFormat()
	}
	c.media = &description.Media{Type: description.MediaTypeVideo, Formats: []format.Format{f}}
	c.stream = &gortsplib.ServerStream{Server: r.srv, Desc: &description.Session{Title: "skerry-sim " + c.path, Medias: []*description.Media{c.media}}}
	if err := c.stream.Initialize(); err != nil {
		return err
	}
	r.mu.Lock()
	r.cams[c.path] = c
	r.mu.Unlock()
	return nil
}

// close stops the server and the streams.
func (r *rtspServer) close() {
	r.srv.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.cams {
		c.stream.Close()
	}
}

// camera returns the camera of an RTSP path, or nil.
func (r *rtspServer) camera(path string) *camera {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cams[strings.Trim(path, "/")]
}

// OnDescribe implements gortsplib.ServerHandlerOnDescribe.
func (r *rtspServer) OnDescribe(ctx *gortsplib.ServerHandlerOnDescribeCtx) (*base.Response, *gortsplib.ServerStream, error) {
	c := r.camera(ctx.Path)
	if c == nil {
		return &base.Response{StatusCode: base.StatusNotFound}, nil, nil
	}
	return &base.Response{StatusCode: base.StatusOK}, c.stream, nil
}

// OnSetup implements gortsplib.ServerHandlerOnSetup.
func (r *rtspServer) OnSetup(ctx *gortsplib.ServerHandlerOnSetupCtx) (*base.Response, *gortsplib.ServerStream, error) {
	c := r.camera(ctx.Path)
	if c == nil {
		return &base.Response{StatusCode: base.StatusNotFound}, nil, nil
	}
	return &base.Response{StatusCode: base.StatusOK}, c.stream, nil
}

// OnPlay implements gortsplib.ServerHandlerOnPlay: the first reader
// starts the camera.
func (r *rtspServer) OnPlay(ctx *gortsplib.ServerHandlerOnPlayCtx) (*base.Response, error) {
	c := r.camera(ctx.Path)
	if c == nil {
		return &base.Response{StatusCode: base.StatusNotFound}, nil
	}
	r.mu.Lock()
	if _, ok := r.playing[ctx.Session]; !ok {
		r.playing[ctx.Session] = c
		c.addReader()
	}
	r.mu.Unlock()
	return &base.Response{StatusCode: base.StatusOK}, nil
}

// OnPause implements gortsplib.ServerHandlerOnPause.
func (r *rtspServer) OnPause(ctx *gortsplib.ServerHandlerOnPauseCtx) (*base.Response, error) {
	r.stopReader(ctx.Session)
	return &base.Response{StatusCode: base.StatusOK}, nil
}

// OnSessionClose implements gortsplib.ServerHandlerOnSessionClose: the
// last reader leaving stops the camera.
func (r *rtspServer) OnSessionClose(ctx *gortsplib.ServerHandlerOnSessionCloseCtx) {
	r.stopReader(ctx.Session)
}

// stopReader forgets a playing session.
func (r *rtspServer) stopReader(ss *gortsplib.ServerSession) {
	r.mu.Lock()
	c, ok := r.playing[ss]
	delete(r.playing, ss)
	r.mu.Unlock()
	if ok {
		c.removeReader()
	}
}
