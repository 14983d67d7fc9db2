package video

import (
	"context"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/formats/fmp4"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/videotest"
)

// TestClipShowsTheSighting: a clip asked around a capture time (as a
// sighting's At) holds exactly the frames the stream delivered with those
// capture times, the sighted frame among them at its time in the clip.
// MJPEG: every frame is a key frame and a clip's samples are the JPEGs
// as they came.
func TestClipShowsTheSighting(t *testing.T) {
	r := newRig(t, map[gcs.VehicleID][]string{"v1": {videotest.NewMJPEG(t).URL}}, func(m *Manager) { m.Transport = TransportTCP })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := r.watch(ctx, "v1", "manual1")
	var seen []gcs.VideoUnit
	next := func() gcs.VideoUnit {
		select {
		case u := <-ch:
			if len(seen) > 0 {
				require.Equal(t, seen[len(seen)-1].Seq+1, u.Seq, "the viewer lost no frame")
			}
			seen = append(seen, u)
			return u
		case <-time.After(10 * time.Second):
			t.Fatal("no unit came")
		}
		return gcs.VideoUnit{}
	}
	for range 2 * videotest.FPS { // past the capture clock's early switch to the camera's time
		next()
	}
	sighting := next()
	from, to := sighting.Captured.Add(-400*time.Millisecond), sighting.Captured.Add(400*time.Millisecond)
	for next().Captured.Before(to.Add(100 * time.Millisecond)) {
	}
	data, _, err := r.m.Clip(ctx, "v1", "manual1", from, to)
	require.NoError(t, err)

	// What the clip should hold: from the last frame at or before from to
	// the last at or before to.
	first, last := -1, -1
	for i, u := range seen {
		if !u.Captured.After(from) {
			first = i
		}
		if !u.Captured.After(to) {
			last = i
		}
	}
	require.GreaterOrEqual(t, first, 0)
	want := seen[first : last+1]

	var parts fmp4.Parts
	require.NoError(t, parts.Unmarshal(data))
	var samples []*fmp4.Sample
	var starts []uint64 // each sample's time in the clip, 90 kHz
	for _, p := range parts {
		require.Len(t, p.Tracks, 1)
		at := p.Tracks[0].BaseTime
		for _, s := range p.Tracks[0].Samples {
			samples, starts = append(samples, s), append(starts, at)
			at += uint64(s.Duration)
		}
	}
	require.Len(t, samples, len(want))
	for i, u := range want {
		require.Equal(t, u.Data, samples[i].Payload, "frame %d of the clip", i)
		if u.Seq == sighting.Seq {
			clipAt := time.Duration(starts[i]) * time.Second / 90000
			t.Logf("the sighting is frame %d of %d, at %s in the clip (%s after its first frame's capture)",
				i, len(want), clipAt, sighting.Captured.Sub(want[0].Captured))
			require.InDelta(t, sighting.Captured.Sub(want[0].Captured).Seconds(), clipAt.Seconds(), 0.1)
		}
	}
}
