package api

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// newAckServer is a fleet with one low battery alert and the API.
func newAckServer(t *testing.T) (*httptest.Server, *gcs.Fleet) {
	f := &gcs.Fleet{TickPeriod: time.Hour}
	require.NoError(t, f.Initialize())
	srv := httptest.NewServer((&Server{Fleet: f}).Handler())
	t.Cleanup(func() { srv.Close(); f.Close() })
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.Identity{Mode: "AUTO"}})
	f.Observe(gcs.Observation{Vehicle: "l1-1", Link: "l1", At: time.Now(), Update: gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: 25, Voltage: 14.8}}})
	require.Len(t, f.Alerts(), 1)
	return srv, f
}

func TestAckAlertBadRequests(t *testing.T) {
	srv, _ := newAckServer(t)
	cases := []struct {
		name, body string
		code       int
		want       string
	}{
		{"unknown alert", `{"id":"l1-9/battery_low","by":"Ana"}`, 404, "no active or recent alert"},
		{"no id", `{"by":"Ana"}`, 400, "give the alert"},
		{"no name", `{"id":"l1-1/battery_low","by":"  "}`, 400, "who acknowledges"},
		{"control characters", `{"id":"l1-1/battery_low","by":"A\u0000na"}`, 400, "printable"},
		{"long name", `{"id":"l1-1/battery_low","by":"` + strings.Repeat("a", 101) + `"}`, 400, "at most 100"},
		{"not JSON", `{"id":`, 400, "bad JSON"},
		{"unknown field", `{"id":"l1-1/battery_low","by":"Ana","sudo":1}`, 400, "unknown field"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			code, body := do(t, "POST", srv.URL+"/api/alerts/ack", ca.body)
			require.Equal(t, ca.code, code, body)
			require.Contains(t, body, ca.want)
		})
	}
}
