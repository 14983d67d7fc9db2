package station_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/internal/store"
	"skerry/telemetry"
)

// api sends one request to the station and decodes the JSON answer.
func api(t *testing.T, st *station.Station, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, strings.TrimSuffix(st.URL, "/")+path, strings.NewReader(body))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if out != nil && len(b) > 0 {
		require.NoError(t, json.Unmarshal(b, out), string(b))
	}
	return res.StatusCode
}

// TestSavedPlanIsImportedUploadedAndKept imports a QGroundControl plan
// into the station's store, flies it onto two simulated vehicles at once
// over MAVLink, and finds it again after a restart.
func TestSavedPlanIsImportedUploadedAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 10, data: dir})
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	file, err := os.ReadFile("../../mission/testdata/port_perimeter.plan")
	require.NoError(t, err)
	var rec struct {
		ID      string `json:"id"`
		Version int64  `json:"version"`
		Mission int    `json:"mission"`
	}
	require.Equal(t, http.StatusCreated, api(t, w.st, "POST", "/api/plans/import?name=Port+perimeter", string(file), &rec))
	require.NotEmpty(t, rec.ID)

	// A .plan carries no fence radius, and the port patrol goes farther
	// than the copters' own 300 m circle: the pilot widens it first.
	for _, id := range []gcs.VehicleID{"l1-1", "l1-2"} {
		require.NoError(t, w.st.Telemetry.WriteParam(context.Background(), id, "FENCE_RADIUS", 2000))
	}
	// A long endurance: the simulated wind must not make the check flaky.
	require.Equal(t, http.StatusOK, api(t, w.st, "PUT", "/api/operation", `{"profile":"state","pilots":1,"endurance_s":3600}`, nil))
	var up struct {
		Results []struct {
			Vehicle gcs.VehicleID `json:"vehicle"`
			OK      bool          `json:"ok"`
			Error   string        `json:"error"`
			Mission int           `json:"mission"`
		} `json:"results"`
	}
	code := api(t, w.st, "POST", "/api/plans/"+rec.ID+"/upload", `{"targets":["l1-1","l1-2"]}`, &up)
	require.Equal(t, http.StatusOK, code, "%+v", up)
	require.Len(t, up.Results, 2)
	for _, r := range up.Results {
		require.True(t, r.OK, "%s: %s", r.Vehicle, r.Error)
		require.Equal(t, rec.Mission+1, r.Mission, "ArduPilot counts home as item 0")
		got, _, err := w.st.Missions.Download(context.Background(), r.Vehicle, nil)
		require.NoError(t, err)
		require.Len(t, got.Mission, rec.Mission, "the vehicle holds the saved plan")
	}
	w.st.Close()

	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", DataDir: dir, Links: loopLink()})
	require.NoError(t, err)
	defer st.Close()
	var list []struct {
		ID, Name string
	}
	require.Equal(t, 200, api(t, st, "GET", "/api/plans", "", &list))
	require.Len(t, list, 1)
	require.Equal(t, "Port perimeter", list[0].Name)
}

// TestDataDirThatIsNotOursStopsTheStation: a file in the way is reported
// and left alone; the station does not start half-working.
func TestDataDirThatIsNotOursStopsTheStation(t *testing.T) {
	dir := t.TempDir()
	junk := []byte("not a database, but precious\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, station.DBName), junk, 0o600))
	_, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", DataDir: dir, Links: loopLink()})
	require.ErrorIs(t, err, store.ErrNotSkerryDB)
	got, err := os.ReadFile(filepath.Join(dir, station.DBName))
	require.NoError(t, err)
	require.True(t, bytes.Equal(junk, got))

	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: loopLink()})
	require.NoError(t, err, "no data directory: no saved plans")
	defer st.Close()
	require.Equal(t, http.StatusNotImplemented, api(t, st, "GET", "/api/plans", "", nil))
}

// loopLink is one MAVLink link on a free loopback port.
func loopLink() []telemetry.LinkConfig {
	return []telemetry.LinkConfig{{Name: "l1", URL: "udp-server:127.0.0.1:0"}}
}
