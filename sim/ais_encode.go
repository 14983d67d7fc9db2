package sim

import (
	"math"
	"strconv"
	"strings"
	"time"

	ais "github.com/BertoldVdb/go-ais"
	"github.com/BertoldVdb/go-ais/aisnmea"

	"skerry/sim/scene"
)

// aisShipTypes are message 5's ship-and-cargo types for the scenario's
// vessel types (ITU-R M.1371 table 53).
var aisShipTypes = map[string]uint8{"cargo": 70, "fishing": 30, "yacht": 37, "patrol": 55, "rib": 37}

// round10 makes a value the codec, which truncates value×10, encodes as
// its nearest tenth.
func round10(x float64) float64 { return (math.Round(x*10) + 0.5) / 10 }

// roundFine does the same for 1/10000 minute positions.
func roundFine(deg float64) float64 {
	u := math.Round(deg * 600000)
	return (u + math.Copysign(0.5, u)) / 600000
}

// aisPosition is message 1 for vessel v at epoch+at.
func aisPosition(v scene.Vessel, at time.Duration, epoch time.Time) ais.PositionReport {
	kn := v.Speed * msToKn
	status := uint8(0) // under way using engine
	if kn < aisAnchoredKn {
		status = 1 // at anchor
	}
	hdg := math.Mod(math.Round(v.Heading)+360, 360)
	cog := math.Mod(math.Round(v.Heading*10)/10+360, 360)
	return ais.PositionReport{
		Header:             ais.Header{MessageID: 1, UserID: v.MMSI},
		Valid:              true,
		NavigationalStatus: status,
		RateOfTurn:         -128, // no turn information
		Sog:                ais.Field10(round10(math.Min(kn, 102.2))),
		PositionAccuracy:   true,
		Longitude:          ais.FieldLatLonFine(roundFine(v.Lon)),
		Latitude:           ais.FieldLatLonFine(roundFine(v.Lat)),
		Cog:                ais.Field10(round10(cog)),
		TrueHeading:        uint16(hdg),
		Timestamp:          uint8(epoch.Add(at).UTC().Second()),
	}
}

// aisText is s in AIS's 6-bit character set (upper case, unknown
// characters as spaces), at most n characters.
func aisText(s string, n int) string {
	s = strings.ToUpper(s)
	b := make([]byte, 0, n)
	for i := 0; i < len(s) && len(b) < n; i++ {
		c := s[i]
		if c < 32 || c > 95 {
			c = ' '
		}
		b = append(b, c)
	}
	return string(b)
}

// aisStatic is message 5 for vessel v.
func aisStatic(v scene.Vessel) ais.ShipStaticData {
	name := v.Name
	if name == "" {
		name = v.ID
	}
	draught := map[string]float64{"cargo": 10, "fishing": 3, "yacht": 2, "patrol": 2, "rib": 0.6}[v.Type]
	return ais.ShipStaticData{
		Header:               ais.Header{MessageID: 5, UserID: v.MMSI},
		Valid:                true,
		AisVersion:           2,
		CallSign:             aisCallSign(v.MMSI),
		Name:                 aisText(name, 20),
		Type:                 aisShipTypes[v.Type],
		Dimension:            aisDimension(v),
		FixType:              1, // GPS
		Eta:                  ais.FieldETA{Month: 0, Day: 0, Hour: 24, Minute: 60},
		MaximumStaticDraught: ais.Field10(round10(draught)),
		Destination:          "ALGECIRAS",
	}
}

// aisCallSign is the made-up call sign of a scenario vessel.
func aisCallSign(mmsi uint32) string {
	return aisText("SK"+strconv.FormatUint(uint64(mmsi%100000), 10), 7)
}

// aisDimension is a vessel's dimensions to a reference point amidships,
// in metres, clamped to AIS's fields (511 and 63 m: "or more").
func aisDimension(v scene.Vessel) ais.FieldDimension {
	l, b := math.Round(v.Length), math.Round(v.Beam)
	a, c := math.Round(l/2), math.Round(b/2)
	return ais.FieldDimension{A: uint16(min(a, 511)), B: uint16(min(l-a, 511)), C: uint8(min(c, 63)), D: uint8(min(b-c, 63))}
}

// aisSentences encodes a message as !AIVDM sentences (two for message 5,
// with the codec's sequential message id 0–9), each ending in CR LF.
func aisSentences(nc *aisnmea.NMEACodec, p ais.Packet, channel int) []string {
	out := nc.EncodeSentence(aisnmea.VdmPacket{Channel: byte(channel + 1), TalkerID: "AI", MessageType: "VDM", Packet: p})
	for i := range out {
		out[i] += "\r\n"
	}
	return out
}
