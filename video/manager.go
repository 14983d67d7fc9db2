package video

import (
	"errors"
	"fmt"

	"skerry/gcs"
)

// streamID names a stream within the station.
type streamID struct {
	vehicle gcs.VehicleID
	key     string
}

// managerState belongs to the manager's goroutine.
type managerState struct {
	streams map[streamID]*stream
	// announced: vehicles whose configured streams were sent to the fleet.
	announced map[gcs.VehicleID]bool
}

// Initialize starts following the fleet's cameras.
func (m *Manager) Initialize() error {
	if m.Events == nil {
		return errors.New("video: Manager.Events is required")
	}
	if m.Transport != TransportAuto && m.Transport != TransportUDP && m.Transport != TransportTCP {
		return fmt.Errorf("video: transport %q: want %q, %q or empty (UDP, then TCP)", m.Transport, TransportUDP, TransportTCP)
	}
	m.setDefaults()
	if m.NewDetector != nil {
		if err := m.startAnalysis(); err != nil {
			return err
		}
	}
	m.reqs = make(chan func(*managerState))
	m.done = make(chan struct{})
	m.finished = make(chan struct{})
	sub := m.Events.Subscribe()
	go m.run(sub)
	return nil
}

// Close stops every stream and waits for them; it may be called more than
// once.
func (m *Manager) Close() {
	if m.done == nil {
		return
	}
	select {
	case <-m.done:
	default:
		close(m.done)
	}
	<-m.finished
	if m.analysis != nil {
		m.analysis.stop()
	}
}

func (m *Manager) run(sub *gcs.EventSub) {
	defer close(m.finished)
	defer sub.Cancel()
	st := &managerState{streams: map[streamID]*stream{}, announced: map[gcs.VehicleID]bool{}}
	defer func() {
		for id, s := range st.streams {
			s.stop()
			delete(st.streams, id)
		}
	}()
	for {
		select {
		case <-sub.C():
			for _, ev := range sub.Next() {
				m.handle(st, ev)
			}
		case req := <-m.reqs:
			req(st)
		case <-m.done:
			return
		}
	}
}

// handle follows one event: a vehicle's streams, or all of them after a
// snapshot.
func (m *Manager) handle(st *managerState, ev gcs.Event) {
	switch e := ev.(type) {
	case gcs.VehicleEvent:
		m.follow(st, e.Vehicle, false)
	case gcs.SnapshotEvent:
		seen := map[gcs.VehicleID]bool{}
		for _, v := range e.Vehicles {
			seen[v.ID] = true
			m.follow(st, v, true)
		}
		for id, s := range st.streams {
			if !seen[id.vehicle] {
				s.stop()
				delete(st.streams, id)
			}
		}
	}
}

// follow starts and stops a vehicle's streams to match its cameras, and
// announces its configured streams when it first appears (or, after a
// snapshot, when its cameras lack them).
func (m *Manager) follow(st *managerState, v *gcs.Vehicle, recheck bool) {
	if urls := m.Configured[v.ID]; len(urls) > 0 && (!st.announced[v.ID] || recheck && !hasManual(v)) {
		st.announced[v.ID] = true
		m.Sink(gcs.Observation{Vehicle: v.ID, Update: gcs.CameraUpdate{Camera: configuredCamera(urls)}})
	}
	want := map[string]string{}
	for _, c := range v.Cameras {
		for _, vs := range c.Streams {
			if vs.Key != "" {
				want[vs.Key] = vs.URI
			}
		}
	}
	for id, s := range st.streams {
		if id.vehicle == v.ID && want[id.key] != s.uri {
			s.stop()
			delete(st.streams, id)
		}
	}
	for key, uri := range want {
		id := streamID{v.ID, key}
		if _, ok := st.streams[id]; !ok {
			st.streams[id] = m.startStream(v.ID, key, uri)
		}
	}
}

// configuredCamera is the camera (component 0) of streams given by hand.
func configuredCamera(urls []string) gcs.VehicleCamera {
	c := gcs.VehicleCamera{Component: 0, Model: "configured"}
	for i, u := range urls {
		c.Streams = append(c.Streams, gcs.VideoStream{Key: fmt.Sprintf("manual%d", i+1), URI: u, Name: fmt.Sprintf("Configured %d", i+1), Source: "configured"})
	}
	return c
}

func hasManual(v *gcs.Vehicle) bool {
	for _, c := range v.Cameras {
		if c.Component == 0 && len(c.Streams) > 0 {
			return true
		}
	}
	return false
}

// stream finds a stream on the manager's goroutine.
func (m *Manager) stream(done <-chan struct{}, id gcs.VehicleID, key string) (*stream, error) {
	if m.reqs == nil {
		return nil, errors.New("video: manager not initialized")
	}
	found := make(chan *stream, 1)
	select {
	case m.reqs <- func(st *managerState) { found <- st.streams[streamID{id, key}] }:
	case <-m.done:
		return nil, gcs.ErrNoStream
	case <-done:
		return nil, errors.New("video: request cancelled")
	}
	if s := <-found; s != nil {
		return s, nil
	}
	return nil, gcs.ErrNoStream
}
