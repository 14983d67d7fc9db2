package scene

import (
	"testing"
	"time"
)

// BenchmarkRender720p renders 1280×720 frames of the default scenario from
// a drone over Isla Verde looking across the bay (sea, haze, sky, land,
// ports and several vessels in view), simulated time advancing 40 ms a
// frame.
func BenchmarkRender720p(b *testing.B) {
	w, err := NewWorld(defaultScenario(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(w, 1280, 720)
	img := r.NewFrame()
	pose := Pose{Lat: 36.12, Lon: -5.425, Alt: 120, Heading: 90, GimbalPitch: -12, HFOV: 60}
	now := time.Unix(1_800_000_000, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Render(img, pose, 349*time.Second+time.Duration(i)*40*time.Millisecond, now)
	}
}

// BenchmarkNewTextures measures building a world's sea and land tiles.
func BenchmarkNewTextures(b *testing.B) {
	for b.Loop() {
		newTextures(90)
	}
}
