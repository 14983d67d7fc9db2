package scene

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time so far: on a shared
// machine a benchmark's wall time counts the time others' processes ran,
// its CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRender720p renders 1280×720 frames of the default scenario from
// a drone over Isla Verde looking across the bay (sea, haze, sky, land,
// ports and several vessels in view), simulated time advancing 40 ms a
// frame. cpu-ns/op is the CPU time a frame took.
func BenchmarkRender720p(b *testing.B) {
	benchRender(b, Pose{Lat: 36.12, Lon: -5.425, Alt: 120, Heading: 90, GimbalPitch: -12, HFOV: 60})
}

// BenchmarkRender720pSea is the dearest view: all sea, into the sun's
// glint, with the meeting pair's hulls and wakes.
func BenchmarkRender720pSea(b *testing.B) {
	benchRender(b, Pose{Lat: 36.116, Lon: -5.393, Alt: 120, Heading: 225, GimbalPitch: -25, HFOV: 70})
}

// BenchmarkRender720pConditions renders the Sea view under each
// condition (glare: the sun ahead, its glitter filling the frame's middle).
func BenchmarkRender720pConditions(b *testing.B) {
	pose := Pose{Lat: 36.116, Lon: -5.393, Alt: 120, Heading: 225, GimbalPitch: -25, HFOV: 70}
	for _, name := range ConditionNames() {
		c, err := ConditionFor(name, pose.Heading, pose.GimbalPitch)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) { benchRender(b, pose, c) })
	}
}

func benchRender(b *testing.B, pose Pose, conds ...Condition) {
	w, err := NewWorld(defaultScenario(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(w, 1280, 720)
	for _, c := range conds {
		r.Apply(c)
	}
	img := r.NewFrame()
	now := time.Unix(1_800_000_000, 0)
	b.ReportAllocs()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		r.Render(img, pose, 349*time.Second+time.Duration(n)*40*time.Millisecond, now)
		n++
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/op")
}

// BenchmarkNewTextures measures building a world's sea and land tiles.
func BenchmarkNewTextures(b *testing.B) {
	for b.Loop() {
		newTextures(90)
	}
}
