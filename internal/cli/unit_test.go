package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/notify"
	"skerry/web/notify/notifytest"
)

// startUnit runs `skerry unit` with args and returns its webhook URL.
func startUnit(t *testing.T, args ...string) (webhook string, stdout, stderr *syncBuffer) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- Run(ctx, append([]string{"unit", "--listen", "127.0.0.1:0"}, args...), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		require.Equal(t, 0, <-done, stderr.String())
	})
	addr := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	require.Eventually(t, func() bool { return addr.MatchString(stderr.String()) }, 10*time.Second, 10*time.Millisecond, stderr.String())
	return "http://" + addr.FindStringSubmatch(stderr.String())[1] + "/", stdout, stderr
}

// ackStation is a station's acknowledgement endpoint that records acks.
type ackStation struct {
	mu     sync.Mutex
	acks   []string
	status int
}

func (s *ackStation) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/api/reports/"), "/ack")
	if r.Method != http.MethodPost || !ok || r.Header.Get("Authorization") != "Bearer tok" {
		http.Error(w, "no", http.StatusBadRequest)
		return
	}
	if s.status != 0 {
		w.WriteHeader(s.status)
		return
	}
	s.acks = append(s.acks, id)
}

func (s *ackStation) acked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.acks...)
}

func TestUnitCommandReceivesFromADispatcher(t *testing.T) {
	station := &ackStation{}
	st := httptest.NewServer(station)
	defer st.Close()
	dir := t.TempDir()
	t.Setenv(unitSecretEnv, "sea-secret")
	t.Setenv(unitTokenEnv, "tok")
	webhook, stdout, stderr := startUnit(t, "--out", dir, "--station", st.URL)

	ob, ev := &notifytest.Outbox{}, &gcs.Events{}
	d := &notify.Dispatcher{Outbox: ob, Events: ev, Units: func(context.Context) ([]gcs.Unit, error) {
		return []gcs.Unit{{ID: "cutter", Webhook: webhook, Secret: "sea-secret"}}, nil
	}}
	require.NoError(t, d.Initialize())
	defer d.Close()
	stored := ob.Add(
		gcs.Report{ID: "rep-1", Unit: "cutter", Incident: "inc-7", Kind: gcs.ReportAlert, ContentType: "application/cap+xml",
			Body: []byte(`<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><msgType>Alert</msgType>` +
				`<info><headline>Dark vessel near the breakwater
second line</headline></info></alert>`)},
		gcs.Report{ID: "rep-2", Unit: "cutter", Incident: "inc-7", Kind: gcs.ReportUpdate, ContentType: "application/geo+json",
			Body: []byte(`{"type":"Feature","geometry":{"type":"Point","coordinates":[-8.7,41.2]},"properties":{"kind":"Update","incident":"inc-7","title":"Dark vessel, now 12 kn"}}`)},
		gcs.Report{ID: "rep/3", Unit: "cutter", Incident: "inc-7", Kind: gcs.ReportCancel, ContentType: "application/json",
			Body: []byte(`{"id":"inc-7","title":"Closed: fishing boat","state":"closed"}`)},
	)
	for i := range stored {
		ev.Publish(gcs.ReportEvent{Report: &stored[i]})
	}
	require.Eventually(t, func() bool { return ob.Undelivered() == 0 }, 20*time.Second, 10*time.Millisecond, stderr.String())
	require.Equal(t, "seq 1 Alert incident inc-7: Dark vessel near the breakwater\n"+
		"seq 2 Update incident inc-7: Dark vessel, now 12 kn\n"+
		"seq 3 Cancel incident inc-7: Closed: fishing boat\n", stdout.String())
	require.Eventually(t, func() bool { return len(station.acked()) == 3 }, 20*time.Second, 10*time.Millisecond, stderr.String())
	require.Equal(t, []string{"rep-1", "rep-2", "rep/3"}, station.acked())

	names, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	require.Equal(t, []string{"000001-rep-1.xml", "000002-rep-2.geojson", "000003-rep_3.json"}, names)
	b, err := os.ReadFile(filepath.Join(dir, "000002-rep-2.geojson"))
	require.NoError(t, err)
	require.Equal(t, stored[1].Body, b)

	// A station without the endpoint: said in the log, and on it goes.
	station.mu.Lock()
	station.status = http.StatusNotFound
	station.mu.Unlock()
	more := ob.Add(gcs.Report{ID: "rep-4", Unit: "cutter", Incident: "inc-8", Kind: gcs.ReportAlert, ContentType: "application/cap+xml", Body: []byte(`not xml`)})
	ev.Publish(gcs.ReportEvent{Report: &more[0]})
	require.Eventually(t, func() bool {
		return strings.Contains(stderr.String(), "does not take acknowledgements")
	}, 20*time.Second, 10*time.Millisecond, stderr.String())
	require.Contains(t, stdout.String(), "seq 4 Alert incident inc-8: ?\n")
}

func TestUnitCommandFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no secret", []string{"--listen", "127.0.0.1:0"}, "give the unit's secret"},
		{"bad listen", []string{"--secret", "s", "--listen", "nowhere"}, "--listen"},
		{"station without token", []string{"--secret", "s", "--station", "http://127.0.0.1:1"}, "go together"},
		{"bad station", []string{"--secret", "s", "--station", "ftp://x", "--token", "t"}, "--station"},
		{"bad skew", []string{"--secret", "s", "--skew", "-1s"}, "--skew"},
		{"stray argument", []string{"--secret", "s", "extra"}, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(unitSecretEnv, "")
			t.Setenv(unitTokenEnv, "")
			var out, errs syncBuffer
			require.Equal(t, 1, Run(context.Background(), append([]string{"unit"}, tc.args...), &out, &errs))
			require.Contains(t, errs.String(), tc.want)
		})
	}
}

func TestSummarizeNeverFails(t *testing.T) {
	for _, tc := range []struct {
		ct, body, want string
	}{
		{"application/cap+xml", `<alert><msgType>Update</msgType><info><event>Smuggling</event></info></alert>`, "Update inc Smuggling"},
		{"application/cap+xml; charset=utf-8", `<alert><msgType>`, "Alert inc ?"},
		{"application/json", `[1,2]`, "Alert inc ?"},
		{"application/json", `{"title":42}`, "Alert inc ?"},
		{"text/plain", `hello`, "Alert inc ?"},
		{"", ``, "Alert inc ?"},
	} {
		s := summarize(notify.Received{ContentType: tc.ct, Body: []byte(tc.body), Kind: "Alert", Incident: "inc"})
		require.Equal(t, tc.want, s.kind+" "+s.incident+" "+s.headline, tc.body)
	}
}

// FuzzSummarize: no body crashes the unit's one-line summary.
func FuzzSummarize(f *testing.F) {
	f.Add("application/cap+xml", []byte(`<alert><msgType>Alert</msgType><info><headline>x</headline></info></alert>`))
	f.Add("application/geo+json", []byte(`{"type":"Feature","properties":{"title":"x"}}`))
	f.Add("application/json", []byte(`{"id":"inc-1","title":"a\nb"}`))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		s := summarize(notify.Received{ContentType: ct, Body: body})
		require.NotEmpty(t, s.kind)
		require.NotContains(t, s.headline, "\n")
	})
}
