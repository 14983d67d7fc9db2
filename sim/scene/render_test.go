package scene

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var epoch = time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)

// TestNadirBox: a camera straight above a vessel heading north sees it at
// the centre, its box as long as length·f/(altitude − freeboard) and as
// wide as beam·f/(altitude − freeboard), f = (width/2)/tan(HFOV/2): the
// box's extremes are the deck's edges.
func TestNadirBox(t *testing.T) {
	cases := []struct {
		typ       string
		alt, hfov float64
		freeboard float64
	}{
		{"cargo", 500, 60, 8},
		{"rib", 50, 60, 0.6},
		{"patrol", 120, 40, 2},
		{"fishing", 90, 75, 1.5},
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			data := oneVessel(fmt.Sprintf(`"id":"v","type":%q,"speed":0`, c.typ), `{"type":"LineString","coordinates":[[-5.4,36.1],[-5.4,36.11]]}`)
			w, err := NewWorld(data, 1)
			require.NoError(t, err)
			v := w.Vessels(0)[0]
			r := NewRenderer(w, 1280, 720)
			img := r.NewFrame()
			truth := r.Render(img, Pose{Lat: v.Lat, Lon: v.Lon, Alt: c.alt, GimbalPitch: -90, HFOV: c.hfov}, 0, epoch)
			require.Len(t, truth, 1)
			got := truth[0]
			f := 640 / math.Tan(c.hfov/2*math.Pi/180)
			scale := f / (c.alt - c.freeboard)
			require.InDelta(t, v.Length*scale, float64(got.Box.Dy()), 2, "length in pixels, box %v", got.Box)
			require.InDelta(t, v.Beam*scale, float64(got.Box.Dx()), 2, "beam in pixels, box %v", got.Box)
			require.InDelta(t, 640, float64(got.Box.Min.X+got.Box.Max.X)/2, 1.5)
			require.InDelta(t, 360, float64(got.Box.Min.Y+got.Box.Max.Y)/2, 1.5)
			require.Equal(t, "v", got.VesselID)
			require.Equal(t, c.typ, got.Type)
			require.InDelta(t, c.alt, got.Range, 1e-6)
			require.Equal(t, v.Lat, got.Lat)
			// The hull is drawn: the centre is not the sea's colour.
			require.NotEqual(t, img.Y[360*img.YStride+640], img.Y[360*img.YStride+40])
		})
	}
}

// TestLookingAwaySeesNothing: the sky, or the sea away from the vessel.
func TestLookingAwaySeesNothing(t *testing.T) {
	data := oneVessel(`"id":"v","type":"cargo","speed":10`, `{"type":"LineString","coordinates":[[-5.4,36.1],[-5.4,36.11]]}`)
	w, err := NewWorld(data, 1)
	require.NoError(t, err)
	r := NewRenderer(w, 640, 360)
	img := r.NewFrame()
	south := Pose{Lat: 36.095, Lon: -5.4, Alt: 100, Heading: 0, GimbalPitch: -10, HFOV: 60}
	require.Len(t, r.Render(img, south, 0, epoch), 1, "looking north at it")
	for _, p := range []Pose{
		{Lat: 36.095, Lon: -5.4, Alt: 100, Heading: 180, GimbalPitch: -10, HFOV: 60},
		{Lat: 36.095, Lon: -5.4, Alt: 100, Heading: 0, GimbalYaw: 90, GimbalPitch: -10, HFOV: 60},
		{Lat: 36.095, Lon: -5.4, Alt: 100, Heading: 0, GimbalPitch: 30, HFOV: 60},
		{Lat: 36.095, Lon: -5.4, Alt: 100, Heading: 0, GimbalPitch: -90, HFOV: 60},
	} {
		require.Empty(t, r.Render(img, p, 0, epoch), "%+v", p)
	}
}

