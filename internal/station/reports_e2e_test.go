package station_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/maritime"
	"skerry/internal/browsertest"
	"skerry/internal/station"
	"skerry/sim"
	"skerry/telemetry"
	"skerry/web/notify"
)

// unitInbox is a maritime unit's receiving end in a test: the project's
// notify.Receiver (signature, replay and duplicate checks) recording what
// it handled.
type unitInbox struct {
	// slow makes each report take this long to handle (a unit on a thin
	// link), so that reports queue at the station.
	slow time.Duration
	rv   *notify.Receiver
	srv  *httptest.Server
	mu   sync.Mutex
	got  []notify.Received
}

func newUnitInbox(t *testing.T, secret string) *unitInbox {
	u := &unitInbox{}
	u.rv = &notify.Receiver{Secret: secret, Handle: func(r notify.Received) error {
		time.Sleep(u.slow)
		u.mu.Lock()
		defer u.mu.Unlock()
		u.got = append(u.got, r)
		return nil
	}}
	u.srv = httptest.NewServer(u.rv)
	t.Cleanup(u.srv.Close)
	return u
}

func (u *unitInbox) received() []notify.Received {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]notify.Received(nil), u.got...)
}

// checkInbox asserts a unit's reports: each id once, Seq 1, 2, 3… in
// order, every CAP body valid against the OASIS CAP 1.2 schema.
func checkInbox(t *testing.T, got []notify.Received) {
	t.Helper()
	ids := map[string]bool{}
	dir := t.TempDir()
	xmllint, lintErr := exec.LookPath("xmllint")
	if lintErr != nil && os.Getenv("CI") != "" {
		t.Fatalf("xmllint (Debian libxml2-utils) is missing: %v", lintErr)
	}
	schema := filepath.Join(browsertest.ModuleRoot(t), "gcs", "report", "testdata", "CAP-v1.2.xsd")
	for i, r := range got {
		require.False(t, ids[r.ID], "report %s handled twice", r.ID)
		ids[r.ID] = true
		require.Equal(t, int64(i+1), r.Seq, "in order, no gaps")
		require.Equal(t, "application/cap+xml", r.ContentType)
		if xmllint == "" {
			continue
		}
		f := filepath.Join(dir, r.ID+".xml")
		require.NoError(t, os.WriteFile(f, r.Body, 0o600))
		out, err := exec.Command(xmllint, "--noout", "--schema", schema, f).CombinedOutput()
		require.NoError(t, err, "CAP report %s does not validate: %s\n%s", r.ID, out, r.Body)
	}
	if xmllint == "" {
		t.Log("xmllint missing: the CAP bodies were not validated against the schema")
	}
}

