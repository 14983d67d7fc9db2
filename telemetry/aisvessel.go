package telemetry

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// AISVesselStats counts the MAVLink AIS_VESSEL messages (id 301) heard
// from drones carrying an AIS receiver: every one is either Applied
// (handed to Station.AIS) or Rejected (malformed). Without Station.AIS
// they are ignored and not counted.
type AISVesselStats struct {
	Applied  int64
	Rejected int64
	// LastRejected says why the latest rejected message was refused.
	LastRejected string
}

// aisVesselCounters are AISVesselStats, safe for concurrent use.
type aisVesselCounters struct {
	applied, rejected atomic.Int64
	last              atomic.Pointer[string]
	log               limiter
}

// AISVesselStats returns the AIS_VESSEL counters.
func (s *Station) AISVesselStats() AISVesselStats {
	c := &s.aisVessels
	st := AISVesselStats{Applied: c.applied.Load(), Rejected: c.rejected.Load()}
	if p := c.last.Load(); p != nil {
		st.LastRejected = *p
	}
	return st
}

// onAISVessel converts an AIS_VESSEL relayed by vehicle v and hands it to
// the AIS sink, or counts it rejected.
func (s *Station) onAISVessel(v *vehicle, m *common.MessageAisVessel, now time.Time) {
	if s.AIS == nil {
		return
	}
	r, err := decodeAISVessel(m, "mavlink:"+string(v.id), now)
	if err != nil {
		c := &s.aisVessels
		c.rejected.Add(1)
		why := err.Error()
		c.last.Store(&why)
		c.log.period = 10 * time.Second
		c.log.log(s.Log, now, "AIS_VESSEL rejected", "vehicle", v.id, "mmsi", m.Mmsi, "err", err)
		return
	}
	s.aisVessels.applied.Add(1)
	s.AIS(r)
}

// MAVLink's "not available" markers of AIS_VESSEL, in its units.
const (
	aisHeadingNA  = 36000 // cdeg
	aisVelocityNA = 65535 // cm/s
	aisMaxSOGKn   = 102.2 // AIS's largest speed; more sets AIS_FLAGS_HIGH_VELOCITY
	cmsToKn       = 3600.0 / 185200
	// aisNAEps is how near (degE7) a latitude or longitude must be to ITU-R
	// M.1371's "not available" 91° and 181° to be that marker: ArduPilot's
	// AP_AIS converts the AIS position to degE7 in single precision, which
	// moves 91° by up to 64 units.
	aisNAEps = 1000
)

// decodeAISVessel converts AIS_VESSEL into the core's report. Fields whose
// AIS_FLAGS_VALID_* flag is clear, or which hold a "not available" marker,
// are absent: latitude 91° or longitude 181° (ITU-R M.1371's, which
// ArduPilot's AP_AIS passes on), heading 36000 cdeg (MAVLink's) or more
// (AP_AIS passes AIS's 511° on as 51100), velocity 65535, navigational
// status 15. Other values out of their range make it an error: the whole
// message is refused, as a receiver that garbles one field may have
// garbled others. Received is now less the message's time since last
// communication (tslc).
func decodeAISVessel(m *common.MessageAisVessel, source string, now time.Time) (gcs.AISReport, error) {
	r := gcs.AISReport{MMSI: m.Mmsi, Source: source, Received: now.Add(-time.Duration(m.Tslc) * time.Second)}
	f := m.Flags
	switch {
	case near(m.Lat, 91e7) || near(m.Lon, 181e7):
	case m.Lat < -90e7 || m.Lat > 90e7 || m.Lon < -180e7 || m.Lon > 180e7:
		return r, fmt.Errorf("position %v,%v is off the globe", degE7(m.Lat), degE7(m.Lon))
	default:
		r.HasPosition, r.Lat, r.Lon = true, degE7(m.Lat), degE7(m.Lon)
	}
	if f&common.AIS_FLAGS_VALID_COG != 0 {
		if m.Cog >= 36000 {
			return r, fmt.Errorf("COG %d cdeg is not 0–35999", m.Cog)
		}
		r.HasCOG, r.COG = true, float64(m.Cog)/100
	}
	if m.Heading < aisHeadingNA {
		// AIS carries whole degrees; the core's heading is one
		r.HasHeading, r.Heading = true, uint16(math.Round(float64(m.Heading)/100))%360
	}
	if f&common.AIS_FLAGS_VALID_VELOCITY != 0 && m.Velocity != aisVelocityNA {
		r.HasSOG, r.SOG = true, float64(m.Velocity)*cmsToKn
		if f&common.AIS_FLAGS_HIGH_VELOCITY != 0 {
			r.SOG = math.Max(r.SOG, aisMaxSOGKn)
		}
	}
	switch {
	case m.NavigationalStatus == common.AIS_NAV_STATUS_UNKNOWN:
	case m.NavigationalStatus > common.AIS_NAV_STATUS_UNKNOWN:
		return r, fmt.Errorf("navigational status %d is not 0–15", m.NavigationalStatus)
	default:
		r.HasNavStatus, r.NavStatus = true, uint8(m.NavigationalStatus)
	}
	st := aisVesselStatic(m)
	if st != (gcs.AISStatic{}) {
		r.Static = &st
	}
	if err := gcs.CheckAISReport(&r); err != nil {
		return r, err
	}
	return r, nil
}

// near tells whether a degE7 value is within aisNAEps of a marker.
func near(v int32, marker int64) bool {
	d := int64(v) - marker
	return d >= -aisNAEps && d <= aisNAEps
}

// aisVesselStatic is the static part of AIS_VESSEL: type, the dimensions
// with AIS_FLAGS_VALID_DIMENSIONS (a LARGE flag makes its side at least
// AIS's largest, 511 or 63 m), call sign and name with their VALID flags.
func aisVesselStatic(m *common.MessageAisVessel) gcs.AISStatic {
	f := m.Flags
	st := gcs.AISStatic{ShipType: uint8(m.Type)}
	if f&common.AIS_FLAGS_VALID_DIMENSIONS != 0 {
		large := func(v uint16, flag common.AIS_FLAGS, least uint16) uint16 {
			if f&flag != 0 {
				return max(v, least)
			}
			return v
		}
		st.ToBow = large(m.DimensionBow, common.AIS_FLAGS_LARGE_BOW_DIMENSION, 511)
		st.ToStern = large(m.DimensionStern, common.AIS_FLAGS_LARGE_STERN_DIMENSION, 511)
		st.ToPort = large(uint16(m.DimensionPort), common.AIS_FLAGS_LARGE_PORT_DIMENSION, 63)
		st.ToStarboard = large(uint16(m.DimensionStarboard), common.AIS_FLAGS_LARGE_STARBOARD_DIMENSION, 63)
	}
	if f&common.AIS_FLAGS_VALID_CALLSIGN != 0 {
		st.CallSign = aisString(m.Callsign)
	}
	if f&common.AIS_FLAGS_VALID_NAME != 0 {
		st.Name = aisString(m.Name)
	}
	return st
}

// aisString is an AIS text field without its padding ('@' and spaces) and
// with anything outside AIS's 6-bit character set as '?'.
func aisString(s string) string {
	s = strings.ToUpper(strings.TrimRight(strings.TrimRight(s, "\x00"), "@ "))
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 95 {
			return '?'
		}
		return r
	}, s)
}
