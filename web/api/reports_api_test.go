package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestReportsList(t *testing.T) {
	f := newFakeUnits()
	srv := unitsServer(t, f)
	code, body := do(t, "GET", srv.URL+"/api/reports?incident=i1&unit=cutter-a&limit=5", "")
	require.Equal(t, 200, code, body)
	require.Equal(t, "cutter-a|i1|5", f.queries[len(f.queries)-1])
	require.NotContains(t, body, "<alert>", "no bodies in lists")
	requireNoSecrets(t, body)
	var list []gcs.Report
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 2)
	require.Equal(t, "r2", list[0].ID, "most recent first")
	require.Equal(t, gcs.ReportFailing, list[0].Status)
	require.Equal(t, "503 from unit", list[0].LastError)
	require.Equal(t, 3, list[0].Attempts)

	code, body = do(t, "GET", srv.URL+"/api/reports", "")
	require.Equal(t, 200, code, body)
	require.Equal(t, fmt.Sprintf("||%d", defaultReports), f.queries[len(f.queries)-1])
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 4)

	for _, c := range []struct{ query, msg string }{
		{"unit=a%20b", "not a unit id"},
		{"incident=" + strings.Repeat("i", 65), "not an incident id"},
		{"limit=0", "1 to 1000"},
		{"limit=1001", "1 to 1000"},
		{"unit=a&unit=b", "2 times"},
		{"body=1", "unknown parameter"},
		{"unit=%zz", "bad query"},
		{"unit=" + strings.Repeat("a", 600), "too long"},
	} {
		code, body := do(t, "GET", srv.URL+"/api/reports?"+c.query, "")
		require.Equal(t, 400, code, c.query)
		require.Contains(t, body, c.msg, c.query)
	}
}

func TestReportGet(t *testing.T) {
	srv := unitsServer(t, newFakeUnits())
	code, body := do(t, "GET", srv.URL+"/api/reports/r2", "")
	require.Equal(t, 200, code, body)
	require.NotContains(t, body, "<alert>")
	require.Contains(t, body, `"content_type": "application/cap+xml"`)

	res, body := send(t, "GET", srv.URL+"/api/reports/r2?body=1", "", nil)
	require.Equal(t, 200, res.StatusCode, body)
	require.Equal(t, "<alert><identifier>r2</identifier></alert>", body)
	require.Equal(t, "application/cap+xml", res.Header.Get("Content-Type"))
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "sandbox", res.Header.Get("Content-Security-Policy"))

	code, body = do(t, "GET", srv.URL+"/api/reports/nope", "")
	require.Equal(t, 404, code, body)
	code, _ = do(t, "GET", srv.URL+"/api/reports/r2?body=yes", "")
	require.Equal(t, 400, code)
	code, _ = do(t, "GET", srv.URL+"/api/reports/r%202", "")
	require.Equal(t, 400, code)
}

