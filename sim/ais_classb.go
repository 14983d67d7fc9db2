package sim

import (
	"math"
	"time"

	ais "github.com/BertoldVdb/go-ais"

	"skerry/sim/scene"
)

// Class B "CS" (carrier-sense TDMA) transponders, as yachts and small
// fishing boats carry: position in message 18, static data in message 24
// parts A (name) and B (type, call sign, dimensions).

// aisClassBInterval is ITU-R M.1371-5 Annex 1 Table 2's reporting
// interval for class B "CS" shipborne mobile equipment: every 3 minutes
// when not moving faster than 2 knots, every 30 seconds above (unlike
// class A and class B "SO", the rate does not rise further with speed or
// turning).
func aisClassBInterval(kn float64) time.Duration {
	if kn <= 2 {
		return 3 * time.Minute
	}
	return 30 * time.Second
}

// aisClassBStaticGap is the time between message 24 part A and part B:
// ITU-R M.1371-5 (message 24) has a "CS" unit send part B within one
// minute after part A, both once every 6 minutes.
const aisClassBStaticGap = 2 * time.Second

// aisClassBCommState is the communication state a class B "CS" unit sends
// (ITU-R M.1371-5 message 18): the selector flag set (ITDMA) and the
// default value 1100000000000000110.
const aisClassBCommState = 0b1100000000000000110

// aisClassBPosition is message 18 for vessel v at epoch+at.
func aisClassBPosition(v scene.Vessel, at time.Duration, epoch time.Time) ais.StandardClassBPositionReport {
	kn := v.Speed * msToKn
	hdg := math.Mod(math.Round(v.Heading)+360, 360)
	cog := math.Mod(math.Round(v.Heading*10)/10+360, 360)
	return ais.StandardClassBPositionReport{
		Header:                  ais.Header{MessageID: 18, UserID: v.MMSI},
		Valid:                   true,
		Sog:                     ais.Field10(round10(math.Min(kn, 102.2))),
		PositionAccuracy:        true,
		Longitude:               ais.FieldLatLonFine(roundFine(v.Lon)),
		Latitude:                ais.FieldLatLonFine(roundFine(v.Lat)),
		Cog:                     ais.Field10(round10(cog)),
		TrueHeading:             uint16(hdg),
		Timestamp:               uint8(epoch.Add(at).UTC().Second()),
		ClassBUnit:              true, // "CS"
		ClassBBand:              true,
		CommunicationStateItdma: ais.CommunicationStateItdma{CommunicationStateIsItdma: true, CommunicationState: aisClassBCommState},
	}
}

// aisClassBStatic is message 24 part A (the name) or, with partB, part B
// (type, call sign, dimensions) for vessel v.
func aisClassBStatic(v scene.Vessel, partB bool) ais.StaticDataReport {
	m := ais.StaticDataReport{Header: ais.Header{MessageID: 24, UserID: v.MMSI}, Valid: true, PartNumber: partB}
	if !partB {
		name := v.Name
		if name == "" {
			name = v.ID
		}
		m.ReportA = ais.StaticDataReportA{Valid: true, Name: aisText(name, 20)}
		return m
	}
	m.ReportB = ais.StaticDataReportB{
		Valid:     true,
		ShipType:  aisShipTypes[v.Type],
		CallSign:  aisCallSign(v.MMSI),
		Dimension: aisDimension(v),
		FixType:   1, // GPS
	}
	return m
}
