package sim

import (
	"context"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/sim/scene"
)

// Vehicles carrying an AIS receiver (Config.AISReceiver) relay the AIS
// vessels they hear as MAVLink AIS_VESSEL (id 301), as ArduPilot's AP_AIS
// does: every vessel with a working transponder within range, each at most
// every aisRelayInterval of simulated time.

// aisRelayInterval is the least time between two relays of one vessel by
// one vehicle.
const aisRelayInterval = 10 * time.Second

// defaultAISRange is the receiver's range without Config.AISRange: 20 NM,
// a VHF receiver's typical range from a drone at patrol altitude.
const defaultAISRange = 20 * 1852.0

// aisShipAntenna is the height of a vessel's AIS antenna above the sea
// (metres), for the radio horizon.
const aisShipAntenna = 5.0

// aisHorizon is VHF's radio horizon in metres between an antenna at
// altitude alt (metres above the sea) and a vessel's: 4.12 km × (√h1 +
// √h2), the 4/3-Earth approximation.
func aisHorizon(alt float64) float64 {
	return 4120 * (math.Sqrt(aisShipAntenna) + math.Sqrt(math.Max(alt, 1)))
}

// aisRelay is the AIS receivers of the vehicles, on one goroutine.
type aisRelay struct {
	world    *scene.World
	rng      float64                    // metres
	last     []map[uint32]time.Duration // per vehicle: when each MMSI was last relayed
	vesselsT time.Duration              // simulated time of vessels
	vessels  []scene.Vessel
}

func newAISRelay(world *scene.World, rng float64, vehicles int) *aisRelay {
	r := &aisRelay{world: world, rng: rng, last: make([]map[uint32]time.Duration, vehicles)}
	for i := range r.last {
		r.last[i] = map[uint32]time.Duration{}
	}
	return r
}

// runAISRelay relays, every simulated second (every 10 to 100 ms of
// wall-clock time), what each vehicle has become due to relay.
func (s *Sim) runAISRelay(ctx context.Context, r *aisRelay) {
	defer s.wg.Done()
	period := min(max(time.Duration(float64(time.Second)/s.cfg.Speedup), 10*time.Millisecond), 100*time.Millisecond)
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			t := s.simNow(now)
			r.vessels, r.vesselsT = r.world.Vessels(t), t
			for i, v := range s.vehicles {
				v.mu.Lock()
				r.relay(v, r.last[i])
				v.mu.Unlock()
			}
		}
	}
}

// relay sends vehicle v's due AIS_VESSEL messages. The caller holds v.mu.
func (r *aisRelay) relay(v *vehicle, last map[uint32]time.Duration) {
	at := r.vesselsT
	reach := math.Min(r.rng, aisHorizon(v.st.alt))
	for _, vs := range r.vessels {
		if !vs.AIS || vs.AISOffAfter > 0 && at >= vs.AISOffAfter {
			continue
		}
		if l, ok := last[vs.MMSI]; ok && at-l < aisRelayInterval {
			continue
		}
		if n, e := neDistance(v.st.lat, v.st.lon, vs.Lat, vs.Lon); math.Hypot(n, e) > reach {
			continue
		}
		last[vs.MMSI] = at
		v.send(aisVessel(vs))
	}
}

// aisVessel is AIS_VESSEL for vessel vs, as a receiver decoding its
// broadcast would fill it: position, course, heading, speed, navigational
// status (class A only), type, dimensions, call sign and name, with their
// AIS_FLAGS_VALID_* flags.
func aisVessel(vs scene.Vessel) *common.MessageAisVessel {
	kn := vs.Speed * msToKn
	hdg := math.Mod(math.Round(vs.Heading)+360, 360)
	nav := common.AIS_NAV_STATUS_UNKNOWN // class B has none
	if vs.AISClass != "B" {
		nav = common.AIS_NAV_STATUS_UNDER_WAY
		if kn < aisAnchoredKn {
			nav = common.AIS_NAV_STATUS_ANCHORED
		}
	}
	name := vs.Name
	if name == "" {
		name = vs.ID
	}
	dim := aisDimension(vs)
	flags := common.AIS_FLAGS_POSITION_ACCURACY | common.AIS_FLAGS_VALID_COG | common.AIS_FLAGS_VALID_VELOCITY |
		common.AIS_FLAGS_VALID_DIMENSIONS | common.AIS_FLAGS_VALID_CALLSIGN | common.AIS_FLAGS_VALID_NAME
	return &common.MessageAisVessel{
		Mmsi:               vs.MMSI,
		Lat:                degE7(vs.Lat),
		Lon:                degE7(vs.Lon),
		Cog:                uint16(math.Mod(math.Round(vs.Heading*100)+36000, 36000)),
		Heading:            uint16(hdg * 100),
		Velocity:           uint16(math.Min(math.Round(vs.Speed*100), 65534)),
		NavigationalStatus: nav,
		Type:               common.AIS_TYPE(aisShipTypes[vs.Type]),
		DimensionBow:       dim.A,
		DimensionStern:     dim.B,
		DimensionPort:      dim.C,
		DimensionStarboard: dim.D,
		Callsign:           aisCallSign(vs.MMSI),
		Name:               aisText(name, 20),
		Flags:              flags,
	}
}
