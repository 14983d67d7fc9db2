package track

import (
	"math"
	"time"
)

// A boat's track can lose it: a sharp turn (the simulator's loop routes
// reverse at once), a placement farther off than even the second look
// allows. Its detections then start a new track right where it left off,
// and the boat would change id. A track confirmed this frame that
// carries on a confirmed track is stitched to it (the older id goes on
// with the new track's estimate): the old track got no detection since
// the new one began, within stitchGap, and the new one began within
// reach of where the old one was last hit: the old one's speed, plus
// stitchSlack, for the time between, plus two sigma of the two
// placements. (A wider reach would hand a boat's id to another coming
// into view as it leaves.)
const (
	stitchGap   = 3 * time.Second
	stitchSlack = 5.0 // m/s
)

// stitch finds the track n carries on; nil when none.
func (t *Tracker) stitch(n *contact) *contact {
	var best *contact
	bestK := 1.0
	for _, o := range t.tracks {
		if o == n || !o.confirmed || o.apart[n] {
			continue
		}
		gap := n.first.Sub(o.last)
		if gap <= 0 || gap > stitchGap {
			continue
		}
		speed := math.Hypot(o.f.e.v, o.f.n.v)
		reach := (speed+stitchSlack)*gap.Seconds() + 2*math.Hypot(o.left.sigma, n.began.sigma)
		if k := dist(o.left.east, o.left.north, n.began.east, n.began.north) / reach; k <= bestK {
			best, bestK = o, k
		}
	}
	return best
}
