package gcs

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var vesselEpoch = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func vesselState(id VesselID, lat float64, seen int) VesselEvent {
	return VesselEvent{Vessel: &Vessel{ID: id, Lat: lat, LastSeen: vesselEpoch.Add(time.Duration(seen) * time.Second)}}
}

func boxes(stream string, n int) DetectionsEvent {
	return DetectionsEvent{Detections: &Detections{Vehicle: "a", Stream: stream, Width: n}}
}

func describeAll(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		switch e := ev.(type) {
		case VesselEvent:
			out = append(out, fmt.Sprintf("vessel %s@%g", e.Vessel.ID, e.Vessel.Lat))
		case DetectionsEvent:
			out = append(out, fmt.Sprintf("boxes %s/%s#%d", e.Detections.Vehicle, e.Detections.Stream, e.Detections.Width))
		default:
			out = append(out, describe([]Event{ev})...)
		}
	}
	return out
}

func TestStreamCoalescesVesselsAndDetections(t *testing.T) {
	var e Events
	s := subscribed(t, &e)
	e.Publish(vesselState("v1", 1, 1), boxes("s1", 1), order("o1"), state("a", 1))
	e.Publish(vesselState("v1", 2, 2), boxes("s1", 2), boxes("s2", 1), vesselState("v2", 1, 1), state("a", 2))
	<-s.C()
	require.Equal(t, []string{"vessel v1@2", "boxes a/s1#2", "o1", "a@2", "boxes a/s2#1", "vessel v2@1"}, describeAll(s.Next()),
		"a contact's and a stream's latest take the place of the first")

	// Detections never fill the queue: a subscriber behind gets each
	// stream's latest, and no snapshot in place of its events.
	for i := range 10 * DefaultQueueSize {
		e.Publish(boxes(fmt.Sprint("s", i%4), i), vesselState(VesselID(fmt.Sprint("v", i%3)), float64(i), i))
	}
	got := describeAll(s.Next())
	require.Len(t, got, 7)
	require.NotContains(t, got[0], "snapshot")
}

func TestSnapshotCarriesVesselsNewestSeenFirst(t *testing.T) {
	var e Events
	for i := range 2*PictureVessels + 1 {
		e.Publish(vesselState(VesselID(fmt.Sprintf("v%04d", i)), float64(i), i))
	}
	e.Publish(boxes("s1", 1))
	snap := e.Subscribe().Next()[0].(SnapshotEvent)
	require.Len(t, snap.Vessels, PictureVessels, "the most recently seen")
	require.Equal(t, VesselID(fmt.Sprintf("v%04d", 2*PictureVessels)), snap.Vessels[0].ID)
	require.Len(t, e.pic.vessels, PictureVessels, "pruned beyond twice the bound")

	// A subscriber that overflows starts again from a snapshot with them.
	s := subscribed(t, &e)
	for i := range DefaultQueueSize + 1 {
		e.Publish(order(fmt.Sprint("o", i)))
	}
	evs := s.Next()
	require.Len(t, evs, 1)
	require.Len(t, evs[0].(SnapshotEvent).Vessels, PictureVessels)
}

func TestStreamIndexDoesNotGrowWithEveryContactEverSeen(t *testing.T) {
	var e Events
	s := subscribed(t, &e)
	for i := range 3 * maxStateIndex / 100 * 100 {
		e.Publish(vesselState(VesselID(fmt.Sprint("v", i)), 1, i))
		if i%100 == 99 {
			require.Len(t, s.Next(), 100)
		}
	}
	require.LessOrEqual(t, len(s.at), maxStateIndex+100)
	e.Publish(vesselState("v1", 2, 1), vesselState("v1", 3, 2))
	require.Equal(t, []string{"vessel v1@3"}, describeAll(s.Next()), "still coalesced")
}
