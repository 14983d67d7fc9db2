package ais

import (
	"errors"
	"fmt"
	"math"
	"time"

	goais "github.com/BertoldVdb/go-ais"
	"github.com/BertoldVdb/go-ais/aisnmea"
)

func isErr(err, target error) bool { return errors.Is(err, target) }

// report converts a decoded go-ais packet into a Report, dropping fields
// that are not available and counting those outside the standard's range.
func (d *Decoder) report(pkt *aisnmea.VdmPacket) (Report, error) {
	if pkt.Packet == nil {
		if len(pkt.Payload) >= 6 && supported(payloadType(pkt.Payload)) {
			return Report{}, fmt.Errorf("%w: type %d payload of %d bits does not decode", ErrFraming, payloadType(pkt.Payload), len(pkt.Payload))
		}
		return Report{}, fmt.Errorf("%w: type %d", ErrUnsupported, payloadType(pkt.Payload))
	}
	h := pkt.Packet.GetHeader()
	r := Report{MMSI: h.UserID, MessageType: h.MessageID, Source: pkt.TagBlock.Source, Received: d.received(pkt.TagBlock.Time)}
	bad := false
	switch p := pkt.Packet.(type) {
	case goais.PositionReport:
		r.Class = ClassA
		bad = r.motion(float64(p.Latitude), float64(p.Longitude), float64(p.Sog), float64(p.Cog), p.TrueHeading)
		if p.NavigationalStatus != 15 {
			r.HasNavStatus, r.NavStatus = true, p.NavigationalStatus
		}
	case goais.StandardClassBPositionReport:
		r.Class = ClassB
		bad = r.motion(float64(p.Latitude), float64(p.Longitude), float64(p.Sog), float64(p.Cog), p.TrueHeading)
	case goais.ExtendedClassBPositionReport:
		r.Class = ClassB
		bad = r.motion(float64(p.Latitude), float64(p.Longitude), float64(p.Sog), float64(p.Cog), p.TrueHeading)
		r.Static = &Static{Name: p.Name, ShipType: p.Type, ToBow: p.Dimension.A, ToStern: p.Dimension.B,
			ToPort: uint16(p.Dimension.C), ToStarboard: uint16(p.Dimension.D)}
	case goais.ShipStaticData:
		r.Class = ClassA
		r.Static = &Static{Name: p.Name, CallSign: p.CallSign, ShipType: p.Type, ToBow: p.Dimension.A,
			ToStern: p.Dimension.B, ToPort: uint16(p.Dimension.C), ToStarboard: uint16(p.Dimension.D)}
	case goais.StaticDataReport:
		r.Class = ClassB
		if !p.PartNumber {
			r.Static = &Static{Name: p.ReportA.Name}
		} else {
			b := p.ReportB
			r.Static = &Static{CallSign: b.CallSign, ShipType: b.ShipType, ToBow: b.Dimension.A,
				ToStern: b.Dimension.B, ToPort: uint16(b.Dimension.C), ToStarboard: uint16(b.Dimension.D)}
		}
	default:
		return Report{}, fmt.Errorf("%w: type %d", ErrUnsupported, h.MessageID)
	}
	if bad {
		d.c.outOfRange.Add(1)
	}
	return r, nil
}

// supported reports whether a message type becomes a Report.
func supported(t uint8) bool {
	switch t {
	case 1, 2, 3, 5, 18, 19, 24:
		return true
	}
	return false
}

// payloadType reads the message type from the first six payload bits
// (go-ais gives the payload one bit per byte).
func payloadType(bits []byte) uint8 {
	var t uint8
	for i := 0; i < 6 && i < len(bits); i++ {
		t = t<<1 | bits[i]&1
	}
	return t
}

// received is the tag block time (c:, Unix seconds, or milliseconds from
// some receivers) or the receive clock.
func (d *Decoder) received(c int64) time.Time {
	switch {
	case c <= 0:
		return d.now()
	case c > 1e11:
		return time.UnixMilli(c).UTC()
	}
	return time.Unix(c, 0).UTC()
}

const eps = 1e-6

// motion sets position, SOG, COG and heading from a position report,
// following ITU-R M.1371: lat 91 / lon 181 = not available, SOG 102.3 = not
// available, COG 360 = not available, heading 511 = not available. It
// returns true when a value was outside the range and not the
// not-available value; that field (or the whole position) is dropped.
func (r *Report) motion(lat, lon, sog, cog float64, heading uint16) (bad bool) {
	latNA, lonNA := math.Abs(lat-91) < eps, math.Abs(lon-181) < eps
	latOK, lonOK := math.Abs(lat) <= 90+eps, math.Abs(lon) <= 180+eps
	switch {
	case latOK && lonOK:
		r.HasPosition, r.Lat, r.Lon = true, lat, lon
	case (latNA || latOK) && (lonNA || lonOK):
	default:
		bad = true
	}
	switch {
	case sog < 102.3-eps && sog >= 0:
		r.HasSOG, r.SOG = true, sog
	case math.Abs(sog-102.3) < eps:
	default:
		bad = true
	}
	switch {
	case cog < 360-eps && cog >= 0:
		r.HasCOG, r.COG = true, cog
	case math.Abs(cog-360) < eps:
	default:
		bad = true
	}
	switch {
	case heading < 360:
		r.HasHeading, r.Heading = true, heading
	case heading == 511:
	default:
		bad = true
	}
	return bad
}
