package track

import "skerry/gcs"

// view is the patch of sea a frame shows, in local metres (a convex
// quadrilateral; empty when the pose cannot say).
type view struct{ e, n []float64 }

func viewOf(p gcs.CameraPose, o local) view {
	fp := p.Footprint()
	if fp == nil {
		return view{}
	}
	var v view
	for _, c := range fp.Corners {
		e, n := o.en(c.Lat, c.Lon)
		v.e, v.n = append(v.e, e), append(v.n, n)
	}
	return v
}

// contains reports whether (e, n) is inside the view (on the same side of
// every edge; the corners go round in either direction).
func (v view) contains(e, n float64) bool {
	if len(v.e) < 3 {
		return false
	}
	sign := 0
	for i := range v.e {
		j := (i + 1) % len(v.e)
		cross := (v.e[j]-v.e[i])*(n-v.n[i]) - (v.n[j]-v.n[i])*(e-v.e[i])
		s := 0
		if cross > 0 {
			s = 1
		} else if cross < 0 {
			s = -1
		}
		if s != 0 && sign != 0 && s != sign {
			return false
		}
		if s != 0 {
			sign = s
		}
	}
	return true
}
