package scene

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// World is the scenario's vessels, moving in simulated time, and the land
// and port outlines the renderer draws. It is immutable after NewWorld and
// safe for concurrent use.
type World struct {
	frame   frame
	vessels []mover
	land    [][][]xy // polygons (rings) in local metres; ports after land
	bounds  []box    // of each land polygon
	nLand   int
	windDir float64 // degrees the wind blows from

	texOnce sync.Once
	tex     *textures // built for the first renderer
}

type xy struct{ x, y float64 }

// NewWorld reads the "kind": "vessel" features of a scenario (GeoJSON
// FeatureCollection), and its "land", "port" and "wind" features for the
// picture. A scenario without vessels makes an empty world. A bad vessel
// feature is an error that names it; seed sets the loitering vessels'
// wandering, so the same scenario and seed repeat exactly.
func NewWorld(scenario []byte, seed int64) (*World, error) {
	sd, err := parseScenario(scenario)
	if err != nil {
		return nil, err
	}
	w := &World{frame: originOf(sd), nLand: sd.nLand, windDir: sd.windDir}
	for _, s := range sd.vessels {
		m, err := newMover(w.frame, s, seed)
		if err != nil {
			return nil, fmt.Errorf("scene: scenario: %w", err)
		}
		w.vessels = append(w.vessels, m)
	}
	for k, poly := range sd.land {
		rings := make([][]xy, 0, len(poly))
		for _, r := range poly {
			ring := make([]xy, len(r))
			for i, p := range r {
				ring[i].x, ring[i].y = w.frame.xy(p.lat, p.lon)
			}
			rings = append(rings, ring)
		}
		if k >= sd.nLand && len(rings) == 1 {
			rings = quayRings(rings[0]) // a port: quays round its basins
		}
		w.land = append(w.land, rings)
		w.bounds = append(w.bounds, boundsOf(rings))
	}
	return w, nil
}

// originOf centres the local projection on the scenario's bounding box.
func originOf(sd *scenarioData) frame {
	minLat, minLon, maxLat, maxLon := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(p lonLat) {
		minLat, maxLat = math.Min(minLat, p.lat), math.Max(maxLat, p.lat)
		minLon, maxLon = math.Min(minLon, p.lon), math.Max(maxLon, p.lon)
	}
	for _, s := range sd.vessels {
		for _, p := range s.route {
			add(p)
		}
	}
	for _, poly := range sd.land {
		for _, r := range poly {
			for _, p := range r {
				add(p)
			}
		}
	}
	if minLat > maxLat {
		return newFrame(0, 0)
	}
	return newFrame((minLat+maxLat)/2, (minLon+maxLon)/2)
}

// Vessels returns every vessel's state at simulated time t.
func (w *World) Vessels(t time.Duration) []Vessel {
	return w.appendVessels(make([]Vessel, 0, len(w.vessels)), t)
}

// appendVessels appends every vessel's state at t to dst.
func (w *World) appendVessels(dst []Vessel, t time.Duration) []Vessel {
	sec := t.Seconds()
	for i := range w.vessels {
		dst = append(dst, w.vessels[i].at(w.frame, sec))
	}
	return dst
}

// mover moves one vessel.
type mover struct {
	v         Vessel
	speed     float64 // nominal, m/s
	behaviour string
	pts       []xy      // route, local metres
	cum       []float64 // distance along the route at each point
	// loiter: centre, radius, and the wander's amplitudes, angular
	// frequencies and phases (x: 0, 1; y: 2, 3)
	c       xy
	radius  float64
	w, ph   [4]float64
	heading float64 // at anchor (no wander)
}

// loiterAmp are the wander's amplitudes as fractions of the radius: the
// offset stays within 0.99 radius.
var loiterAmp = [4]float64{0.45, 0.25, 0.45, 0.25}

func newMover(f frame, s spec, seed int64) (mover, error) {
	m := mover{v: s.v, speed: s.speed, behaviour: s.behaviour, radius: s.radius}
	for _, p := range s.route {
		x, y := f.xy(p.lat, p.lon)
		if n := len(m.pts); n > 0 && m.pts[n-1] == (xy{x, y}) {
			continue
		}
		d := 0.0
		if n := len(m.pts); n > 0 {
			d = m.cum[n-1] + math.Hypot(x-m.pts[n-1].x, y-m.pts[n-1].y)
		}
		m.pts, m.cum = append(m.pts, xy{x, y}), append(m.cum, d)
	}
	if m.behaviour != "loiter" && len(m.pts) < 2 {
		return m, fmt.Errorf("vessel %q: the route has no length", s.v.ID)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(s.v.ID))
	rng := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
	m.c = m.pts[0]
	m.heading = rng.Float64() * 360
	if m.radius > 0 && m.speed > 0 {
		base := m.speed / (m.radius * 0.6)
		m.w = [4]float64{base * (0.7 + 0.6*rng.Float64()), base * (1.6 + rng.Float64()),
			base * (0.7 + 0.6*rng.Float64()), base * (1.6 + rng.Float64())}
		for i := range m.ph {
			m.ph[i] = rng.Float64() * 2 * math.Pi
		}
		// scale the frequencies so the root-mean-square speed is the
		// nominal one
		ms := 0.0
		for i, w := range m.w {
			ms += math.Pow(loiterAmp[i]*m.radius*w, 2) / 2
		}
		for i := range m.w {
			m.w[i] *= m.speed / math.Sqrt(ms)
		}
	}
	return m, nil
}

// at is the vessel's state sec seconds into the simulation.
func (m *mover) at(f frame, sec float64) Vessel {
	v := m.v
	var p xy
	switch m.behaviour {
	case "loiter":
		p, v.Heading, v.Speed = m.loiter(sec)
	default:
		p, v.Heading, v.Speed = m.along(sec)
	}
	v.Lat, v.Lon = f.latLon(p.x, p.y)
	return v
}

// along is the position on a "loop" (there and back) or "once" route.
func (m *mover) along(sec float64) (xy, float64, float64) {
	total := m.cum[len(m.cum)-1]
	s, back, speed := m.speed*math.Max(sec, 0), false, m.speed
	switch {
	case m.behaviour == "once" && s >= total:
		s, speed = total, 0
	case m.behaviour == "loop":
		s = math.Mod(s, 2*total)
		if s > total {
			s, back = 2*total-s, true
		}
	}
	i := 1
	for i < len(m.cum)-1 && m.cum[i] < s {
		i++
	}
	a, b := m.pts[i-1], m.pts[i]
	k := (s - m.cum[i-1]) / (m.cum[i] - m.cum[i-1])
	p := xy{a.x + k*(b.x-a.x), a.y + k*(b.y-a.y)}
	hdg := math.Atan2(b.x-a.x, b.y-a.y) * 180 / math.Pi
	if back {
		hdg += 180
	}
	return p, normDeg(hdg), speed
}

// loiter is the position of a vessel drifting around its point.
func (m *mover) loiter(sec float64) (xy, float64, float64) {
	if m.w[0] == 0 {
		return m.c, normDeg(m.heading + 10*math.Sin(sec/60)), 0
	}
	var o, d [4]float64
	for i := range o {
		a := m.w[i]*sec + m.ph[i]
		o[i] = loiterAmp[i] * m.radius * math.Sin(a)
		d[i] = loiterAmp[i] * m.radius * m.w[i] * math.Cos(a)
	}
	dx, dy := d[0]+d[1], d[2]+d[3]
	return xy{m.c.x + o[0] + o[1], m.c.y + o[2] + o[3]}, normDeg(math.Atan2(dx, dy) * 180 / math.Pi), math.Hypot(dx, dy)
}
