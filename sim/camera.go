package sim

import (
	"context"
	"image"
	"log/slog"
	"math"
	"slices"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"

	"skerry/sim/scene"
)

// camera is the picture side of a vehicle's camera: while at least one
// RTSP reader plays its path it renders frames from the vehicle's true pose
// at the camera's frame rate (wall-clock time), encodes and streams them;
// with no reader it costs nothing. One goroutine (run) owns the renderer and
// the encoder.
type camera struct {
	s     *Sim
	v     *vehicle
	log   *slog.Logger
	cfg   CameraConfig // Codec is the codec in use, after any fallback
	path  string       // RTSP path without the leading slash
	url   string       // set by Start before any goroutine reads it
	world *scene.World

	stream *gortsplib.ServerStream
	media  *description.Media
	h264   *format.H264 // nil for MJPEG

	epoch  time.Time // RTP time 0
	wake   chan struct{}
	truth  atomic.Pointer[FrameTruth]
	stats  camStats
	srLeft atomic.Int32  // frames still to send an RTCP sender report with
	lastSR time.Time     // when the last sender report went (run goroutine only)
	ssrc   atomic.Uint32 // the stream's SSRC, known after the first packet

	readers atomic.Int32
}

// camStats are a camera's counters, safe for concurrent use.
type camStats struct {
	frames   atomic.Int64 // frames rendered and handed to the encoder
	sent     atomic.Int64 // frames (access units) written to the stream
	dropped  atomic.Int64 // frames lost (encoder busy, queue full, bad output)
	restarts atomic.Int64 // encoder (ffmpeg) restarts
	pid      atomic.Int64 // pid of the running ffmpeg child, 0 if none
}

// newCamera returns the camera of vehicle v (not yet streaming).
func newCamera(s *Sim, v *vehicle, world *scene.World) *camera {
	return &camera{s: s, v: v, cfg: s.cfg.Camera, world: world, path: camPath(v.link.idx, v.sysid),
		log: s.log.With("camera", camPath(v.link.idx, v.sysid)), epoch: time.Now(), wake: make(chan struct{}, 1)}
}

// info describes the camera.
func (c *camera) info() CameraInfo {
	return CameraInfo{Vehicle: c.v.index, Link: c.v.link.idx, SystemID: c.v.sysid, Component: compCamera,
		URL: c.url, Codec: c.cfg.Codec, Width: c.cfg.Width, Height: c.cfg.Height, FPS: c.cfg.FPS, HFOV: c.cfg.HFOV}
}

// poke wakes the run goroutine after the reader count changed.
func (c *camera) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// addReader and removeReader count the RTSP readers playing the path.
func (c *camera) addReader() {
	c.readers.Add(1)
	c.srLeft.Store(srFrames)
	c.poke()
}

func (c *camera) removeReader() {
	c.readers.Add(-1)
	c.poke()
}

// run waits for readers and streams while there are some.
func (c *camera) run(ctx context.Context) {
	defer c.s.wg.Done()
	for {
		for c.readers.Load() <= 0 {
			select {
			case <-ctx.Done():
				return
			case <-c.wake:
			}
		}
		c.log.Info("streaming", "codec", c.cfg.Codec, "readers", c.readers.Load())
		c.produce(ctx)
		c.log.Info("idle")
	}
}

// produce renders and encodes frames until the last reader leaves.
func (c *camera) produce(ctx context.Context) {
	enc := c.newEncoder(ctx)
	defer enc.close()
	r := scene.NewRenderer(c.world, c.cfg.Width, c.cfg.Height)
	img := r.NewFrame()
	t := time.NewTicker(c.cfg.framePeriod())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if c.readers.Load() <= 0 {
			return
		}
		captured := time.Now()
		c.render(r, img, captured)
		c.stats.frames.Add(1)
		enc.encode(img, captured)
	}
}

// frameEncoder encodes rendered frames onto the camera's stream.
type frameEncoder interface {
	encode(img *image.YCbCr, captured time.Time)
	close()
}

// newEncoder returns the encoder of the camera's codec.
func (c *camera) newEncoder(ctx context.Context) frameEncoder {
	if c.cfg.Codec == CodecH264 {
		return newH264Encoder(ctx, c)
	}
	return newMJPEGEncoder(c)
}

