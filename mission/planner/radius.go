package planner

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"skerry/mission"
)

// Fence radius: every plan carries a greatest distance from its take-off
// point, which becomes the autopilot's circle fence (ArduPilot's
// FENCE_RADIUS). It encloses every waypoint and orbit with RadiusMargin to
// spare, rounded up to 10 m; the circle is convex, so it holds the legs
// between them too and never cuts the patrol short. It is the backstop
// for a fly-away, while the plan's zones are the limit the route keeps.
// Without it the vehicle would keep its own radius (300 m by default on
// ArduCopter), which a patrol exceeds.
const (
	RadiusMargin = 100.0   // m beyond the farthest point: overshoot in turns, wind
	minRadius    = 30.0    // ArduPilot's smallest FENCE_RADIUS
	maxRadius    = 10000.0 // and its largest
)

// fenceRadius sets the fence radius of plan p flown from start, or says
// why it cannot.
func (b *builder) fenceRadius(start orb.Point, p *mission.Plan) {
	far := 0.0
	for _, it := range p.Mission {
		if l, ok := it.(mission.Loiter); ok { // the orbit, not its centre
			far = math.Max(far, geo.Distance(start, l.Pos.Point)+l.Radius)
		} else if pos, ok := mission.PositionOf(it); ok {
			far = math.Max(far, geo.Distance(start, pos.Point))
		}
	}
	r := math.Max(minRadius, math.Ceil((far+RadiusMargin)/10)*10)
	if r > maxRadius {
		b.warnf("the route reaches %.1f km from its take-off point, beyond the %.0f km an autopilot's circle fence holds: the plan sets no fence radius, so the vehicle keeps its own", far/1000, maxRadius/1000)
		return
	}
	p.Fence.Radius = &r
}
