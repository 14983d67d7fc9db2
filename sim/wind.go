package sim

import (
	"math"
	"math/rand"
)

// Wind is the scenario wind: Speed in m/s, Direction in degrees the wind
// blows FROM (meteorological convention, as MAVLink WIND reports it), and
// Gust the standard deviation of gusts in m/s.
type Wind struct {
	Speed     float64
	Direction float64
	Gust      float64
}

// gust is a per-vehicle first-order (Ornstein-Uhlenbeck) gust process.
type gust struct{ n, e float64 }

// gustTau is the correlation time of gusts in seconds.
const gustTau = 5.0

// step advances the gust process.
func (g *gust) step(r *rand.Rand, sigma, dt float64) {
	a := math.Exp(-dt / gustTau)
	k := sigma * math.Sqrt(1-a*a)
	g.n = a*g.n + k*r.NormFloat64()
	g.e = a*g.e + k*r.NormFloat64()
}

// windNE returns the wind velocity (where the air moves TO) including the
// vehicle's gust, north and east in m/s.
func (v *vehicle) windNE() (float64, float64) {
	w := v.sim.scen.Wind
	from := w.Direction * math.Pi / 180
	return -w.Speed*math.Cos(from) + v.gust.n, -w.Speed*math.Sin(from) + v.gust.e
}
