package ais

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// gpsdAIS is gpsd's unscaled JSON for one AIS message.
type gpsdAIS struct {
	Class       string  `json:"class"`
	Type        uint8   `json:"type"`
	MMSI        uint32  `json:"mmsi"`
	Status      *uint8  `json:"status"`
	Lat         *int64  `json:"lat"`
	Lon         *int64  `json:"lon"`
	Speed       *int64  `json:"speed"`
	Course      *int64  `json:"course"`
	Heading     *uint16 `json:"heading"`
	Shipname    string  `json:"shipname"`
	Callsign    string  `json:"callsign"`
	Shiptype    uint16  `json:"shiptype"`
	ToBow       uint16  `json:"to_bow"`
	ToStern     uint16  `json:"to_stern"`
	ToPort      uint16  `json:"to_port"`
	ToStarboard uint16  `json:"to_starboard"`
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	require.NoError(t, sc.Err())
	return lines
}

// TestGpsdCapture decodes the real Lemmer capture and compares every report
// field against gpsd's reference decoding. The .chk file interleaves the
// input sentences with gpsd's JSON (which repeats the last AIS report after
// GNSS sentences), so each report is checked against the first AIS JSON
// line after the sentence that completed it.
func TestGpsdCapture(t *testing.T) {
	logLines, chk := readLines(t, "testdata/gpsd/ais-nmea.log"), readLines(t, "testdata/gpsd/ais-nmea.log.chk")
	require.Equal(t, aivdm(logLines), aivdm(chk), "the reference decodes the same sentences")
	clock := time.Date(2020, 4, 7, 21, 39, 50, 0, time.UTC)
	d := NewDecoder(func() time.Time { return clock })
	var pending *Report
	names, partA := map[uint32]string{}, 0
	pendingType, checked, unsupported := uint8(0), 0, 0
	for _, l := range chk {
		if strings.HasPrefix(l, "{") {
			if !strings.Contains(l, `"class":"AIS"`) || pendingType == 0 {
				continue
			}
			var g gpsdAIS
			require.NoError(t, json.Unmarshal([]byte(l), &g))
			require.Equal(t, pendingType, g.Type, l)
			if pending != nil {
				compareGpsd(t, checked, g, *pending)
				checked++
			}
			pending, pendingType = nil, 0
			continue
		}
		r, ok, err := d.Decode(l)
		switch {
		case ok && r.MessageType == 24 && r.Static.Name != "":
			// Part A: gpsd prints nothing until part B, then both merged.
			names[r.MMSI] = r.Static.Name
			partA++
		case ok && r.MessageType == 24:
			merged := *r.Static
			merged.Name = names[r.MMSI]
			r.Static = &merged
			pending, pendingType = &r, r.MessageType
		case ok:
			pending, pendingType = &r, r.MessageType
		case err != nil:
			require.ErrorIs(t, err, ErrUnsupported, l) // type 8 binary broadcasts
			pendingType = 8
			unsupported++
		}
	}
	s := d.Stats()
	require.Equal(t, uint64(checked+partA), s.Reports)
	require.Equal(t, uint64(unsupported), s.Unsupported)
	require.Zero(t, s.Checksum+s.Framing+s.Incomplete+s.OutOfRange, "%+v", s)
	require.Greater(t, checked, 150)
	t.Logf("%d reports checked against gpsd, stats %+v", checked, s)
}

func aivdm(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "!AIVDM") {
			out = append(out, l)
		}
	}
	return out
}

func compareGpsd(t *testing.T, i int, g gpsdAIS, r Report) {
	t.Helper()
	require.Equal(t, g.MMSI, r.MMSI, i)
	require.Equal(t, g.Type, r.MessageType, i)
	switch g.Type {
	case 1, 2, 3, 18:
		checkMotion(t, i, g, r)
	case 5, 24:
		require.NotNil(t, r.Static, i)
		require.Equal(t, strings.TrimRight(g.Shipname, " @"), r.Static.Name, i)
		require.Equal(t, strings.TrimRight(g.Callsign, " @"), r.Static.CallSign, i)
		require.Equal(t, g.Shiptype, uint16(r.Static.ShipType), i)
		require.Equal(t, [4]uint16{g.ToBow, g.ToStern, g.ToPort, g.ToStarboard},
			[4]uint16{r.Static.ToBow, r.Static.ToStern, r.Static.ToPort, r.Static.ToStarboard}, i)
	}
	if g.Type <= 5 {
		require.Equal(t, ClassA, r.Class, i)
	} else {
		require.Equal(t, ClassB, r.Class, i)
	}
}

func checkMotion(t *testing.T, i int, g gpsdAIS, r Report) {
	t.Helper()
	require.Equal(t, *g.Lat != 91*600000 && *g.Lon != 181*600000, r.HasPosition, i)
	if r.HasPosition {
		require.InDelta(t, float64(*g.Lat)/600000, r.Lat, 1e-9, i)
		require.InDelta(t, float64(*g.Lon)/600000, r.Lon, 1e-9, i)
	}
	require.Equal(t, *g.Speed != 1023, r.HasSOG, i)
	if r.HasSOG {
		require.InDelta(t, float64(*g.Speed)/10, r.SOG, 1e-9, i)
	}
	require.Equal(t, *g.Course != 3600, r.HasCOG, i)
	if r.HasCOG {
		require.InDelta(t, float64(*g.Course)/10, r.COG, 1e-9, i)
	}
	require.Equal(t, *g.Heading != 511, r.HasHeading, i)
	if r.HasHeading {
		require.Equal(t, *g.Heading, r.Heading, i)
	}
	if g.Status != nil {
		require.Equal(t, *g.Status != 15, r.HasNavStatus, i)
		if r.HasNavStatus {
			require.Equal(t, *g.Status, r.NavStatus, i)
		}
	}
}
