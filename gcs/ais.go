package gcs

import (
	"errors"
	"fmt"
	"time"
)

// MaxMMSI is the largest Maritime Mobile Service Identity (nine digits).
const MaxMMSI = 999_999_999

// ErrNoAISVessel: no AIS vessel of that MMSI is in the live picture.
var ErrNoAISVessel = errors.New("no such AIS vessel")

// AISReport is one decoded AIS message about a vessel, as an AIS adapter
// (telemetry/ais) hands it to the core. A field whose Has flag is false was
// not in the message and is ignored.
type AISReport struct {
	MMSI  uint32
	Class string // "A", "B" or "" (unknown)

	HasPosition bool
	Lat, Lon    float64 // degrees, WGS84

	HasSOG bool
	SOG    float64 // knots

	HasCOG bool
	COG    float64 // degrees true

	HasHeading bool
	Heading    uint16 // degrees true

	HasNavStatus bool
	NavStatus    uint8 // ITU-R M.1371 navigational status 0..14

	// Static is set for static and voyage data (messages 5, 19, 24): its
	// non-empty fields are merged into what is known of the vessel.
	Static *AISStatic

	// Received is when the message was sent or received (the receiver's
	// tag block time, else the station's clock); zero: when applied.
	Received time.Time
	// Source names the receiver or feed it came from.
	Source string
}

// AISStatic is a vessel's static data. Empty strings and zeros are absent.
type AISStatic struct {
	Name     string `json:"name,omitempty"`
	CallSign string `json:"call_sign,omitempty"`
	ShipType uint8  `json:"ship_type,omitempty"` // ITU-R M.1371 type of ship and cargo; 0: not available
	// Dimensions to the reference point, metres.
	ToBow       uint16 `json:"to_bow,omitempty"`
	ToStern     uint16 `json:"to_stern,omitempty"`
	ToPort      uint16 `json:"to_port,omitempty"`
	ToStarboard uint16 `json:"to_starboard,omitempty"`
}

// merge sets the fields of s that o has.
func (s *AISStatic) merge(o *AISStatic) {
	if o.Name != "" {
		s.Name = o.Name
	}
	if o.CallSign != "" {
		s.CallSign = o.CallSign
	}
	if o.ShipType != 0 {
		s.ShipType = o.ShipType
	}
	if o.ToBow != 0 || o.ToStern != 0 || o.ToPort != 0 || o.ToStarboard != 0 {
		s.ToBow, s.ToStern, s.ToPort, s.ToStarboard = o.ToBow, o.ToStern, o.ToPort, o.ToStarboard
	}
}

// AISVessel is what the station knows of one vessel from AIS: its latest
// dynamic data (each field absent until a message carried it), its static
// data merged across messages 5, 19 and 24 A/B, and when it was heard.
type AISVessel struct {
	MMSI  uint32 `json:"mmsi"`
	Class string `json:"class,omitempty"`
	AISStatic
	// Position is the latest position; nil until one was reported.
	Position  *AISPosition `json:"position,omitempty"`
	SOG       *float64     `json:"sog_kn,omitempty"`
	COG       *float64     `json:"cog_deg,omitempty"`
	Heading   *uint16      `json:"heading_deg,omitempty"`
	NavStatus *uint8       `json:"nav_status,omitempty"`
	// FirstHeard and LastHeard are the station's clock when its first and
	// latest messages were applied; Reports counts the messages.
	FirstHeard time.Time `json:"first_heard"`
	LastHeard  time.Time `json:"last_heard"`
	Reports    uint64    `json:"reports"`
	// Source is the source of the latest message.
	Source string `json:"source,omitempty"`
}

// AISPosition is a reported position with when and where it came from.
type AISPosition struct {
	Lat    float64   `json:"lat"`
	Lon    float64   `json:"lon"`
	Time   time.Time `json:"time"`
	Source string    `json:"source,omitempty"`
}

// CheckAISReport says why a report cannot be applied: an MMSI of 0 or
// more than nine digits, a position off the globe, a NaN or infinite
// speed or course, a source over 256 bytes.
func CheckAISReport(r *AISReport) error {
	switch {
	case r.MMSI == 0 || r.MMSI > MaxMMSI:
		return fmt.Errorf("MMSI %d is not one (1..%d)", r.MMSI, MaxMMSI)
	case r.HasPosition && !(r.Lat >= -90 && r.Lat <= 90 && r.Lon >= -180 && r.Lon <= 180):
		return fmt.Errorf("position %v,%v is off the globe", r.Lat, r.Lon)
	case r.HasSOG && !(r.SOG >= 0 && r.SOG < 1e4):
		return fmt.Errorf("speed %v kn is not one", r.SOG)
	case r.HasCOG && !(r.COG >= 0 && r.COG < 360):
		return fmt.Errorf("course %v° is not one", r.COG)
	case r.HasHeading && r.Heading >= 360:
		return fmt.Errorf("heading %d° is not one", r.Heading)
	case len(r.Source) > 256:
		return errors.New("source name over 256 bytes")
	}
	return nil
}

// aisEntry is a vessel's state on the owner goroutine.
type aisEntry struct {
	v AISVessel
	// dyn is the time of the latest dynamic data applied: an older
	// message's dynamic fields are stale and ignored.
	dyn time.Time
}

// apply merges r, heard at now; false when its dynamic data was older
// than what is known (its static data is merged all the same).
func (e *aisEntry) apply(r *AISReport, now time.Time) bool {
	t := r.Received
	if t.IsZero() {
		t = now
	}
	v := &e.v
	if v.Reports == 0 {
		v.FirstHeard = now
	}
	v.Reports++
	v.LastHeard = now
	v.Source = r.Source
	if r.Class != "" {
		v.Class = r.Class
	}
	if r.Static != nil {
		v.AISStatic.merge(r.Static)
	}
	dynamic := r.HasPosition || r.HasSOG || r.HasCOG || r.HasHeading || r.HasNavStatus
	if !dynamic {
		return true
	}
	if t.Before(e.dyn) {
		return false
	}
	e.dyn = t
	if r.HasPosition {
		v.Position = &AISPosition{Lat: r.Lat, Lon: r.Lon, Time: t, Source: r.Source}
	}
	if r.HasSOG {
		v.SOG = ptr(r.SOG)
	}
	if r.HasCOG {
		v.COG = ptr(r.COG)
	}
	if r.HasHeading {
		v.Heading = ptr(r.Heading)
	}
	if r.HasNavStatus {
		v.NavStatus = ptr(r.NavStatus)
	}
	return true
}

func ptr[T any](v T) *T { return &v }