// TestTruthInFrame renders the default scenario from drones over the
// port looking every way for an hour: every box is in the frame and not
// empty, every vessel is a scenario vessel, and most frames see some.
func TestTruthInFrame(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, v := range w.Vessels(0) {
		ids[v.ID] = true
	}
	r := NewRenderer(w, 640, 360)
	img := r.NewFrame()
	frame := image.Rect(0, 0, 640, 360)
	seen := map[string]bool{}
	for i := 0; i < 120; i++ {
		at := time.Duration(i) * 30 * time.Second
		p := Pose{Lat: 36.12 + 0.01*math.Sin(float64(i)), Lon: -5.42, Alt: 80 + float64(i%5)*40, Heading: float64(i * 37 % 360), GimbalPitch: -5 - float64(i%8)*10, HFOV: 40 + float64(i%3)*20}
		for _, tr := range r.Render(img, p, at, epoch) {
			require.True(t, ids[tr.VesselID], tr.VesselID)
			require.False(t, tr.Box.Empty())
			require.True(t, tr.Box.In(frame), "%v", tr.Box)
			require.Greater(t, tr.Range, 0.0)
			seen[tr.VesselID] = true
		}
	}
	require.GreaterOrEqual(t, len(seen), 6, "the drones see the bay's traffic: %v", seen)
}

// TestFramesChange: the sea moves between frames 40 ms apart.
func TestFramesChange(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 640, 360)
	a, b := r.NewFrame(), r.NewFrame()
	p := Pose{Lat: 36.12, Lon: -5.42, Alt: 100, Heading: 90, GimbalPitch: -30, HFOV: 60}
	r.Render(a, p, time.Minute, epoch)
	r.Render(b, p, time.Minute+40*time.Millisecond, epoch)
	rows := 16 * a.YStride // below the stamp
	require.False(t, bytes.Equal(a.Y[rows:], b.Y[rows:]))
	c := r.NewFrame()
	r.Render(c, p, time.Minute, epoch)
	require.Equal(t, a.Y, c.Y, "the same moment draws the same frame")
	require.Equal(t, a.Cb, c.Cb)
}

// TestBadPose: a pose that is not finite draws a grey frame with its stamp;
// extreme ones (far up, huge fields of view, at the pole) draw without harm.
func TestBadPose(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 640, 360)
	img := r.NewFrame()
	for _, p := range []Pose{{Lat: math.NaN()}, {Alt: math.Inf(1)}, {HFOV: 0, Alt: -5, GimbalPitch: 400}, {Lat: 36.1, Lon: -5.4, Alt: 1e12, HFOV: 1e9, GimbalPitch: -1e-9}, {Lat: 89, Lon: 179, Alt: 1e-9, HFOV: 179.9, GimbalPitch: -0.001}} {
		require.NotPanics(t, func() { r.Render(img, p, 0, epoch) })
		got, ok := ReadStamp(img)
		require.True(t, ok)
		require.True(t, got.Equal(epoch))
	}
}

// TestRenderAllocates nothing when no vessel is in view (and one slice
// when some are).
func TestRenderAllocates(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 640, 360)
	img := r.NewFrame()
	p := Pose{Lat: 36.12, Lon: -5.425, Alt: 120, Heading: 90, GimbalPitch: -12, HFOV: 60}
	require.LessOrEqual(t, testing.AllocsPerRun(5, func() { r.Render(img, p, 349*time.Second, epoch) }), 1.0)
	p.GimbalPitch = 20
	require.Zero(t, testing.AllocsPerRun(5, func() { r.Render(img, p, 349*time.Second, epoch) }))
}

// TestRenderersShareAWorld: four cameras render one world at once (run
// with -race), each as it would alone.
func TestRenderersShareAWorld(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	pose := func(i int) Pose {
		return Pose{Lat: 36.12, Lon: -5.425, Alt: 120, Heading: float64(90 * i), GimbalPitch: -12, HFOV: 60}
	}
	alone := make([][]byte, 4)
	for i := range alone {
		r := NewRenderer(w, 320, 180)
		img := r.NewFrame()
		r.Render(img, pose(i), time.Minute, epoch)
		alone[i] = img.Y
	}
	done := make(chan []byte, 4)
	for i := 0; i < 4; i++ {
		go func() {
			r := NewRenderer(w, 320, 180)
			img := r.NewFrame()
			for k := 0; k < 5; k++ {
				r.Render(img, pose(i), time.Minute, epoch)
			}
			done <- append([]byte{byte(i)}, img.Y...)
		}()
	}
	for range 4 {
		got := <-done
		require.Equal(t, alone[got[0]], got[1:])
	}
}
