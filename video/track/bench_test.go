package track

import (
	"image"
	"testing"
	"time"

	"skerry/gcs"
	"skerry/video/detect"
)

// BenchmarkGeolocate: one box placed with its error (four projections
// for the error, four for the length).
func BenchmarkGeolocate(b *testing.B) {
	p := gcs.CameraPose{Lat: 36.1, Lon: -5.4, AltAMSL: 120, Yaw: 30, Pitch: -45, HFOV: 70}
	box := detect.Box{X: 600, Y: 300, W: 40, H: 20, Score: 0.9}
	for b.Loop() {
		Geolocate(p, box, 1280, 720, DefaultPoseError)
	}
}

// BenchmarkTrackerAdd: a frame of 10 boats, 20 live tracks (no
// snapshots: see BenchmarkCrop).
func BenchmarkTrackerAdd(b *testing.B) {
	tr := NewTracker(Config{NoSnapshots: true})
	pose := &gcs.CameraPose{Lat: 36.1, Lon: -5.4, AltAMSL: 2000, Pitch: -90, HFOV: 90}
	frame := func(k int) Frame {
		f := Frame{Vehicle: "d", Stream: "s", Captured: t0.Add(time.Duration(k) * 200 * time.Millisecond), Width: 1280, Height: 720, Pose: pose}
		for i := range 10 {
			lat, lon := origin.latLon(float64(i)*100+float64(k)*0.5, float64(k%2)*100)
			f.Detections = append(f.Detections, Detection{Placed: true, Box: detect.Box{W: 20, H: 10, Score: 0.8}, Fix: Fix{Lat: lat, Lon: lon, ErrorM: 3, Length: 12}})
		}
		return f
	}
	k := 0
	for b.Loop() {
		tr.Add(frame(k))
		k++
	}
}

// BenchmarkCrop: a contact's picture from a 720p frame.
func BenchmarkCrop(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 1280, 720), image.YCbCrSubsampleRatio420)
	box := detect.Box{X: 600, Y: 300, W: 60, H: 30, Score: 0.9}
	for b.Loop() {
		if _, err := crop(img, false, box); err != nil {
			b.Fatal(err)
		}
	}
}
