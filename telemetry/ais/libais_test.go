package ais

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// libaisAIS is libais/gpsd's scaled JSON for one message.
type libaisAIS struct {
	Type      uint8    `json:"type"`
	MMSI      uint32   `json:"mmsi"`
	Status    *uint8   `json:"status"`
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
	Speed     *float64 `json:"speed"`
	Course    *float64 `json:"course"`
	Heading   *uint16  `json:"heading"`
	Shipname  *string  `json:"shipname"`
	Callsign  *string  `json:"callsign"`
	Shiptype  *uint8   `json:"shiptype"`
	ToBow     *uint16  `json:"to_bow"`
	Station   string   `json:"tagblock_station"`
	Timestamp string   `json:"tagblock_timestamp"`
}

// TestLibaisTypeExamples decodes one sentence of each message type (with
// receiver metadata after the checksum) against libais's decodings: the
// supported types give reports whose fields match, the rest are counted as
// unsupported, out-of-range fields are dropped and counted.
func TestLibaisTypeExamples(t *testing.T) {
	sentences, refs := readLines(t, "testdata/libais/typeexamples.nmea"), readLines(t, "testdata/libais/typeexamples.json")
	require.Len(t, refs, len(sentences))
	d := NewDecoder(nil)
	reports := 0
	for i, l := range sentences {
		var g libaisAIS
		require.NoError(t, json.Unmarshal([]byte(refs[i]), &g))
		r, ok, err := d.Decode(l)
		if !supported(g.Type) {
			require.ErrorIs(t, err, ErrUnsupported, l)
			continue
		}
		require.NoError(t, err, l)
		require.True(t, ok, l)
		reports++
		require.Equal(t, g.MMSI, r.MMSI, l)
		require.Equal(t, g.Type, r.MessageType, l)
		if g.Lat != nil {
			inRange := *g.Lat >= -90 && *g.Lat <= 90 && *g.Lon >= -180 && *g.Lon <= 180
			require.Equal(t, inRange, r.HasPosition, l)
			if inRange {
				require.InDelta(t, *g.Lat, r.Lat, 3e-5, l)
				require.InDelta(t, *g.Lon, r.Lon, 3e-5, l)
			}
		}
		if g.Speed != nil {
			require.Equal(t, *g.Speed < 102.25, r.HasSOG, l)
			require.InDelta(t, *g.Speed, r.SOG, 3e-5, l)
		}
		if g.Course != nil {
			require.Equal(t, *g.Course < 359.95, r.HasCOG, l)
			require.InDelta(t, *g.Course, r.COG, 1e-4, l)
		}
		if g.Heading != nil {
			require.Equal(t, *g.Heading < 360, r.HasHeading, l)
			if r.HasHeading {
				require.Equal(t, *g.Heading, r.Heading, l)
			}
		}
		if g.Status != nil {
			require.True(t, r.HasNavStatus, l)
			require.Equal(t, *g.Status, r.NavStatus, l)
		}
		if g.Shipname != nil {
			require.Equal(t, strings.TrimRight(*g.Shipname, " @"), r.Static.Name, l)
		}
		if g.Callsign != nil {
			require.Equal(t, strings.TrimRight(*g.Callsign, " @"), r.Static.CallSign, l)
		}
		if g.Shiptype != nil {
			require.Equal(t, *g.Shiptype, r.Static.ShipType, l)
		}
	}
	s := d.Stats()
	require.Equal(t, uint64(reports), s.Reports)
	require.Equal(t, uint64(1), s.OutOfRange, "type 2 at latitude -101.5, heading 472")
	require.Zero(t, s.Checksum+s.Framing, "%+v", s)
	t.Logf("%d reports, stats %+v", reports, s)
}

// TestLibaisTagBlocks decodes satellite AIS with NMEA 4.10 tag blocks,
// including a two-part message whose parts carry their own tag blocks.
func TestLibaisTagBlocks(t *testing.T) {
	refs := readLines(t, "testdata/libais/tagblock.json")
	d := NewDecoder(func() time.Time { t.Fatal("the tag block's time must be used"); return time.Time{} })
	var got []Report
	for _, l := range readLines(t, "testdata/libais/tagblock.nmea") {
		r, ok, err := d.Decode(l)
		require.NoError(t, err, l)
		if ok {
			got = append(got, r)
		}
	}
	require.Len(t, got, len(refs))
	for i, ref := range refs {
		var g libaisAIS
		require.NoError(t, json.Unmarshal([]byte(ref), &g))
		require.Equal(t, g.MMSI, got[i].MMSI)
		require.Equal(t, g.Type, got[i].MessageType)
		require.Equal(t, g.Station, got[i].Source)
		want, err := time.Parse("2006-01-02T15:04:05.000000Z", g.Timestamp)
		require.NoError(t, err)
		require.Equal(t, want, got[i].Received)
		if g.Lat != nil {
			require.InDelta(t, *g.Lat, got[i].Lat, 3e-5) // libais stores float32
			require.InDelta(t, *g.Lon, got[i].Lon, 3e-5) // libais stores float32
		}
		if g.Shipname != nil {
			require.Equal(t, strings.TrimRight(*g.Shipname, " @"), got[i].Static.Name)
		}
	}
}
