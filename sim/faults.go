package sim

import (
	"hash/fnv"
	"math/rand"
	"time"
)

// endpoint is one vehicle on one path: its socket (UDP paths), its
// sequence numbers and its seeded fault-injection random sources. It is
// guarded by the owning vehicle's mutex.
type endpoint struct {
	v    *vehicle
	p    *path
	conn udpConn // UDP paths only
	seq  uint8
	out  *rand.Rand // outbound drop/jitter draws
	in   *rand.Rand // inbound drop/jitter draws
}

// seededRand returns a random source derived from the sim seed and the
// given coordinates, so each (vehicle, path, direction) draws its own
// repeatable sequence whatever the goroutine interleaving.
func seededRand(seed int64, parts ...int) *rand.Rand {
	h := fnv.New64a()
	var b [8]byte
	for _, p := range append([]int{int(seed)}, parts...) {
		for i := range b {
			b[i] = byte(uint64(p) >> (8 * i))
		}
		h.Write(b[:])
	}
	return rand.New(rand.NewSource(int64(h.Sum64())))
}

// faultDecision draws whether a frame is dropped and how long it is delayed.
func faultDecision(f *Faults, r *rand.Rand, drop float64) (bool, time.Duration) {
	if f == nil {
		return false, 0
	}
	if drop > 0 && r.Float64() < drop {
		return true, 0
	}
	d := f.Delay
	if f.Jitter > 0 {
		d += time.Duration(r.Int63n(int64(f.Jitter)))
	}
	return false, d
}

// emit sends one frame from the vehicle on this path, applying cuts, drops
// and delays. b is reused by the caller after return.
func (ep *endpoint) emit(b []byte) {
	st := &ep.v.sim.stats
	if ep.p.isCut() {
		st.dropped.Add(1)
		return
	}
	f := ep.p.faults.Load()
	drop, delay := faultDecision(f, ep.out, dropOut(f))
	if drop {
		st.dropped.Add(1)
		return
	}
	st.framesOut.Add(1)
	st.bytesOut.Add(int64(len(b)))
	if delay <= 0 {
		ep.write(b)
		return
	}
	c := append([]byte(nil), b...)
	time.AfterFunc(delay, func() { ep.write(c) })
}

// write puts a frame on the wire.
func (ep *endpoint) write(b []byte) {
	if ep.conn != nil {
		_, _ = ep.conn.WriteToUDP(b, ep.p.udpTarget)
		return
	}
	ep.p.broadcast(b)
}

// dropOut and dropIn read drop fractions from possibly nil faults.
func dropOut(f *Faults) float64 {
	if f == nil {
		return 0
	}
	return f.DropOut
}

func dropIn(f *Faults) float64 {
	if f == nil {
		return 0
	}
	return f.DropIn
}

// isCut reports whether the path is silent now.
func (p *path) isCut() bool {
	u := p.cutUntil.Load()
	return u < 0 || (u > 0 && time.Now().UnixNano() < u)
}
