package track

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

var t0 = time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)

func vehicleAt(at time.Time, lat, yaw, pitch float64) *gcs.Vehicle {
	return &gcs.Vehicle{ID: "d1", LastSeen: at, HasPosition: true,
		Position: gcs.Position{Lat: lat, Lon: -5.4, AltAMSL: 120},
		Attitude: gcs.Attitude{Roll: 0, Pitch: 0, Yaw: gcs.Reading(yaw)},
		Gimbal:   &gcs.Gimbal{Component: 154, Pitch: gcs.Reading(pitch), Yaw: 0, YawEarth: gcs.Reading(yaw)},
		Cameras: []gcs.VehicleCamera{{Component: 100, HFOV: 60, Streams: []gcs.VideoStream{
			{Key: "c100s1", HFOV: 70}, {Key: "c100s2"}}}}}
}

func TestPoseHistory(t *testing.T) {
	var h PoseHistory
	h.Observe(vehicleAt(t0, 36.1, 350, -45), t0)
	h.Observe(vehicleAt(t0.Add(250*time.Millisecond), 36.1001, 10, -55), t0)
	cases := []struct {
		name       string
		stream     string
		at         time.Duration
		ok         bool
		yaw, pitch float64
		lat, hfov  float64
		age        time.Duration
	}{
		{"midway, yaw across north", "c100s1", 125 * time.Millisecond, true, 0, -50, 36.10005, 70, 62500 * time.Microsecond},
		{"at a report", "c100s1", 0, true, 350, -45, 36.1, 70, 0},
		{"after the newest: held", "c100s1", time.Second, true, 10, -55, 36.1001, 70, 750 * time.Millisecond},
		{"before the oldest: held", "c100s1", -time.Second, true, 350, -45, 36.1, 70, time.Second},
		{"the camera's field of view", "c100s2", 0, true, 350, -45, 36.1, 60, 0},
		{"unknown stream", "nope", 0, false, 0, 0, 0, 0, 0},
		{"too long after the newest", "c100s1", 3 * time.Second, false, 0, 0, 0, 0, 0},
		{"too long before the oldest", "c100s1", -3 * time.Second, false, 0, 0, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := h.PoseAt("d1", c.stream, t0.Add(c.at), 1280, 720)
			require.Equal(t, c.ok, ok)
			if !ok {
				return
			}
			require.InDelta(t, 0, angleDiff(p.Camera.Yaw, c.yaw), 1e-6)
			require.InDelta(t, c.pitch, p.Camera.Pitch, 1e-6)
			require.InDelta(t, c.lat, p.Camera.Lat, 1e-9)
			require.Equal(t, c.hfov, p.Camera.HFOV)
			require.InDelta(t, 1280.0/720, p.Camera.Aspect, 1e-9)
			require.Equal(t, c.age, p.Age)
			require.GreaterOrEqual(t, p.Error.Attitude, DefaultPoseError.Attitude)
		})
	}
	// A slewing camera held for long is more uncertain than a fresh one.
	late, _ := h.PoseAt("d1", "c100s1", t0.Add(time.Second), 1280, 720)
	fresh, _ := h.PoseAt("d1", "c100s1", t0, 1280, 720)
	require.Greater(t, late.Error.Attitude, fresh.Error.Attitude+10)

	_, ok := h.PoseAt("d2", "c100s1", t0, 1280, 720)
	require.False(t, ok, "unknown vehicle")
	h.Observe(&gcs.Vehicle{ID: "d3"}, t0) // no position: nothing kept
	_, ok = h.PoseAt("d3", "c100s1", t0, 1280, 720)
	require.False(t, ok)
}

// TestPoseHistoryWindow keeps a bounded history.
func TestPoseHistoryWindow(t *testing.T) {
	h := PoseHistory{Window: time.Second}
	for i := range 100 {
		at := t0.Add(time.Duration(i) * 100 * time.Millisecond)
		h.Observe(vehicleAt(at, 36.1, 0, -90), at)
	}
	require.LessOrEqual(t, len(h.vehicles["d1"].at), 12)
}
