package planfile

import "github.com/paulmach/orb"

// openRing drops a closing vertex equal to the first one.
func openRing(r orb.Ring) orb.Ring {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return r[:len(r)-1]
	}
	return r
}

// closedRing returns a copy of r with the first vertex repeated at the end
// (GeoJSON's form).
func closedRing(r orb.Ring) orb.Ring {
	out := append(orb.Ring{}, r...)
	if len(r) > 0 && r[0] != r[len(r)-1] {
		out = append(out, r[0])
	}
	return out
}
