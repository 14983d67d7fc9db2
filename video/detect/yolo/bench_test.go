//go:build cgo

package yolo

import (
	"image"
	"syscall"
	"testing"
	"time"

	"skerry/video/detect"
)

// bench720 is a 1280×720 video-range frame with a few bright squares.
func bench720() *image.YCbCr {
	img := frame(1280, 720, false)
	for i := range 5 {
		fill(img, image.Rect(100+200*i, 300, 140+200*i, 340), 235, 128, 128)
	}
	return img
}

// BenchmarkDetect720 runs the whole path (letterbox, ONNX Runtime on one
// thread, decode, NMS) on a 1280×720 frame with the tiny test model at
// 640×640 (a 32 px window every 16 px: 1,521 candidates). The tiny
// model's run is nearly free, so this measures the pre- and
// post-processing around a real model.
func BenchmarkDetect720(b *testing.B) {
	needRuntime(b)
	benchDetect(b, tinyModel(b, tinySpec{size: 640, cell: 32}))
}

// benchDetect runs the model at path on a 1280×720 frame, reporting CPU
// time per frame.
func benchDetect(b *testing.B, path string) {
	d, err := New(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	f := detect.Frame{Image: bench720()}
	cpu := cpuTime()
	for b.Loop() {
		if _, err := d.Detect(f); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// cpuTime is the process's CPU time (user and system) so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per frame, which other processes on a busy
// machine do not inflate as they do the wall time.
func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64(cpuTime()-since)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkPreprocess720 is the letterbox alone: 1280×720 into 640×640.
func BenchmarkPreprocess720(b *testing.B) {
	img := bench720()
	l := NewLetterbox(1280, 720, 640, 640)
	dst := make([]float32, 3*640*640)
	cpu := cpuTime()
	for b.Loop() {
		if err := Preprocess(dst, img, false, l); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}
