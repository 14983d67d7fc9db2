package station_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/telemetry"
	"skerry/telemetry/ais"
)

// mavlinkLink is the one MAVLink link a station needs.
var mavlinkLink = []telemetry.LinkConfig{{Name: "mav", URL: "udp-server:127.0.0.1:0"}}

// aisLines are real sentences from gpsd's Lemmer capture
// (telemetry/ais/testdata/gpsd/ais-nmea.log): a two-part type 5, a type 1,
// a type 3, a type 24 part A.
var aisLines = []string{
	"!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A",
	"!AIVDM,2,2,9,B,`88888888888880,2*76",
	"!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29",
	"!AIVDM,1,1,,B,339FEj5P00PIwujN?fQv4?wPRD5:,0*64",
	"!AIVDM,1,1,,B,H39sGlPhT8E9@5<000000000000,2*5C",
}

// expectedAIS decodes aisLines with the adapter itself: what the station
// must list, by MMSI.
func expectedAIS(t *testing.T) map[uint32][]ais.Report {
	t.Helper()
	dec := ais.NewDecoder(time.Now)
	out := map[uint32][]ais.Report{}
	for _, l := range aisLines {
		r, ok, err := dec.Decode(l)
		require.NoError(t, err)
		if ok {
			out[r.MMSI] = append(out[r.MMSI], r)
		}
	}
	require.Len(t, out, 4)
	return out
}

// TestAISOverUDPListedByTheAPI: a station with an AIS UDP source receives
// real AIVDM sentences and lists the vessels on GET /api/ais, one on GET
// /api/ais/{mmsi}, with their counters on /metrics.
func TestAISOverUDPListedByTheAPI(t *testing.T) {
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: mavlinkLink, AIS: []string{"udp-server:127.0.0.1:0"}, NoDetect: true})
	require.NoError(t, err)
	defer st.Close()
	addrs := st.AISAddrs()
	require.Len(t, addrs, 1)
	conn, err := net.Dial("udp", addrs[0])
	require.NoError(t, err)
	defer conn.Close()
	for _, l := range aisLines {
		_, err := conn.Write([]byte(l + "\r\n"))
		require.NoError(t, err)
	}
	want := expectedAIS(t)

	var list []gcs.AISVessel
	require.Eventually(t, func() bool {
		list = nil
		getJSON(t, st.URL+"api/ais", http.StatusOK, &list)
		return len(list) == len(want)
	}, 10*time.Second, 20*time.Millisecond, "the vessels of the sentences sent")
	for _, v := range list {
		reports := want[v.MMSI]
		require.NotEmpty(t, reports, "MMSI %d was not sent", v.MMSI)
		require.Equal(t, uint64(len(reports)), v.Reports)
		require.Equal(t, "udp-server:127.0.0.1:0", v.Source)
		r := reports[len(reports)-1]
		if r.Static != nil {
			require.Equal(t, r.Static.Name, v.Name)
			require.Equal(t, r.Static.CallSign, v.CallSign)
			require.Equal(t, r.Static.ShipType, v.ShipType)
			require.Equal(t, r.Static.ToBow, v.ToBow)
		}
		if r.HasPosition {
			require.NotNil(t, v.Position)
			require.InDelta(t, r.Lat, v.Position.Lat, 1e-9)
			require.InDelta(t, r.Lon, v.Position.Lon, 1e-9)
		}
	}

	// One, by MMSI; the type 5's name is there.
	var five ais.Report
	for _, rs := range want {
		if rs[0].MessageType == 5 {
			five = rs[0]
		}
	}
	require.NotZero(t, five.MMSI)
	var one gcs.AISVessel
	getJSON(t, st.URL+"api/ais/"+itoa(five.MMSI), http.StatusOK, &one)
	require.Equal(t, five.Static.Name, one.Name)
	require.NotEmpty(t, one.Name)
	require.Equal(t, "A", one.Class)

	// Unknown and hostile MMSIs.
	getJSON(t, st.URL+"api/ais/123456789", http.StatusNotFound, nil)
	for _, bad := range []string{"0", "abc", "1234567890", "-5", "12%2034", "%00", strings.Repeat("9", 300), "1e3"} {
		getJSON(t, st.URL+"api/ais/"+bad, http.StatusBadRequest, nil)
	}
	getJSON(t, st.URL+"api/ais?x=1", http.StatusBadRequest, nil)

	// Counters, per source and in total.
	ss := st.AISStats()
	require.Len(t, ss, 1)
	require.Equal(t, "udp-server:127.0.0.1:0", ss[0].Spec)
	require.Equal(t, addrs[0], ss[0].Addr)
	require.Equal(t, uint64(5), ss[0].Sentences)
	require.Equal(t, uint64(4), ss[0].Reports)
	resp, err := http.Get(st.URL + "metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Contains(t, string(body), "skerry_ais_sentences_total 5")
	require.Contains(t, string(body), "skerry_ais_picture_reports_total 4")
}

// TestAISBadSourceStopsTheStart: a spec that is not one is a clear error.
func TestAISBadSourceStopsTheStart(t *testing.T) {
	for _, spec := range []string{"serial:/dev/ttyUSB0", "udp-server:nohostport", "udp-server:192.0.2.1:0"} {
		_, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: mavlinkLink, AIS: []string{"udp-server:127.0.0.1:0", spec}, NoDetect: true})
		require.Error(t, err, spec)
		require.Contains(t, err.Error(), spec)
	}
}

// getJSON GETs url, requires status and decodes the body into v (if set).
func getJSON(t *testing.T, url string, status int, v any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode, "%s: %s", url, body)
	if v != nil {
		require.NoError(t, json.Unmarshal(body, v), string(body))
	}
}

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }

// TestAISOverTCPAndClose: a tcp-client source reads a feed's sentences
// into the picture; Close stops the sources and frees their ports.
func TestAISOverTCPAndClose(t *testing.T) {
	feed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer feed.Close()
	go func() {
		conn, err := feed.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		for _, l := range aisLines {
			if _, err := io.WriteString(conn, l+"\r\n"); err != nil {
				return
			}
		}
		_, _ = io.Copy(io.Discard, conn) // hold the feed open until the station leaves
	}()
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: mavlinkLink, NoDetect: true,
		AIS: []string{"tcp-client:" + feed.Addr().String(), "udp-server:127.0.0.1:0"}})
	require.NoError(t, err)
	addrs := st.AISAddrs()
	require.Equal(t, feed.Addr().String(), addrs[0])
	require.Eventually(t, func() bool {
		var list []gcs.AISVessel
		getJSON(t, st.URL+"api/ais", http.StatusOK, &list)
		return len(list) == 4
	}, 10*time.Second, 20*time.Millisecond)
	require.Equal(t, uint64(1), st.AISStats()[0].Connects)
	st.Close()
	pc, err := net.ListenPacket("udp", addrs[1])
	require.NoError(t, err, "the UDP source's port is free again")
	pc.Close()
}
