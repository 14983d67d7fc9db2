package sim

import (
	"context"
	"fmt"
	"math/rand"
	"net"
	"os"
	"slices"
	"sync/atomic"
	"time"

	ais "github.com/BertoldVdb/go-ais"
	"github.com/BertoldVdb/go-ais/aisnmea"

	"skerry/sim/scene"
)

// AISStats counts the simulated AIS transmissions since Start. A message
// is one position report (type 1, or 18 from class B) or one static report
// (type 5, two sentences; or one part of class B's type 24); every message
// is in exactly one of Sent, Dropped, Collided.
type AISStats struct {
	Sent      int64 // messages sent over UDP
	Sentences int64 // !AIVDM sentences sent
	Dropped   int64 // messages lost to Config.AISDrop
	Collided  int64 // messages lost because another took the same slot of the same channel
}

// aisCounters are AISStats, safe for concurrent use.
type aisCounters struct{ sent, sentences, dropped, collided atomic.Int64 }

// aisTx is the sim's AIS: the transponders of the scenario's vessels that
// carry one, on one goroutine (runAIS) that owns all of it, and the
// vehicles' AIS receivers (relay, on its own goroutine).
type aisTx struct {
	world    *scene.World
	relay    *aisRelay    // nil without Config.AISReceiver (aisrelay.go)
	raddr    *net.UDPAddr // nil without Config.AISAddr: no broadcast
	conn     *net.UDPConn
	stations []*aisStation
	drop     float64
	rng      *rand.Rand
	nc       *aisnmea.NMEACodec
	epoch    time.Time // UTC at simulated time 0
	stats    aisCounters
}

// AISStats returns the AIS counters (zero without Config.AISAddr).
func (s *Sim) AISStats() AISStats {
	if s.ais == nil {
		return AISStats{}
	}
	c := &s.ais.stats
	return AISStats{Sent: c.sent.Load(), Sentences: c.sentences.Load(), Dropped: c.dropped.Load(), Collided: c.collided.Load()}
}

// setupAIS builds the transponders when Config.AISAddr is set, and the
// vehicles' receivers with Config.AISReceiver (New).
func (s *Sim) setupAIS() error {
	if s.cfg.AISAddr == "" && !s.cfg.AISReceiver {
		return nil
	}
	if !(s.cfg.AISDrop >= 0 && s.cfg.AISDrop <= 1) {
		return fmt.Errorf("sim: AIS drop probability %v is not 0–1", s.cfg.AISDrop)
	}
	if !(s.cfg.AISRange >= 0 && s.cfg.AISRange < 1e7) {
		return fmt.Errorf("sim: AIS receiver range %v m is not a distance", s.cfg.AISRange)
	}
	var raddr *net.UDPAddr
	var err error
	if s.cfg.AISAddr != "" {
		if raddr, err = net.ResolveUDPAddr("udp", s.cfg.AISAddr); err != nil {
			return fmt.Errorf("sim: AIS address: %w", err)
		}
	}
	data := DefaultScenario()
	if s.cfg.Scenario != "" {
		if data, err = os.ReadFile(s.cfg.Scenario); err != nil {
			return fmt.Errorf("sim: scenario: %w", err)
		}
	}
	world, err := scene.NewWorld(data, s.cfg.Seed)
	if err != nil {
		return fmt.Errorf("sim: AIS world: %w", err)
	}
	a := &aisTx{world: world, raddr: raddr, drop: s.cfg.AISDrop, rng: seededRand(s.cfg.Seed, -1, 0, 5),
		nc: aisnmea.NMEACodecNew(ais.CodecNew(false, false))}
	for i, v := range world.Vessels(0) {
		if !v.AIS {
			continue
		}
		st := &aisStation{idx: i, mmsi: v.MMSI, off: v.AISOffAfter, classB: v.AISClass == "B"}
		iv := st.interval(world, 0, v)
		first := time.Duration(a.rng.Int63n(int64(iv)))
		st.nominal, st.nextPos = first, first
		st.nextStatic = time.Duration(a.rng.Int63n(int64(30 * time.Second)))
		st.channel = a.rng.Intn(2)
		a.stations = append(a.stations, st)
	}
	if s.cfg.AISReceiver {
		rng := s.cfg.AISRange
		if rng == 0 {
			rng = defaultAISRange
		}
		a.relay = newAISRelay(world, rng, len(s.vehicles))
	}
	s.ais = a
	return nil
}

// startAIS opens the UDP socket and starts the transmitter (Start).
func (s *Sim) startAIS(ctx context.Context) error {
	if s.ais == nil {
		return nil
	}
	if s.ais.relay != nil {
		s.wg.Add(1)
		go s.runAISRelay(ctx, s.ais.relay)
	}
	if s.ais.raddr == nil {
		return nil
	}
	var err error
	if s.ais.conn, err = net.DialUDP("udp", nil, s.ais.raddr); err != nil {
		return fmt.Errorf("sim: AIS: %w", err)
	}
	s.ais.epoch = time.Now().UTC()
	s.wg.Add(1)
	go s.runAIS(ctx)
	return nil
}

// runAIS transmits, every 10 ms of wall-clock time, the messages of the
// slots that have passed in simulated time.
func (s *Sim) runAIS(ctx context.Context) {
	defer s.wg.Done()
	defer s.ais.conn.Close()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			// a message and the slot after it are complete before it goes
			cut := (s.simNow(now)/aisSlot - 1) * aisSlot
			s.ais.transmit(s, cut)
		}
	}
}

// transmit sends every message due before cut (simulated time).
func (a *aisTx) transmit(s *Sim, cut time.Duration) {
	var msgs []aisMsg
	for _, st := range a.stations {
		for {
			m, ok := st.due(a.world, a.rng, cut)
			if !ok {
				break
			}
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		return
	}
	slices.SortStableFunc(msgs, func(x, y aisMsg) int { return int(x.at - y.at) })
	lost := aisCollide(msgs)
	for i, m := range msgs {
		if lost[i] {
			a.stats.collided.Add(1)
			continue
		}
		if a.drop > 0 && a.rng.Float64() < a.drop {
			a.stats.dropped.Add(1)
			continue
		}
		lines := aisSentences(a.nc, m.packet(a.epoch), m.channel)
		if len(lines) == 0 {
			s.log.Warn("AIS: message not encodable", "mmsi", m.st.mmsi)
			a.stats.dropped.Add(1)
			continue
		}
		buf := []byte{}
		for _, l := range lines {
			buf = append(buf, l...)
		}
		if _, err := a.conn.Write(buf); err != nil {
			s.log.Debug("AIS: send", "err", err)
			a.stats.dropped.Add(1)
			continue
		}
		a.stats.sent.Add(1)
		a.stats.sentences.Add(int64(len(lines)))
	}
}
