package track

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim/scene"
	"skerry/video/detect"
)

const simHFOV = 70 // the simulator's default camera

func loadWorld(t testing.TB) *scene.World {
	t.Helper()
	data, err := os.ReadFile("../../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	w, err := scene.NewWorld(data, 1)
	require.NoError(t, err)
	return w
}

// geoSample is one truth box geolocated.
type geoSample struct {
	err, sigma, length, trueLength float64
}

// geolocateTruth renders n frames with one vessel at a random place in
// view from a camera at alt and pitch, and geolocates the truth box.
//
// With noisy, the pose used for geolocation is off the true one by
// DefaultPoseError (normal, one sigma): attitude, height and position.
func geolocateTruth(t testing.TB, w *scene.World, r *scene.Renderer, alt, pitch float64, n int, seed uint64, noisy bool) []geoSample {
	rng := rand.New(rand.NewPCG(seed, 7))
	img := r.NewFrame()
	var out []geoSample
	for tries := 0; len(out) < n && tries < n*5; tries++ {
		simT := time.Duration(rng.IntN(1200)) * time.Second
		vs := w.Vessels(simT)
		v := vs[rng.IntN(len(vs))]
		heading := rng.Float64() * 360
		ahead := alt / math.Tan(-pitch*degToRad) // the view's centre on the sea
		along := ahead + (rng.Float64()-0.5)*0.6*alt
		across := (rng.Float64() - 0.5) * 0.8 * alt
		// The drone sits behind the vessel along its heading.
		h := heading * degToRad
		dn := -(along*math.Cos(h) - across*math.Sin(h))
		de := -(along*math.Sin(h) + across*math.Cos(h))
		lat, lon := newLocal(v.Lat, v.Lon).latLon(de, dn)
		pose := scene.Pose{Lat: lat, Lon: lon, Alt: alt, Heading: heading, GimbalPitch: pitch, HFOV: simHFOV}
		truth := r.Render(img, pose, simT, time.Time{})
		i := slices.IndexFunc(truth, func(tr scene.Truth) bool { return tr.VesselID == v.ID })
		if i < 0 {
			continue
		}
		b := truth[i].Box
		if b.Min.X <= 0 || b.Min.Y <= 0 || b.Max.X >= img.Rect.Dx() || b.Max.Y >= img.Rect.Dy() {
			continue // cut by the frame's edge
		}
		cp := gcs.CameraPose{Lat: lat, Lon: lon, AltAMSL: alt, Yaw: heading, Pitch: pitch, HFOV: simHFOV}
		if noisy {
			e := DefaultPoseError
			cp.Pitch = math.Max(-90, cp.Pitch+rng.NormFloat64()*e.Attitude)
			cp.Yaw += rng.NormFloat64() * e.Attitude
			cp.AltAMSL += rng.NormFloat64() * e.Altitude
			cp.Lat, cp.Lon = newLocal(lat, lon).latLon(rng.NormFloat64()*e.Position, rng.NormFloat64()*e.Position)
		}
		box := detect.Box{X: float64(b.Min.X), Y: float64(b.Min.Y), W: float64(b.Dx()), H: float64(b.Dy()), Score: 1}
		f, ok := Geolocate(cp, box, img.Rect.Dx(), img.Rect.Dy(), DefaultPoseError)
		require.True(t, ok, "pose %+v box %v", pose, b)
		out = append(out, geoSample{err: Distance(f.Lat, f.Lon, v.Lat, v.Lon), sigma: f.ErrorM, length: f.Length, trueLength: v.Length})
	}
	require.Len(t, out, n, "vessels in view")
	return out
}

func percentile(xs []float64, p float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[int(math.Round(p*float64(len(s)-1)))]
}

// TestGeolocateAgainstTruth projects the simulator's truth boxes with the
// exact pose (the error is the method's: the contact point within the box
// and the flat projection), then with a pose off by DefaultPoseError
// (what a real autopilot's telemetry adds), and reports median and 90th-percentile errors,
// the length estimate's and how often the truth lies within 2 sigma.
func TestGeolocateAgainstTruth(t *testing.T) {
	w := loadWorld(t)
	r := scene.NewRenderer(w, 1280, 720)
	cases := []struct {
		alt, pitch float64
		noisy      bool
		maxMedian  float64 // the target at 120 m and 45°; a sanity bound elsewhere
	}{
		{60, -45, false, 15},
		{120, -45, false, 15},
		{60, -90, false, 15},
		{120, -90, false, 15},
		{120, -20, false, 60},
		{60, -45, true, 15},
		{120, -45, true, 15},
		{60, -90, true, 15},
		{120, -90, true, 15},
		{120, -20, true, 60},
	}
	for _, c := range cases {
		s := geolocateTruth(t, w, r, c.alt, c.pitch, 60, uint64(c.alt)*1000+uint64(-c.pitch), c.noisy)
		var errs, lenErrs []float64
		within := 0
		for _, g := range s {
			errs = append(errs, g.err)
			lenErrs = append(lenErrs, math.Abs(g.length-g.trueLength)/g.trueLength)
			if g.err <= 2*g.sigma {
				within++
			}
		}
		med, p90 := percentile(errs, 0.5), percentile(errs, 0.9)
		t.Logf("noisy pose %-5v alt %3.0f m pitch %3.0f°: error median %5.1f m, p90 %5.1f m; length error median %3.0f%%, p90 %3.0f%%; within 2σ %d/%d",
			c.noisy, c.alt, c.pitch, med, p90, 100*percentile(lenErrs, 0.5), 100*percentile(lenErrs, 0.9), within, len(s))
		require.Less(t, med, c.maxMedian)
	}
}
