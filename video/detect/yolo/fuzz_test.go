package yolo

import (
	"encoding/binary"
	"image"
	"math"
	"testing"
)

// FuzzPostprocess decodes arbitrary outputs: boxes stay inside the frame
// with finite, thresholded scores, and never more than the cap.
func FuzzPostprocess(f *testing.F) {
	f.Add([]byte{}, uint16(6), uint8(0), uint16(128), uint16(64), false)
	row := func(v ...float32) []byte {
		var b []byte
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		return b
	}
	f.Add(row(32, 32, 16, 16, 0.9, 0.1, 34, 34, 16, 16, 0.2, 0.8), uint16(6), uint8(2), uint16(128), uint16(64), false)
	f.Add(row(32, 32, 16, 16, 1, 0.9, 0.1, 60, 60, 100, 100, 0.9, 0.9, 0.9), uint16(2), uint8(1), uint16(64), uint16(128), true)
	f.Add(row(float32(math.NaN()), 1, 1, 1, float32(math.Inf(1)), 0.5), uint16(6), uint8(2), uint16(1), uint16(1), false)
	f.Fuzz(func(t *testing.T, raw []byte, a uint16, format uint8, sw, sh uint16, agnostic bool) {
		data := make([]float32, len(raw)/4)
		for i := range data {
			data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		rows := max(int64(a), 1)
		shape := []int64{1, rows, int64(len(data)) / rows}
		o := Options{Format: Format(format % 4), Agnostic: agnostic, MaxBoxes: 5}.withDefaults()
		l := NewLetterbox(int(sw), int(sh), 64, 64)
		dets, err := postprocess(data, shape, l, o, nil, []string{"boat"})
		if err != nil {
			return
		}
		if len(dets) > o.MaxBoxes {
			t.Fatalf("%d boxes, cap %d", len(dets), o.MaxBoxes)
		}
		for _, d := range dets {
			if !(d.W > 0 && d.H > 0 && d.X >= 0 && d.Y >= 0 && d.X+d.W <= float64(l.SrcW)+1e-9 && d.Y+d.H <= float64(l.SrcH)+1e-9) {
				t.Fatalf("box %+v outside %d×%d", d.Box, l.SrcW, l.SrcH)
			}
			if !(d.Score >= o.Confidence && d.Score <= 1) || d.Class < 0 {
				t.Fatalf("detection %+v", d)
			}
		}
	})
}

// FuzzPreprocess letterboxes frames of any size and subsampling: values
// stay in 0..1 and short planes are refused.
func FuzzPreprocess(f *testing.F) {
	f.Add(uint16(128), uint16(64), uint8(2), uint8(64), uint8(64), true, uint8(7), false)
	f.Add(uint16(1), uint16(1), uint8(0), uint8(1), uint8(1), false, uint8(0), false)
	f.Add(uint16(33), uint16(7), uint8(5), uint8(17), uint8(40), false, uint8(200), true)
	f.Fuzz(func(t *testing.T, w, h uint16, ratio uint8, iw, ih uint8, full bool, seed uint8, short bool) {
		w, h = w%700+1, h%700+1
		r := image.YCbCrSubsampleRatio(ratio % 6)
		img := image.NewYCbCr(image.Rect(0, 0, int(w), int(h)), r)
		for i := range img.Y {
			img.Y[i] = uint8(i*7) + seed
		}
		for i := range img.Cb {
			img.Cb[i], img.Cr[i] = uint8(i*13)^seed, uint8(i*3)+seed
		}
		if short && len(img.Cr) > 0 {
			img.Cr = img.Cr[:len(img.Cr)-1]
		}
		if !short && w > 3 && h > 3 {
			// A sub-image at an odd origin (seed picks it).
			o := int(seed % 3)
			img = img.SubImage(image.Rect(o, o, int(w), int(h))).(*image.YCbCr)
			w, h = uint16(img.Rect.Dx()), uint16(img.Rect.Dy())
		}
		l := NewLetterbox(int(w), int(h), max(int(iw), 1), max(int(ih), 1))
		dst := make([]float32, 3*l.InW*l.InH)
		err := Preprocess(dst, img, full, l)
		if short {
			if err == nil {
				t.Fatal("short planes accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range dst {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("value %d is %g", i, v)
			}
		}
	})
}

// FuzzParseNames reads any metadata.
func FuzzParseNames(f *testing.F) {
	f.Add("{0: 'person', 1: 'bicycle', 8: 'boat'}")
	f.Add(`{1: "a", 0: 'b'}`)
	f.Add("{99999: 'x'}")
	f.Fuzz(func(t *testing.T, s string) {
		names := parseNames(s)
		if len(names) > maxClasses {
			t.Fatalf("%d names", len(names))
		}
		_, _ = keepClasses([]string{"boat", "0"}, names, len(names))
	})
}
