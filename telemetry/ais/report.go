// Package ais decodes AIS (Automatic Identification System) traffic from
// NMEA 0183 !AIVDM/!AIVDO sentences with github.com/BertoldVdb/go-ais and
// its aisnmea package, and listens for it over UDP or TCP.
package ais

import (
	"time"

	"skerry/gcs"
)

// Class is the AIS transceiver class that sent a report.
type Class uint8

// Transceiver classes.
const (
	ClassUnknown Class = iota
	ClassA             // messages 1, 2, 3 and 5
	ClassB             // messages 18, 19 and 24
)

// String names the class.
func (c Class) String() string {
	switch c {
	case ClassA:
		return "A"
	case ClassB:
		return "B"
	}
	return "?"
}

// Report is one decoded AIS message about a vessel. A field whose Has flag is
// false was "not available" or out of range in the message and must be
// ignored.
type Report struct {
	MMSI        uint32
	MessageType uint8
	Class       Class

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

	// Static is set for static and voyage data (messages 5, 19 and 24);
	// message 24 part A carries only the name, part B the rest.
	Static *Static

	Received time.Time // tag block c: time, else the receive clock
	Source   string    // tag block s: source, else ""
}

// Static is a vessel's static data, as the core keeps it: empty strings
// and zeros are absent; dimensions to the reference point in metres.
type Static = gcs.AISStatic
