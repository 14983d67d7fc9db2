package track

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/video/detect"
)

// FuzzGeolocate: any pose and box either place a point with a finite
// error or say they cannot; nothing panics.
func FuzzGeolocate(f *testing.F) {
	f.Add(36.1, -5.4, 120.0, 30.0, -45.0, 0.0, 70.0, 600.0, 300.0, 40.0, 20.0, 1280, 720)
	f.Add(36.1, -5.4, 60.0, 0.0, -90.0, 0.0, 70.0, 0.0, 0.0, 1280.0, 720.0, 1280, 720)
	f.Add(89.9, 179.9, 1.0, 359.0, 10.0, 45.0, 179.0, -5.0, -5.0, 0.0, 0.0, 1, 1)
	f.Add(0.0, 0.0, -5.0, 0.0, -90.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0, -1)
	f.Add(math.NaN(), 0.0, 100.0, math.Inf(1), -90.0, 0.0, 70.0, 1.0, 1.0, 1.0, 1.0, 10, 10)
	f.Fuzz(func(t *testing.T, lat, lon, alt, yaw, pitch, roll, hfov, x, y, w, h float64, width, height int) {
		p := gcs.CameraPose{Lat: lat, Lon: lon, AltAMSL: alt, Yaw: yaw, Pitch: pitch, Roll: roll, HFOV: hfov}
		fx, ok := Geolocate(p, detect.Box{X: x, Y: y, W: w, H: h}, width, height, DefaultPoseError)
		if !ok {
			return
		}
		require.True(t, finite(fx.Lat, fx.Lon, fx.ErrorM, fx.Range, fx.Length), "%+v", fx)
		require.GreaterOrEqual(t, fx.ErrorM, 0.0)
		require.GreaterOrEqual(t, fx.Length, 0.0)
	})
}

// FuzzTracker feeds frames decoded from bytes (each detection 5 float64s:
// lat, lon, error, box x, score; each frame a time step and a stream):
// the tracker never panics and reports finite contacts.
func FuzzTracker(f *testing.F) {
	seed := func(vals ...float64) []byte {
		var b []byte
		for _, v := range vals {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add([]byte{}, uint8(3))
	f.Add(seed(36.1, -5.4, 3, 10, 0.9, 36.1, -5.4, 3, 10, 0.9, 36.1, -5.4, 3, 10, 0.9, 36.1, -5.4, 3, 10, 0.9), uint8(1))
	f.Add(seed(math.NaN(), 1e308, -1, math.Inf(1), 2, 91, 0, 0, 0, 0, 36, 200, 1e300, 0, 0), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, perFrame uint8) {
		tr := NewTracker(Config{})
		n := int(perFrame%4) + 1
		now := t0
		pose := &gcs.CameraPose{Lat: 36.1, Lon: -5.4, AltAMSL: 100, Pitch: -90, HFOV: 70}
		for k := 0; len(data) >= 40; k++ {
			fr := Frame{Vehicle: "d", Stream: string(rune('a' + k%2)), Width: 100, Height: 100, Pose: pose}
			now = now.Add(time.Duration(int64(binary.LittleEndian.Uint16(data))-20000) * time.Millisecond)
			fr.Captured = now
			for range n {
				if len(data) < 40 {
					break
				}
				v := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:])) }
				fr.Detections = append(fr.Detections, Detection{Placed: true, Box: detect.Box{X: v(3), W: 5, H: 5, Score: v(4)},
					Fix: Fix{Lat: v(0), Lon: v(1), ErrorM: v(2)}})
				data = data[40:]
			}
			d, ups := tr.Add(fr)
			require.Len(t, d.Boxes, len(fr.Detections))
			for _, b := range d.Boxes {
				require.True(t, b.Score >= 0 && b.Score <= 1, "%+v", b)
			}
			for _, u := range ups {
				v := u.Vessel
				require.True(t, finite(v.Lat, v.Lon, v.ErrorM, v.Score), "%+v", v)
			}
		}
	})
}
