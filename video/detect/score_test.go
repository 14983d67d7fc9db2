package detect

import (
	"bufio"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// truthBox is a labelled box in pixels; neutral boxes (a boat on a lift,
// a dock) make a detection on them neither a hit nor a false alarm.
type truthBox struct {
	r       rect
	neutral bool
}

type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) area() float64 { return max(r.x1-r.x0, 0) * max(r.y1-r.y0, 0) }

func inter(a, b rect) float64 {
	return rect{max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1)}.area()
}

func iou(a, b rect) float64 {
	i := inter(a, b)
	if i <= 0 {
		return 0
	}
	return i / (a.area() + b.area() - i)
}

func boxRect(b Box) rect { return rect{b.X, b.Y, b.X + b.W, b.Y + b.H} }

// tally counts hits, false alarms and misses.
type tally struct{ tp, fp, fn int }

func (t *tally) add(o tally) { t.tp += o.tp; t.fp += o.fp; t.fn += o.fn }

func (t tally) prf() (p, r, f float64) {
	if t.tp+t.fp > 0 {
		p = float64(t.tp) / float64(t.tp+t.fp)
	}
	if t.tp+t.fn > 0 {
		r = float64(t.tp) / float64(t.tp+t.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func (t tally) String() string {
	p, r, f := t.prf()
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", p, r, f, t.tp, t.fp, t.fn)
}

// score matches detections (best first) to vessel boxes at IoU ≥ minIoU;
// a detection that matches none but overlaps a neutral box is not counted.
func score(dets []Box, truth []truthBox, minIoU float64) tally {
	dets = slices.Clone(dets)
	slices.SortFunc(dets, func(a, b Box) int { return cmpDesc(a.Score, b.Score) })
	used := make([]bool, len(truth))
	var t tally
	for _, d := range dets {
		dr := boxRect(d)
		best, bi := minIoU, -1
		for i, tb := range truth {
			if tb.neutral || used[i] {
				continue
			}
			if v := iou(dr, tb.r); v >= best {
				best, bi = v, i
			}
		}
		if bi >= 0 {
			used[bi] = true
			t.tp++
			continue
		}
		neutral := false
		for _, tb := range truth {
			if tb.neutral && inter(dr, tb.r) > 0 {
				neutral = true
				break
			}
		}
		if !neutral {
			t.fp++
		}
	}
	for i, tb := range truth {
		if !tb.neutral && !used[i] {
			t.fn++
		}
	}
	return t
}

// YOLO classes of the aerial-maritime set.
const (
	clsBoat   = 0
	clsDock   = 2
	clsJetski = 3
	clsLift   = 4
)

// readYOLO reads a YOLO label file for a W×H image: boats and jetskis are
// vessels, docks and lifts neutral, cars ignored (a detection on a car is
// a false alarm), boxes under 2 px ignored.
func readYOLO(path string, W, H int) ([]truthBox, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []truthBox
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c int
		var cx, cy, w, h float64
		if _, err := fmt.Sscan(line, &c, &cx, &cy, &w, &h); err != nil {
			return nil, fmt.Errorf("%s: %q: %w", path, line, err)
		}
		r := rect{(cx - w/2) * float64(W), (cy - h/2) * float64(H), (cx + w/2) * float64(W), (cy + h/2) * float64(H)}
		if r.x1-r.x0 < 2 || r.y1-r.y0 < 2 {
			continue
		}
		switch c {
		case clsBoat, clsJetski:
			out = append(out, truthBox{r: r})
		case clsDock, clsLift:
			out = append(out, truthBox{r: r, neutral: true})
		}
	}
	return out, sc.Err()
}

// realFrame is one labelled frame of the aerial-maritime set.
type realFrame struct {
	name  string
	img   *image.YCbCr
	truth []truthBox
}

const realDir = "testdata/aerial-maritime"

// loadReal reads every labelled frame, in file name order (the flight's
// order).
func loadReal() ([]realFrame, error) {
	imgs, err := filepath.Glob(filepath.Join(realDir, "*", "images", "*.jpg"))
	if err != nil {
		return nil, err
	}
	slices.SortFunc(imgs, func(a, b string) int { return strings.Compare(filepath.Base(a), filepath.Base(b)) })
	var out []realFrame
	for _, p := range imgs {
		img, err := readJPEG(p)
		if err != nil {
			return nil, err
		}
		lbl := strings.TrimSuffix(strings.Replace(p, "/images/", "/labels/", 1), ".jpg") + ".txt"
		truth, err := readYOLO(lbl, img.Rect.Dx(), img.Rect.Dy())
		if err != nil {
			return nil, err
		}
		out = append(out, realFrame{name: filepath.Base(p), img: img, truth: truth})
	}
	return out, nil
}

func readJPEG(path string) (*image.YCbCr, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := jpeg.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if y, ok := m.(*image.YCbCr); ok {
		return y, nil
	}
	y := image.NewYCbCr(m.Bounds(), image.YCbCrSubsampleRatio444)
	rgba := image.NewRGBA(m.Bounds())
	draw.Draw(rgba, rgba.Rect, m, m.Bounds().Min, draw.Src)
	for j := 0; j < rgba.Rect.Dy(); j++ {
		for i := 0; i < rgba.Rect.Dx(); i++ {
			o := rgba.PixOffset(i, j)
			yy, cb, cr := colorRGBToYCbCr(rgba.Pix[o], rgba.Pix[o+1], rgba.Pix[o+2])
			y.Y[y.YOffset(i, j)], y.Cb[y.COffset(i, j)], y.Cr[y.COffset(i, j)] = yy, cb, cr
		}
	}
	return y, nil
}

// curve tallies detections at several score thresholds (a
// precision–recall curve).
type curve map[float64]*tally

var curveThresholds = []float64{0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9}

func (c curve) add(dets []Box, truth []truthBox, minIoU float64) {
	for _, th := range curveThresholds {
		var keep []Box
		for _, d := range dets {
			if d.Score >= th {
				keep = append(keep, d)
			}
		}
		if c[th] == nil {
			c[th] = &tally{}
		}
		c[th].add(score(keep, truth, minIoU))
	}
}

func (c curve) String() string {
	var b strings.Builder
	for _, th := range curveThresholds {
		if t := c[th]; t != nil {
			fmt.Fprintf(&b, "\n  score ≥ %.2f: %s", th, t)
		}
	}
	return b.String()
}