// TestIncidentsReachTheUnitAsCAP: the station's rules raise incidents
// from the simulator's AIS; the maritime unit whose area holds them
// receives each as a signed CAP 1.2 alert, in order, once; closing one
// sends its Cancel, referencing the alert; the unit's acknowledgement is
// recorded and the operators hear of it.
func TestIncidentsReachTheUnitAsCAP(t *testing.T) {
	if testing.Short() {
		t.Skip("a simulator and minutes of AIS")
	}
	inbox := newUnitInbox(t, "s3cret-unit-key")
	rules := maritime.DefaultSettings()
	rules.Loitering.Duration = 15 // one vessel after another, within a minute
	cfg := station.Config{HTTPAddr: "127.0.0.1:0", DataDir: t.TempDir(), NoDetect: true, Rules: &rules,
		Basemap: sim.DefaultScenario(), AIS: []string{"udp-server:127.0.0.1:0"},
		Links: []telemetry.LinkConfig{{Name: "mav", URL: "udp-server:127.0.0.1:0"}},
		Units: []gcs.Unit{{ID: "cutter-1", Name: "Cutter Rio Tinto", Webhook: inbox.srv.URL + "/", Secret: "s3cret-unit-key",
			Token: "cutter-token", Area: &gcs.UnitArea{Lat: 36.12, Lon: -5.40, RadiusM: 30_000}},
			{ID: "far-unit", Name: "Far away", Webhook: inbox.srv.URL + "/far", Secret: "other",
				Area: &gcs.UnitArea{Lat: 43, Lon: -8, RadiusM: 10_000}}},
		ReportSender: "skerry@test"}
	st, err := station.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(st.Close)
	s, err := sim.New(sim.Config{Vehicles: 1, Seed: 7, AISAddr: st.AISAddrs()[0],
		Links: []sim.LinkConfig{{Paths: []string{"udp:" + st.Telemetry.Addrs()["mav"]}}}})
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)

	waitFor(t, 90*time.Second, "three reports at the unit", func() bool { return len(inbox.received()) >= 3 })
	ctx := context.Background()
	got := inbox.received()
	first := got[0]
	require.Equal(t, "Alert", first.Kind)
	// Closing its incident sends the unit a Cancel that references it.
	_, err = st.Maritime.StepIncident(ctx, first.Incident, gcs.IncidentClosed, "ana", "a fishing boat at work")
	require.NoError(t, err)
	waitFor(t, 30*time.Second, "the cancel", func() bool {
		for _, r := range inbox.received() {
			if r.Incident == first.Incident && r.Kind == "Cancel" {
				require.Contains(t, string(r.Body), "<references>skerry@test,"+first.ID+",")
				return true
			}
		}
		return false
	})
	checkInbox(t, inbox.received())
	require.Zero(t, inbox.rv.Stats().Refused)

	// The unit's own page, on a phone: every incident it has reports
	// about, the first opened and acknowledged there.
	type listed struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	}
	var incs []listed
	for _, r := range inbox.received() {
		if !slices.ContainsFunc(incs, func(l listed) bool { return l.ID == r.Incident }) {
			inc, err := st.Maritime.Incident(ctx, r.Incident)
			require.NoError(t, err)
			incs = append(incs, listed{r.Incident, string(inc.Type)})
		}
	}
	b, err := json.Marshal(incs)
	require.NoError(t, err)
	browsertest.Find(t).Run(t, st.URL, 3*time.Minute,
		[]string{"SKERRY_UNIT_TOKEN=cutter-token", "SKERRY_INCIDENTS=" + string(b), "SKERRY_ACK=1"}, "unitviewsim.test.mjs")
	mine, err := st.Units.Reports(ctx, "cutter-1", first.Incident, 0)
	require.NoError(t, err)
	require.True(t, slices.ContainsFunc(mine, func(r gcs.Report) bool { return r.Status == gcs.ReportAcknowledged && r.AckedBy == "cutter-1" }),
		"the page's acknowledgement is stored: %+v", mine)

	// The unit acknowledges; the operators see it.
	sub := st.Events.Subscribe()
	defer sub.Cancel()
	ack := func(token string) (int, gcs.Report) {
		req, err := http.NewRequest(http.MethodPost, st.URL+"api/reports/"+first.ID+"/ack", strings.NewReader("{}"))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var r gcs.Report
		if resp.StatusCode == http.StatusOK {
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&r))
		}
		return resp.StatusCode, r
	}
	code, _ := ack("wrong")
	require.Equal(t, http.StatusUnauthorized, code)
	code, r := ack("cutter-token")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, gcs.ReportAcknowledged, r.Status)
	// The operators' API lists it acknowledged, without secrets.
	var units []map[string]any
	getJSON(t, st.URL+"api/units", http.StatusOK, &units)
	require.Len(t, units, 2)
	for _, u := range units {
		require.NotContains(t, u, "secret")
		require.NotContains(t, u, "token")
	}
	waitFor(t, 10*time.Second, "the acknowledgement announced", func() bool {
		for _, e := range sub.Next() {
			if re, ok := e.(gcs.ReportEvent); ok && re.Report.ID == first.ID && re.Report.Status == gcs.ReportAcknowledged {
				return true
			}
		}
		return false
	})
	// The far unit got nothing: nothing happened in its area.
	list, err := st.Units.Reports(ctx, "far-unit", "", 0)
	require.NoError(t, err)
	require.Empty(t, list)
}