func TestReportAck(t *testing.T) {
	f := newFakeUnits()
	srv := unitsServer(t, f)
	url := srv.URL + "/api/reports/r1/ack"
	for _, c := range []struct {
		name, auth string
		code       int
		msg        string
	}{
		{"no header", "", 401, "Authorization: Bearer"},
		{"basic", "Basic " + tokenA, 401, "Authorization: Bearer"},
		{"empty bearer", "Bearer ", 401, "Authorization: Bearer"},
		{"another unit's token", "Bearer " + tokenB, 401, "not the unit's token"},
		{"wrong token", "Bearer " + tokenA + "x", 401, "not the unit's token"},
		{"huge token", "Bearer " + strings.Repeat("t", 600), 401, "Authorization: Bearer"},
	} {
		h := map[string]string{}
		if c.auth != "" {
			h["Authorization"] = c.auth
		}
		res, body := send(t, "POST", url, "", h)
		require.Equal(t, c.code, res.StatusCode, c.name)
		require.Contains(t, body, c.msg, c.name)
		require.True(t, strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer "), c.name)
		requireNoSecrets(t, body)
		require.Equal(t, gcs.ReportDelivered, f.reports["r1"].Status, c.name)
	}

	res, body := send(t, "POST", url, `{"whatever":1}`, map[string]string{"Authorization": "bearer " + tokenA})
	require.Equal(t, 200, res.StatusCode, body)
	requireNoSecrets(t, body)
	require.NotContains(t, body, "<alert>")
	var rep gcs.Report
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.Equal(t, gcs.ReportAcknowledged, rep.Status)
	require.Equal(t, "cutter-a", rep.AckedBy)

	res, body = send(t, "POST", srv.URL+"/api/reports/r9/ack", "", map[string]string{"Authorization": "Bearer " + tokenA})
	require.Equal(t, 404, res.StatusCode, body)
	require.Contains(t, body, "no such report")
}

func TestUnitPullsItsReports(t *testing.T) {
	f := newFakeUnits()
	srv := unitsServer(t, f)
	url := srv.URL + "/api/units/boat-b/reports"
	res, body := send(t, "GET", url, "", map[string]string{"Authorization": "Bearer " + tokenB})
	require.Equal(t, 200, res.StatusCode, body)
	var got []struct {
		ID   string `json:"id"`
		Seq  int64  `json:"seq"`
		Body string `json:"body"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Len(t, got, 2)
	require.Equal(t, "r3", got[0].ID, "oldest first")
	require.Equal(t, "<alert><identifier>r3</identifier></alert>", got[0].Body)
	require.Equal(t, "r4", got[1].ID)
	requireNoSecrets(t, body)

	res, body = send(t, "GET", url+"?limit=1", "", map[string]string{"Authorization": "Bearer " + tokenB})
	require.Equal(t, 200, res.StatusCode, body)
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Len(t, got, 1)

	for _, c := range []struct {
		path, auth string
		code       int
	}{
		{"boat-b/reports", "Bearer " + tokenA, 401},
		{"boat-b/reports", "", 401},
		{"nobody/reports", "Bearer " + tokenB, 401},
		{"boat-b/reports?limit=0", "Bearer " + tokenB, 400},
		{"boat-b/reports?unit=x", "Bearer " + tokenB, 400},
	} {
		res, body := send(t, "GET", srv.URL+"/api/units/"+c.path, "", map[string]string{"Authorization": c.auth})
		require.Equal(t, c.code, res.StatusCode, c.path+" "+c.auth)
		require.NotContains(t, body, "<alert>")
	}
}

// memOutbox is the part of an outbox gcs.Units uses for reports and
// acknowledgements.
type memOutbox struct {
	gcs.Outbox
	f *fakeUnits
}

func (o memOutbox) Reports(ctx context.Context, unit gcs.UnitID, incident string, limit int) ([]gcs.Report, error) {
	return o.f.list2(ctx, unit, incident, limit)
}

func (o memOutbox) MarkAcked(_ context.Context, id string, at time.Time, by string) error {
	o.f.mu.Lock()
	defer o.f.mu.Unlock()
	r := o.f.reports[id]
	r.Status, r.Acked, r.AckedBy = gcs.ReportAcknowledged, at, by
	o.f.reports[id] = r
	return nil
}

// memUnitStore keeps the units of a fakeUnits.
type memUnitStore struct{ f *fakeUnits }

func (s memUnitStore) Units(ctx context.Context) ([]gcs.Unit, error) { return s.f.list(ctx) }
func (s memUnitStore) PutUnit(ctx context.Context, u gcs.Unit) error {
	_, err := s.f.put(ctx, u)
	return err
}
func (s memUnitStore) DeleteUnit(ctx context.Context, id gcs.UnitID) error { return s.f.del(ctx, id) }

// The station's own use case serves the API as it is: bodies through its
// Report function, acknowledgements announced.
func TestRealUnitsUseCase(t *testing.T) {
	f := newFakeUnits()
	ev := &gcs.Events{}
	sub := ev.Subscribe()
	defer sub.Cancel()
	us := &gcs.Units{Store: memUnitStore{f}, Outbox: memOutbox{f: f}, Report: f.Report, Events: ev}
	srv := unitsServer(t, us)

	res, body := send(t, "GET", srv.URL+"/api/reports/r3?body=1", "", nil)
	require.Equal(t, 200, res.StatusCode, body)
	require.Equal(t, "<alert><identifier>r3</identifier></alert>", body)

	res, body = send(t, "POST", srv.URL+"/api/reports/r3/ack", "", map[string]string{"Authorization": "Bearer " + tokenB})
	require.Equal(t, 200, res.StatusCode, body)
	require.Contains(t, body, `"acked_by": "boat-b"`)
	var announced []gcs.ReportEvent
	for _, e := range sub.Next() {
		if re, ok := e.(gcs.ReportEvent); ok {
			announced = append(announced, re)
		}
	}
	require.Len(t, announced, 1)
	require.Equal(t, gcs.ReportAcknowledged, announced[0].Report.Status)
	require.Nil(t, announced[0].Report.Body)
	res, body = send(t, "POST", srv.URL+"/api/reports/r3/ack", "", map[string]string{"Authorization": "Bearer " + tokenA})
	require.Equal(t, 401, res.StatusCode, body)

	code, body := do(t, "GET", srv.URL+"/api/units", "")
	require.Equal(t, 200, code, body)
	requireNoSecrets(t, body)

	// Without a Report function, states come from the lists; bodies are 501.
	us.Report = nil
	code, body = do(t, "GET", srv.URL+"/api/reports/r2", "")
	require.Equal(t, 200, code, body)
	code, _ = do(t, "GET", srv.URL+"/api/reports/r2?body=1", "")
	require.Equal(t, 501, code)
}
