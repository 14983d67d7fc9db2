package video

import (
	"context"

	"skerry/gcs"
)

// viewer is one Watch subscription. It belongs to its stream's hub.
type viewer struct {
	ch chan gcs.VideoUnit
	// waitKey: the viewer starts, or lost a frame, and waits for the next
	// key frame (the frames between would not decode).
	waitKey bool
	lost    uint64
	closed  bool
}

// offer queues u for the viewer without ever blocking: a full queue loses
// u and the frames up to the next key frame.
func (v *viewer) offer(u gcs.VideoUnit) {
	if v.waitKey && !u.Key {
		return
	}
	select {
	case v.ch <- u:
		v.waitKey = false
	default:
		v.waitKey = true
		v.lost++
	}
}

func (v *viewer) close() {
	if !v.closed {
		v.closed = true
		close(v.ch)
	}
}

// watch adds a viewer that starts at the next key frame; its channel
// closes when ctx ends or the stream does.
func (s *stream) watch(ctx context.Context) (<-chan gcs.VideoUnit, bool) {
	v := &viewer{ch: make(chan gcs.VideoUnit, s.m.ViewerQueue), waitKey: true}
	if !s.do(ctx, func(h *hubState) { h.viewers[v] = struct{}{} }) {
		return nil, false
	}
	go func() {
		select {
		case <-ctx.Done():
		case <-s.done:
			return // the hub closed it
		}
		s.do(context.Background(), func(h *hubState) {
			delete(h.viewers, v)
			v.close()
		})
	}()
	return v.ch, true
}
