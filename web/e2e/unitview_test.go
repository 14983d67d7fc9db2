package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web"
	"skerry/web/api"
)

// TestUnitViewInBrowser runs unitview.test.mjs (and unitviewparse.test.mjs,
// the page's helpers without a browser, and unitviewsim.test.mjs, the
// steps the station's end-to-end test takes): the units' page (/unit)
// on a phone (360×740, touch) against the maritime test station
// (maritime_test.go) with the real units use case (gcs.Units) and the
// real API. Cutter A (token "tok-a") has reports about five active
// incidents (i1, i2, i3, i5, i6); boat B (token "tok-b") about the closed
// i4 only. The vessels move and drone d1 watches them, as at sea, once a
// second. The station counts the bytes on the wire of every connection
// (GET /test/bytes, POST /test/bytes/reset) so that the script can say
// what a session costs.
func TestUnitViewInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	chromium, node := browserTools(t)
	st := newMaritimeStation(t)
	st.start(httptest.NewRecorder(), httptest.NewRequest("POST", "/test/start", nil))
	mem := unitViewReports(st)
	us := &gcs.Units{Store: mem, Outbox: mem, Report: mem.report, Events: st.events}
	basemap, err := os.ReadFile(filepath.Join(moduleRoot(t), "sim", "scenario", "algeciras.geojson"))
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var still atomic.Bool
	go moveAtSea(ctx, st, &still)

	var read, written atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /test/bytes", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]int64{"read": read.Load(), "written": written.Load()})
	})
	mux.HandleFunc("POST /test/bytes/reset", func(w http.ResponseWriter, _ *http.Request) {
		read.Store(0)
		written.Store(0)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /test/still", func(w http.ResponseWriter, _ *http.Request) {
		still.Store(true)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /test/report/{id}", func(w http.ResponseWriter, r *http.Request) {
		rep, err := mem.report(r.Context(), r.PathValue("id"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		rep.Body = nil
		writeJSON(w, rep)
	})
	mux.Handle("/", (&web.Server{API: &api.Server{Fleet: st.fleet, Maritime: st, Units: us}, Hub: st.hub, Basemap: basemap}).Handler())
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener = &countingListener{Listener: srv.Listener, read: &read, written: &written}
	srv.Start()
	t.Cleanup(srv.Close)
	runSuites(t, chromium, node, srv.URL, "unitview.test.mjs", "unitviewparse.test.mjs")

	// The script the station's end-to-end test runs, here first.
	t.Setenv("SKERRY_UNIT_TOKEN", "tok-a")
	t.Setenv("SKERRY_INCIDENTS", `[{"id":"i2","type":"loitering"},{"id":"i6","type":"zone_entry"}]`)
	t.Setenv("SKERRY_ACK", "1")
	runSuites(t, chromium, node, srv.URL, "unitviewsim.test.mjs")
	rep, err := mem.report(context.Background(), "r-a-2")
	require.NoError(t, err)
	require.Equal(t, gcs.ReportAcknowledged, rep.Status, "i2's report, acknowledged on the page")
}

// unitViewReports adds two more active incidents to the station (i5, i6)
// and the drone d1, and returns the units and their delivered reports.
func unitViewReports(st *maritimeStation) *memReports {
	now := time.Now().UTC()
	st.mu.Lock()
	for _, x := range []struct {
		id    string
		typ   gcs.IncidentType
		sev   gcs.IncidentSeverity
		v     gcs.VesselID
		title string
	}{
		{"i5", gcs.IncidentFastApproach, gcs.IncidentHigh, "v2", "Fast approach GHOST"},
		{"i6", gcs.IncidentZoneEntry, gcs.IncidentMedium, "v3", "NORDIC STAR in the port security zone"},
	} {
		t := st.targets[x.v]
		st.incidents[x.id] = &gcs.Incident{ID: x.id, Type: x.typ, Severity: x.sev, State: gcs.IncidentNew, Key: string(x.typ) + "/" + string(x.v),
			Title: x.title, Summary: x.title + ", by the rules", Lat: t.Lat, Lon: t.Lon, Raised: now.Add(-30 * time.Second), Observed: now, Updated: now,
			Version: 1, Vessels: []gcs.IncidentVessel{{Target: x.v, Contact: t.Contact, MMSI: t.MMSI, Status: t.Status}},
			History: []gcs.IncidentChange{{At: now, By: "station", To: gcs.IncidentNew}}}
	}
	st.mu.Unlock()
	st.fleet.Observe(gcs.Observation{Vehicle: "d1", Link: "l1", At: now, Update: gcs.Identity{Type: "quadrotor", Mode: "AUTO", Armed: true}})

	mem := &memReports{units: map[gcs.UnitID]gcs.Unit{
		"cutter-a": {ID: "cutter-a", Name: "Cutter A", Webhook: "https://a.example/cap", Secret: "sec-a", Token: "tok-a",
			Area: &gcs.UnitArea{Lat: 36.12, Lon: -5.42, RadiusM: 20000}},
		"boat-b": {ID: "boat-b", Name: "Boat B", Token: "tok-b", Default: true},
	}, reports: map[string]gcs.Report{}}
	add := func(id string, unit gcs.UnitID, inc string, seq int64) {
		mem.reports[id] = gcs.Report{ID: id, Unit: unit, Incident: inc, Version: 1, Kind: gcs.ReportAlert, Seq: seq, Created: now.Add(time.Duration(seq) * time.Second),
			Status: gcs.ReportDelivered, Attempts: 1, Delivered: now, ContentType: "application/cap+xml", Body: []byte("<alert/>")}
	}
	for i, inc := range []string{"i1", "i2", "i3", "i5", "i6"} {
		add(fmt.Sprintf("r-a-%d", i+1), "cutter-a", inc, int64(i+1))
	}
	add("r-b-1", "boat-b", "i4", 1)
	return mem
}

// moveAtSea moves the vessels and drone d1 once a second (about 12 kn
// north-east), d1 watching every vessel, until ctx ends; while still
// holds, nothing moves (d1 still watches).
func moveAtSea(ctx context.Context, st *maritimeStation, still *atomic.Bool) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; ; i++ {
		now := time.Now().UTC()
		move := !still.Load()
		st.mu.Lock()
		for _, t := range st.targets {
			if move || len(t.SeenBy) == 0 {
				t.Lat += 4e-5
				t.Lon += 4e-5
				t.At, t.LastSeen = now, now
			}
			t.SeenBy = []gcs.Sighting{{Vehicle: "d1", Stream: "c100s1", At: now}}
		}
		st.mu.Unlock()
		if !move {
			i--
		}
		st.fleet.Observe(gcs.Observation{Vehicle: "d1", Link: "l1", At: now, Update: gcs.GlobalPosition{
			Position: gcs.Position{Lat: 36.121 + float64(i)*3e-5, Lon: -5.418, AltRel: 120}, Heading: 45}})
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// countingListener counts the bytes read and written on its connections.
type countingListener struct {
	net.Listener
	read, written *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.l.read.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.l.written.Add(int64(n))
	return n, err
}
