package gcs_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

// FuzzVesselUpdate: whatever the tracker reports, Vessels neither panics
// nor keeps what CheckVesselUpdate refuses, and what it keeps encodes as
// JSON.
func FuzzVesselUpdate(f *testing.F) {
	f.Add("v1", 36.1, -5.4, 8.0, 0.8, 3.0, 90.0, 12.0, int64(0), int64(0), []byte("\xff\xd8\xff\xe0x"))
	f.Add("", math.NaN(), math.Inf(1), -1.0, 2.0, -3.0, 400.0, 0.0, int64(-1), int64(5), []byte(nil))
	f.Add("a/b", 91.0, 181.0, 1e12, math.NaN(), 1e9, math.NaN(), math.NaN(), int64(1<<62), int64(0), []byte("GIF89a"))
	f.Fuzz(func(t *testing.T, id string, lat, lon, errM, score, speed, course, length float64, firstOff, lastOff int64, snap []byte) {
		base := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
		u := gcs.VesselUpdate{Vessel: gcs.Vessel{ID: gcs.VesselID(id), Lat: lat, Lon: lon, ErrorM: errM, Score: score,
			Speed: gcs.Reading(speed), Course: gcs.Reading(course), Length: gcs.Reading(length),
			FirstSeen: base.Add(time.Duration(firstOff)), LastSeen: base.Add(time.Duration(lastOff))}, Snapshot: snap}
		check := u
		valid := gcs.CheckVesselUpdate(&check) == nil

		vs := &gcs.Vessels{Store: &gcstest.VesselStore{}, Events: &gcs.Events{}}
		require.NoError(t, vs.Initialize())
		defer vs.Close()
		vs.Update(u)
		list, err := vs.List(context.Background())
		require.NoError(t, err)
		if !valid {
			require.Empty(t, list)
			require.Equal(t, uint64(1), vs.Stats().Invalid)
			return
		}
		require.Len(t, list, 1)
		_, err = json.Marshal(list[0])
		require.NoError(t, err)
		got, err := vs.Get(context.Background(), gcs.VesselID(id))
		require.NoError(t, err)
		require.Len(t, got.Track, 1)
	})
}

// FuzzDetections: what CheckDetections takes encodes as JSON and every
// box lies inside its frame.
func FuzzDetections(f *testing.F) {
	f.Add("sim1-1", "c100s1", 1280, 720, 100, 200, 40, 16, 0.9, "v1")
	f.Add("", "", -1, 0, -5, -5, 0, 0, math.NaN(), "../x")
	f.Add("a", "b", 1<<30, 1<<30, math.MaxInt-1, 1, 2, 2, 0.5, "")
	f.Fuzz(func(t *testing.T, vehicle, stream string, w, h, x, y, bw, bh int, score float64, vessel string) {
		d := gcs.Detections{Vehicle: gcs.VehicleID(vehicle), Stream: stream, Width: w, Height: h,
			Boxes: []gcs.DetectionBox{{X: x, Y: y, W: bw, H: bh, Score: score, Vessel: gcs.VesselID(vessel)}}}
		ev := &gcs.Events{}
		sub := ev.Subscribe()
		defer sub.Cancel()
		sub.Next()
		vs := &gcs.Vessels{Events: ev}
		require.NoError(t, vs.Initialize())
		defer vs.Close()
		vs.Detected(d)
		evs := sub.Next()
		if gcs.CheckDetections(&d) != nil {
			require.Empty(t, evs)
			return
		}
		require.Len(t, evs, 1)
		b := d.Boxes[0]
		require.True(t, b.X >= 0 && b.Y >= 0 && b.X+b.W <= w && b.Y+b.H <= h)
		_, err := json.Marshal(evs[0].(gcs.DetectionsEvent).Detections)
		require.NoError(t, err)
	})
}
