package video

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"skerry/gcs"
	"skerry/video/track"
)

// ContactSink receives what vessel analysis finds: the contacts' new
// states (rate-limited per contact) and every analysed frame's boxes.
// *gcs.Vessels implements it. Its methods must not block for long: the
// tracker's goroutine calls them.
type ContactSink interface {
	Update(gcs.VesselUpdate)
	Detected(gcs.Detections)
}

// analysis is the vessel pipeline shared by the streams: the pose
// history and the tracker, owned by its goroutine (run). Each stream's
// analysis goroutine runs its own detector (an analyst) and asks it for
// poses and hands it detections.
type analysis struct {
	events *gcs.Events
	sink   ContactSink
	now    func() time.Time

	hist    track.PoseHistory
	tracker *track.Tracker
	// onLand and shoreEdge count detections dropped as land (the
	// streams' analysts add to them; see AnalysisStats).
	onLand, shoreEdge atomic.Uint64

	poses  chan poseReq
	frames chan track.Frame
	done   chan struct{}
	ended  chan struct{}
}

// poseReq asks for a stream's camera pose at a capture time.
type poseReq struct {
	vehicle       gcs.VehicleID
	stream        string
	at            time.Time
	width, height int
	reply         chan poseAnswer
}

type poseAnswer struct {
	pose track.Pose
	ok   bool
}

// startAnalysis starts the pipeline's goroutine (m's defaults are set).
func (m *Manager) startAnalysis() error {
	if m.Contacts == nil {
		return errors.New("video: Manager.NewDetector needs Manager.Contacts")
	}
	cfg := m.Tracking
	if cfg.IDPrefix == "" {
		// Contacts of this run never take the ids of an earlier run's,
		// which the store keeps: "v" and the start time, base 36.
		cfg.IDPrefix = "v" + strconv.FormatInt(m.Now().Unix(), 36) + "-"
	}
	a := &analysis{events: m.Events, sink: m.Contacts, now: m.Now,
		hist: track.PoseHistory{Base: m.PoseError}, tracker: track.NewTracker(cfg),
		poses: make(chan poseReq), frames: make(chan track.Frame),
		done: make(chan struct{}), ended: make(chan struct{})}
	m.analysis = a
	sub := m.Events.Subscribe()
	go a.run(sub)
	return nil
}

// stop ends the pipeline's goroutine and waits for it; it may be called
// more than once (from one goroutine).
func (a *analysis) stop() {
	select {
	case <-a.done:
	default:
		close(a.done)
	}
	<-a.ended
}

// run owns the pose history and the tracker.
func (a *analysis) run(sub *gcs.EventSub) {
	defer close(a.ended)
	defer sub.Cancel()
	for {
		select {
		case <-sub.C():
			for _, ev := range sub.Next() {
				a.observe(ev)
			}
		case r := <-a.poses:
			p, ok := a.hist.PoseAt(r.vehicle, r.stream, r.at, r.width, r.height)
			r.reply <- poseAnswer{p, ok}
		case f := <-a.frames:
			d, ups := a.tracker.Add(f)
			a.sink.Detected(d)
			for _, u := range ups {
				a.sink.Update(u)
			}
		case <-a.done:
			return
		}
	}
}

// observe keeps the vehicles' poses.
func (a *analysis) observe(ev gcs.Event) {
	switch e := ev.(type) {
	case gcs.VehicleEvent:
		a.hist.Observe(e.Vehicle, a.now())
	case gcs.SnapshotEvent:
		for _, v := range e.Vehicles {
			a.hist.Observe(v, a.now())
		}
	}
}

// pose asks the pipeline for a camera's pose; false when unknown or the
// pipeline or ctx ended.
func (a *analysis) pose(ctx context.Context, vehicle gcs.VehicleID, stream string, at time.Time, w, h int) (track.Pose, bool) {
	r := poseReq{vehicle, stream, at, w, h, make(chan poseAnswer, 1)}
	select {
	case a.poses <- r:
	case <-a.done:
		return track.Pose{}, false
	case <-ctx.Done():
		return track.Pose{}, false
	}
	ans := <-r.reply
	return ans.pose, ans.ok
}

// track hands a frame's detections to the tracker.
func (a *analysis) track(ctx context.Context, f track.Frame) {
	select {
	case a.frames <- f:
	case <-a.done:
	case <-ctx.Done():
	}
}
