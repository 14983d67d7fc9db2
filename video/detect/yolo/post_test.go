package yolo

import (
	"image"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLetterboxRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		sw, sh, iw, ih   int
		w, h, padX, padY int
	}{
		{1280, 720, 640, 640, 640, 360, 0, 140},
		{720, 1280, 640, 640, 360, 640, 140, 0},
		{640, 640, 640, 640, 640, 640, 0, 0},
		{100, 50, 64, 64, 64, 32, 0, 16},
		{1920, 1080, 640, 384, 640, 360, 0, 12},
		{3000, 2, 64, 64, 64, 1, 0, 31},
		{0, -5, 64, 64, 64, 64, 0, 0}, // sizes below one are one
	} {
		l := NewLetterbox(tc.sw, tc.sh, tc.iw, tc.ih)
		require.Equal(t, [4]int{tc.w, tc.h, tc.padX, tc.padY}, [4]int{l.W, l.H, l.PadX, l.PadY}, "%+v", tc)
		for _, p := range [][2]float64{{0, 0}, {float64(l.SrcW), float64(l.SrcH)}, {17.5, 3.25}, {-10, 1e4}} {
			x, y := l.ToInput(p[0], p[1])
			bx, by := l.ToSource(x, y)
			require.InDelta(t, p[0], bx, 1e-9)
			require.InDelta(t, p[1], by, 1e-9)
		}
		// The frame's corners land on the scaled area's corners.
		x, y := l.ToInput(0, 0)
		require.Equal(t, [2]float64{float64(l.PadX), float64(l.PadY)}, [2]float64{x, y})
		x, y = l.ToInput(float64(l.SrcW), float64(l.SrcH))
		require.Equal(t, [2]float64{float64(l.PadX + l.W), float64(l.PadY + l.H)}, [2]float64{x, y})
	}
}

func TestPreprocessPaddingAndColours(t *testing.T) {
	img := frame(8, 4, true)
	fill(img, image.Rect(0, 0, 8, 4), 76, 85, 255) // red everywhere
	l := NewLetterbox(8, 4, 8, 8)
	dst := make([]float32, 3*64)
	require.NoError(t, Preprocess(dst, img, true, l))
	grey := float32(Grey) / 255
	for c := range 3 {
		for y := range 8 {
			for x := range 8 {
				v := dst[c*64+y*8+x]
				if y < 2 || y >= 6 {
					require.Equal(t, grey, v, "padding c%d (%d,%d)", c, x, y)
					continue
				}
				want := []float32{1, 0, 0}[c]
				require.InDelta(t, want, v, 0.01, "c%d (%d,%d)", c, x, y)
			}
		}
	}
	// Video range: 16 is black, 235 white.
	img = frame(4, 4, false)
	fill(img, image.Rect(0, 0, 2, 4), 235, 128, 128)
	l = NewLetterbox(4, 4, 4, 4)
	dst = make([]float32, 3*16)
	require.NoError(t, Preprocess(dst, img, false, l))
	require.InDelta(t, 1, dst[0], 1e-6)
	require.InDelta(t, 0, dst[3], 1e-6)
	require.Error(t, Preprocess(dst[:10], img, false, l))
	require.Error(t, Preprocess(dst, img, false, NewLetterbox(5, 4, 4, 4)))
}

// out8 builds a YOLOv8 output [1, 4+nc, n] from candidates' rows.
func out8(rows ...[]float32) ([]float32, []int64) {
	n, a := len(rows), len(rows[0])
	data := make([]float32, n*a)
	for i, r := range rows {
		for k, v := range r {
			data[k*n+i] = v
		}
	}
	return data, []int64{1, int64(a), int64(n)}
}

// out5 builds a YOLOv5 output [1, n, 5+nc].
func out5(rows ...[]float32) ([]float32, []int64) {
	var data []float32
	for _, r := range rows {
		data = append(data, r...)
	}
	return data, []int64{1, int64(len(rows)), int64(len(rows[0]))}
}

func TestLayoutOf(t *testing.T) {
	for _, tc := range []struct {
		shape   []int64
		f       Format
		want    Format
		n, nc   int
		wantErr bool
	}{
		{[]int64{1, 84, 8400}, FormatAuto, FormatV8, 8400, 80, false},
		{[]int64{1, 25200, 85}, FormatAuto, FormatV5, 25200, 80, false},
		{[]int64{84, 8400}, FormatAuto, FormatV8, 8400, 80, false},
		{[]int64{1, 6, 3}, FormatV8, FormatV8, 3, 2, false},
		{[]int64{1, 3, 7}, FormatV5, FormatV5, 3, 2, false},
		{[]int64{2, 84, 8400}, FormatAuto, 0, 0, 0, true},
		{[]int64{1, 4, 8400}, FormatAuto, 0, 0, 0, true}, // no class
		{[]int64{1, 8400, 5}, FormatAuto, 0, 0, 0, true},
		{[]int64{1, 1, 84, 8400}, FormatAuto, 0, 0, 0, true},
		{[]int64{1, -1, 8400}, FormatAuto, 0, 0, 0, true},
		{[]int64{1, 1 << 40, 1 << 40}, FormatAuto, 0, 0, 0, true},
		{[]int64{1, 84, 8400}, Format(9), 0, 0, 0, true},
	} {
		l, err := layoutOf(tc.shape, tc.f)
		if tc.wantErr {
			require.Error(t, err, "%v", tc.shape)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, [3]int{int(tc.want), tc.n, tc.nc}, [3]int{int(l.format), l.n, l.classes}, "%v", tc.shape)
	}
}

