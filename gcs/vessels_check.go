package gcs

import (
	"errors"
	"fmt"
	"math"
	"regexp"
)

// Bounds of what Vessels takes from the tracker; beyond them an update is
// absurd and skipped.
const (
	MaxVesselIDLen    = 64
	MaxVesselErrorM   = 50_000  // metres: beyond, the position says nothing
	MaxVesselSpeed    = 60      // m/s, about 117 knots
	MaxVesselLength   = 500     // metres
	MaxVesselSnapshot = 2 << 20 // bytes of JPEG
	MaxVesselSeenBy   = 64      // sightings
	maxDetectionBoxes = 1000    // boxes in one frame
	maxFrameSide      = 16384   // pixels
)

// vesselIDPattern is what contact ids are made of: URL-safe.
var vesselIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)

// ValidVesselID reports whether id can name a contact: 1 to 64 letters,
// digits, '-', '_', '.' or '~'.
func ValidVesselID(id VesselID) bool {
	return len(id) > 0 && len(id) <= MaxVesselIDLen && vesselIDPattern.MatchString(string(id))
}

// CheckVesselUpdate refuses an update Vessels cannot keep: a bad id, a
// position off the globe or not a number, an error, speed, course, length
// or score out of range, no last-seen time, or a picture that is not a
// JPEG or too large. It fills FirstSeen from LastSeen when missing and
// clears Snapshot (Vessels sets the URL path itself).
func CheckVesselUpdate(u *VesselUpdate) error {
	v := &u.Vessel
	switch {
	case !ValidVesselID(v.ID):
		return fmt.Errorf("contact id %q is not one: 1 to %d letters, digits, '-', '_', '.' or '~'", truncateID(v.ID), MaxVesselIDLen)
	case !finite(v.Lat) || !finite(v.Lon) || math.Abs(v.Lat) > 90 || math.Abs(v.Lon) > 180:
		return fmt.Errorf("position %g, %g is off the globe", v.Lat, v.Lon)
	case !finite(v.ErrorM) || v.ErrorM < 0 || v.ErrorM > MaxVesselErrorM:
		return fmt.Errorf("position error %g m is not in [0, %d]", v.ErrorM, MaxVesselErrorM)
	case !finite(v.Score) || v.Score < 0 || v.Score > 1:
		return fmt.Errorf("score %g is not in [0, 1]", v.Score)
	case v.Speed.Known() && (v.Speed < 0 || v.Speed > MaxVesselSpeed):
		return fmt.Errorf("speed %g m/s is not in [0, %d]", float64(v.Speed), MaxVesselSpeed)
	case v.Course.Known() && (v.Course < 0 || v.Course >= 360):
		return fmt.Errorf("course %g° is not in [0, 360)", float64(v.Course))
	case v.Length.Known() && (v.Length <= 0 || v.Length > MaxVesselLength):
		return fmt.Errorf("length %g m is not in (0, %d]", float64(v.Length), MaxVesselLength)
	case v.LastSeen.IsZero() || v.LastSeen.Year() < 2000 || v.LastSeen.Year() > 9999:
		return fmt.Errorf("last seen %s is not a time", v.LastSeen)
	case !v.FirstSeen.IsZero() && v.FirstSeen.After(v.LastSeen):
		return errors.New("first seen after last seen")
	case len(v.SeenBy) > MaxVesselSeenBy:
		return fmt.Errorf("%d sightings, at most %d", len(v.SeenBy), MaxVesselSeenBy)
	case len(u.Snapshot) > MaxVesselSnapshot:
		return fmt.Errorf("snapshot of %d bytes, at most %d", len(u.Snapshot), MaxVesselSnapshot)
	case u.Snapshot != nil && !isJPEG(u.Snapshot):
		return errors.New("snapshot is not a JPEG")
	}
	if v.FirstSeen.IsZero() || v.FirstSeen.Year() < 2000 {
		v.FirstSeen = v.LastSeen
	}
	v.Snapshot = ""
	return nil
}

// isJPEG reports whether b starts like a JPEG (SOI then a marker).
func isJPEG(b []byte) bool { return len(b) >= 4 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff }

// CheckDetections refuses a frame's detections the consoles cannot draw:
// no vehicle or stream, a frame size out of range, too many boxes, a box
// outside the frame or empty, a score not in [0, 1], a contact id that is
// not one.
func CheckDetections(d *Detections) error {
	switch {
	case d.Vehicle == "" || len(d.Vehicle) > MaxVesselIDLen || d.Stream == "" || len(d.Stream) > MaxVesselIDLen:
		return errors.New("detections need a vehicle and a stream (at most 64 bytes each)")
	case d.Width <= 0 || d.Height <= 0 || d.Width > maxFrameSide || d.Height > maxFrameSide:
		return fmt.Errorf("frame %dx%d is not a frame size", d.Width, d.Height)
	case len(d.Boxes) > maxDetectionBoxes:
		return fmt.Errorf("%d boxes, at most %d", len(d.Boxes), maxDetectionBoxes)
	}
	for i, b := range d.Boxes {
		switch {
		case b.W <= 0 || b.H <= 0 || b.X < 0 || b.Y < 0 || b.X > d.Width-b.W || b.Y > d.Height-b.H:
			return fmt.Errorf("box %d (%d,%d %dx%d) is not inside the %dx%d frame", i, b.X, b.Y, b.W, b.H, d.Width, d.Height)
		case !finite(b.Score) || b.Score < 0 || b.Score > 1:
			return fmt.Errorf("box %d: score %g is not in [0, 1]", i, b.Score)
		case b.Vessel != "" && !ValidVesselID(b.Vessel):
			return fmt.Errorf("box %d: contact id %q is not one", i, truncateID(b.Vessel))
		}
	}
	return nil
}

// truncateID shortens an id for a log line or an error.
func truncateID(id VesselID) string {
	if len(id) <= MaxVesselIDLen {
		return string(id)
	}
	return string(id[:MaxVesselIDLen]) + "…"
}
