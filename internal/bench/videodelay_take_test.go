package bench

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestContactConsoleTimesFromTheBurntInCapture: a `vessel` message is
// timed from the burnt-in time of the frame its last_seen names, from
// last_seen itself when the bench did not see that frame, and messages
// that are not vessels or not JSON are skipped.
func TestContactConsoleTimesFromTheBurntInCapture(t *testing.T) {
	captured := time.Date(2026, 12, 6, 20, 0, 0, 123456789, time.UTC)
	stamp := captured.Add(-30 * time.Millisecond) // the camera's clock
	var book stampBook
	book.put("b1-1", "c100s1", captured, stamp, captured.Add(50*time.Millisecond))
	c := &contactConsole{stamps: &book, contacts: map[gcs.VesselID]bool{}, streams: map[streamRef]bool{},
		latest: map[streamRef]time.Time{}, boats: map[gcs.VesselID]bool{},
		near: func(lat, lon float64, at time.Time) float64 {
			if at.Equal(stamp) {
				return 20 // v1 is on a boat at its capture
			}
			return 500
		}}
	msg := func(id string, last time.Time, stream string) []byte {
		v := gcs.Vessel{ID: gcs.VesselID(id), Lat: 36.1, Lon: -5.4, LastSeen: last, FirstSeen: last,
			SeenBy: []gcs.Sighting{{Vehicle: "b1-1", Stream: stream, At: last}}}
		b, err := json.Marshal(map[string]any{"type": "vessel", "seq": 1, "data": v})
		require.NoError(t, err)
		return b
	}
	now := captured.Add(200 * time.Millisecond)

	c.take(msg("v1", captured, "c100s1"), now) // before start: only the stream's latest sighting
	require.Equal(t, captured, c.sighted(streamRef{"b1-1", "c100s1"}))
	c.start()
	c.take(msg("v1", captured, "c100s1"), now)
	c.take(msg("v2", captured.Add(time.Second), "c100s1"), now.Add(900*time.Millisecond)) // not analysed by the bench
	c.take([]byte(`{"type":"vehicle","seq":2,"data":{}}`), now)
	c.take([]byte(`{"type":"vessel","seq":3,"data":{"id":"v3"}}`), now) // no last_seen
	c.take([]byte(`not json`), now)
	f := c.stop()
	require.Equal(t, uint64(2), f.updates)
	require.Equal(t, uint64(1), f.stamped)
	require.Equal(t, uint64(2), f.bad)
	require.Equal(t, 2, f.contacts)
	require.Equal(t, map[streamRef]bool{{"b1-1", "c100s1"}: true}, f.streams)
	require.Equal(t, 1, f.boats)
	require.Equal(t, uint64(1), f.onBoat)
	s := f.delay.summary()
	require.Equal(t, uint64(2), s.N)
	require.Equal(t, 230*time.Millisecond, s.Max, "v1 from its burnt-in time")
	require.InDelta(t, float64(100*time.Millisecond), float64(s.P50), float64(2*time.Millisecond), "v2 from its last_seen")
	h := f.fromHook.summary()
	require.Equal(t, uint64(1), h.N, "v1 only")
	require.Equal(t, 150*time.Millisecond, h.Max, "from the analysis hook")
}