func TestDecodeV5AndV8(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	// x, y, w, h, class 0, class 1
	rows8 := [][]float32{
		{10, 10, 4, 4, 0.9, 0.1}, // class 0, 0.9
		{20, 20, 4, 4, 0.2, 0.6}, // class 1, 0.6
		{30, 30, 4, 4, 0.1, 0.2}, // below 0.25
		{40, 40, 4, 4, nan, 0.3}, // NaN class 0: class 1 at 0.3
		{50, 50, 4, 4, nan, nan}, // NaN scores: dropped
		{60, 60, 0, 4, 0.9, 0},   // no width: dropped
		{nan, 60, 4, 4, 0.9, 0},  // NaN centre: dropped
		{70, 70, inf, 4, 0.9, 0}, // infinite size: dropped
		{80, 80, -3, 4, 0.9, 0},  // negative size: dropped
	}
	data, shape := out8(rows8...)
	l, err := layoutOf(shape, FormatAuto)
	require.NoError(t, err)
	require.Equal(t, FormatV8, l.format)
	c, err := decode(data, l, nil, 0.25, nil)
	require.NoError(t, err)
	require.Equal(t, []candidate{
		{8, 8, 12, 12, float64(float32(0.9)), 0},
		{18, 18, 22, 22, float64(float32(0.6)), 1},
		{38, 38, 42, 42, float64(float32(0.3)), 1},
	}, c)
	// Only class 0 kept.
	c, err = decode(data, l, []bool{true, false}, 0.25, nil)
	require.NoError(t, err)
	require.Len(t, c, 1)
	require.Equal(t, 0, c[0].class)

	// YOLOv5: objectness multiplies.
	data, shape = out5(
		[]float32{10, 10, 4, 4, 0.5, 0.9, 0.1}, // 0.45 class 0
		[]float32{20, 20, 4, 4, 0.9, 0.2, 0.5}, // 0.45 class 1
		[]float32{30, 30, 4, 4, 0.2, 1, 1},     // objectness below
		[]float32{40, 40, 4, 4, 0.5, 0.4, 0.4}, // 0.2 below
		[]float32{50, 50, 4, 4, nan, 1, 1},     // NaN objectness
		[]float32{60, 60, 4, 4, 1, inf, 0},     // infinite score
		[]float32{70, 70, 4, 4, 1, 0.3, nan},   // NaN class 1: class 0 0.3
	)
	l, err = layoutOf(shape, FormatAuto)
	require.NoError(t, err)
	require.Equal(t, FormatV5, l.format)
	c, err = decode(data, l, nil, 0.25, nil)
	require.NoError(t, err)
	require.Len(t, c, 3)
	require.InDelta(t, 0.45, c[0].score, 1e-6)
	require.Equal(t, [2]int{0, 1}, [2]int{c[0].class, c[1].class})
	require.Equal(t, 70.0-2, c[2].x0)

	_, err = decode(data[:5], l, nil, 0.25, nil)
	require.Error(t, err)
}

func TestToSourceClipsAndDrops(t *testing.T) {
	l := NewLetterbox(200, 100, 100, 100) // scale ½, 25 px of padding above and below
	got := toSource([]candidate{
		{10, 35, 20, 45, 0.9, 0},     // inside: (20,20)-(40,40)
		{-10, 20, 10, 30, 0.8, 0},    // crosses the left edge and the top padding: (0,0)-(20,10)
		{90, 70, 120, 90, 0.7, 0},    // crosses the right edge and the bottom: (180,90)-(200,100)
		{0, 0, 100, 20, 0.6, 0},      // all in the top padding: dropped
		{110, 30, 130, 40, 0.5, 0},   // right of the input: dropped
		{30, 30, 30, 40, 0.4, 0},     // no width: dropped
		{-50, -50, 150, 150, 0.3, 1}, // covers all: the whole frame
	}, l)
	want := []candidate{
		{20, 20, 40, 40, 0.9, 0},
		{0, 0, 20, 10, 0.8, 0},
		{180, 90, 200, 100, 0.7, 0},
		{0, 0, 200, 100, 0.3, 1},
	}
	require.Equal(t, want, got)
}