// render draws the frame the camera sees at captured and publishes its
// ground truth.
func (c *camera) render(r *scene.Renderer, img *image.YCbCr, captured time.Time) {
	simT := c.s.simNow(captured)
	pose := c.pose(simT)
	vessels := r.Render(img, pose, simT, captured)
	ft := &FrameTruth{Vehicle: c.v.index, Link: c.v.link.idx, SystemID: c.v.sysid, Captured: captured,
		SimTime: simT, Pose: pose, Width: c.cfg.Width, Height: c.cfg.Height, Vessels: slices.Clone(vessels)}
	c.truth.Store(ft)
	if c.s.cfg.OnTruth != nil {
		c.s.cfg.OnTruth(*ft)
	}
}

// pose copies the vehicle's true pose and gimbal attitude under its lock,
// extrapolated from the last physics step to simulated time simT.
func (c *camera) pose(simT time.Duration) scene.Pose {
	v := c.v
	v.mu.Lock()
	v.cam.gimbal.advance(simT, v.gimbalPose())
	st, g := v.st, v.cam.gimbal
	vt := v.t
	v.mu.Unlock()
	dt := clamp((simT - vt).Seconds(), 0, 0.1)
	lat, lon := offsetLatLon(st.lat, st.lon, st.vn*dt, st.ve*dt)
	heading := math.Mod(st.yaw*180/math.Pi+360, 360)
	return scene.Pose{Lat: lat, Lon: lon, Alt: st.alt + st.vu*dt, Heading: heading,
		GimbalPitch: g.pitch, GimbalYaw: g.yaw, HFOV: c.cfg.HFOV}
}

// rtpTime is the 90 kHz RTP timestamp of a capture time.
func (c *camera) rtpTime(captured time.Time) uint32 {
	return uint32(captured.Sub(c.epoch).Nanoseconds() * 9 / 100_000)
}

// srFrames is how many frames after a reader joins carry an RTCP sender
// report, so readers need not wait for the periodic one.
const srFrames = 3

// srPeriod is how often a playing camera sends a sender report after
// those (RFC 3550 asks for about every 5 s; cameras send them more often).
const srPeriod = 2 * time.Second

// emit writes one frame's packets with the RTP time of its capture and the
// capture time as NTP time (RTCP sender reports map one to the other). A
// sender report due goes before the packets, once the SSRC is known.
func (c *camera) emit(pkts []*rtp.Packet, captured time.Time) {
	ts := c.rtpTime(captured)
	sr := c.srLeft.Load() > 0 || captured.Sub(c.lastSR) >= srPeriod
	if sr && c.ssrc.Load() != 0 {
		c.senderReport(ts, captured)
		sr = false
	}
	for _, p := range pkts {
		p.Timestamp = ts
		if err := c.stream.WritePacketRTPWithNTP(c.media, p, captured); err != nil {
			c.stats.dropped.Add(1)
			return
		}
		c.ssrc.Store(p.SSRC) // set by the stream
	}
	c.stats.sent.Add(1)
	if sr && c.ssrc.Load() != 0 {
		c.senderReport(ts, captured)
	}
}

// senderReport sends an RTCP sender report mapping RTP time ts to captured.
func (c *camera) senderReport(ts uint32, captured time.Time) {
	if c.srLeft.Load() > 0 {
		c.srLeft.Add(-1)
	}
	c.lastSR = captured
	sr := &rtcp.SenderReport{SSRC: c.ssrc.Load(), NTPTime: ntpTime(captured), RTPTime: ts}
	_ = c.stream.WritePacketRTCP(c.media, sr)
}

// ntpTime converts a time to RTCP's 64-bit NTP timestamp (RFC 3550 §4):
// seconds since 1900 in the high 32 bits, the fraction of a second in
// units of 2^-32 in the low 32 bits. gortsplib v4.16.2 writes nanoseconds
// there instead (its issue #869), so the server's own sender reports are
// off (Server.DisableRTCPSenderReports) and the camera sends these.
func ntpTime(t time.Time) uint64 {
	sec := uint64(t.Unix() + 2208988800)
	frac := uint64(t.Nanosecond()) << 32 / 1_000_000_000
	return sec<<32 | frac
}