func TestNMS(t *testing.T) {
	box := func(x, y, w, h, s float64, class int) candidate { return candidate{x, y, x + w, y + h, s, class} }
	a := box(0, 0, 10, 10, 0.9, 0)
	b := box(1, 1, 10, 10, 0.8, 0)  // IoU with a 81/119 = 0.68
	c := box(5, 0, 10, 10, 0.7, 0)  // IoU with a 50/150 = 0.33
	d := box(1, 1, 10, 10, 0.85, 1) // b's place, another class
	e := box(50, 50, 0, 0, 0.95, 0) // no area: IoU 0 with all
	for _, tc := range []struct {
		name     string
		in       []candidate
		thr      float64
		agnostic bool
		max      int
		want     []candidate
	}{
		{"overlap suppressed", []candidate{b, a}, 0.45, false, 300, []candidate{a}},
		{"a third overlap kept", []candidate{c, a}, 0.45, false, 300, []candidate{a, c}},
		{"a third overlap suppressed at 0.3", []candidate{c, a}, 0.3, false, 300, []candidate{a}},
		{"class-aware keeps other class", []candidate{a, b, d}, 0.45, false, 300, []candidate{a, d}},
		{"agnostic suppresses other class", []candidate{a, b, d}, 0.45, true, 300, []candidate{a}},
		{"no area never suppresses", []candidate{a, e}, 0.45, true, 300, []candidate{e, a}},
		{"cap", []candidate{a, c, box(30, 30, 5, 5, 0.1, 0)}, 0.45, false, 2, []candidate{a, c}},
		{"identical boxes keep the first", []candidate{box(0, 0, 4, 4, 0.5, 0), box(0, 0, 4, 4, 0.5, 0)}, 0.45, false, 300, []candidate{box(0, 0, 4, 4, 0.5, 0)}},
		{"empty", nil, 0.45, false, 300, nil},
	} {
		require.Equal(t, tc.want, nms(tc.in, tc.thr, tc.agnostic, tc.max), tc.name)
	}
	require.InDelta(t, 81.0/119, iou(a, b), 1e-12)
	require.Zero(t, iou(a, box(20, 20, 5, 5, 1, 0)))
}

func TestPostprocessV5MatchesV8(t *testing.T) {
	// The same candidates in either layout give the same boxes.
	rows := [][]float32{{32, 32, 16, 16, 0.9, 0.05}, {34, 34, 16, 16, 0.05, 0.8}, {36, 33, 16, 16, 0.7, 0.1}}
	d8, s8 := out8(rows...)
	var rows5 [][]float32
	for _, r := range rows {
		rows5 = append(rows5, append([]float32{r[0], r[1], r[2], r[3], 1}, r[4:]...))
	}
	d5, s5 := out5(rows5...)
	l := NewLetterbox(128, 64, 64, 64)
	// Three candidates are too few for the shape to tell the layout.
	o := Options{Format: FormatV8}.withDefaults()
	a, err := postprocess(d8, s8, l, o, nil, []string{"boat", "buoy"})
	require.NoError(t, err)
	o5 := o
	o5.Format = FormatV5
	b, err := postprocess(d5, s5, l, o5, nil, []string{"boat", "buoy"})
	require.NoError(t, err)
	require.Equal(t, a, b)
	require.Len(t, a, 2) // class-aware: the boat at 0.7 overlaps the one at 0.9
	require.Equal(t, "boat", a[0].Name)
	require.Equal(t, "buoy", a[1].Name)
	require.InDelta(t, 48, a[0].X, 1e-9) // (32-8)·2
	require.InDelta(t, 16, a[0].Y, 1e-9) // (32-8-16)·2
	o.Agnostic = true
	a, err = postprocess(d8, s8, l, o, nil, nil)
	require.NoError(t, err)
	require.Len(t, a, 1)
}

func TestParseNamesAndClasses(t *testing.T) {
	require.Equal(t, []string{"person", "bicycle", "boat"}, parseNames("{0: 'person', 1: 'bicycle', 2: 'boat'}"))
	require.Equal(t, []string{"a", "", "c, d"}, parseNames(`{2: "c, d", 0: 'a'}`))
	require.Nil(t, parseNames(""))
	require.Nil(t, parseNames("{not names}"))
	require.Nil(t, parseNames("{999999999999999999999: 'x'}"))

	names := []string{"person", "bicycle", "boat"}
	keep, err := keepClasses(nil, names, 3)
	require.NoError(t, err)
	require.Nil(t, keep)
	keep, err = keepClasses([]string{"Boat", " 0 "}, names, 3)
	require.NoError(t, err)
	require.Equal(t, []bool{true, false, true}, keep)
	_, err = keepClasses([]string{"ship"}, names, 3)
	require.ErrorContains(t, err, "person, bicycle, boat")
	_, err = keepClasses([]string{"3"}, names, 3)
	require.Error(t, err)
	_, err = keepClasses([]string{"boat"}, nil, 3)
	require.ErrorContains(t, err, "names no classes")
}
