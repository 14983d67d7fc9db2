package station

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/store"
	"skerry/telemetry"
)

func TestHTTPIsLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:8080", ":8080", "[::]:0", "example.com:80"} {
		_, err := listenLoopback(addr, false)
		require.True(t, errors.Is(err, ErrNotLoopback), "%s: %v", addr, err)
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0"} {
		ln, err := listenLoopback(addr, false)
		if err != nil && addr == "[::1]:0" {
			continue // no IPv6 on this machine
		}
		require.NoError(t, err, addr)
		ln.Close()
	}
}

func TestBusyPortFallsBackWhenAllowed(t *testing.T) {
	ln, err := listenLoopback("127.0.0.1:0", false)
	require.NoError(t, err)
	defer ln.Close()
	_, err = listenLoopback(ln.Addr().String(), false)
	require.Error(t, err)
	ln2, err := listenLoopback(ln.Addr().String(), true)
	require.NoError(t, err)
	ln2.Close()
}

// TestDataIsPrivate: the data directory and the database (which holds the
// units' secrets) are the user's alone, even when they existed before.
func TestDataIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	st, err := Start(Config{HTTPAddr: "127.0.0.1:0", DataDir: dir, NoDetect: true,
		Links: []telemetry.LinkConfig{{Name: "mav", URL: "udp-server:127.0.0.1:0"}}})
	require.NoError(t, err)
	st.Close()
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	fi, err = os.Stat(filepath.Join(dir, DBName))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

// An inspection the station was running when it died is in its database:
// started again on it, the station lists it as interrupted, naming the
// drone it had sent, for the pilot to take back.
func TestInterruptedInspectionIsListedAfterARestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	db, err := store.Open(filepath.Join(dir, DBName))
	require.NoError(t, err)
	running := `[{"id":"o-1","vehicle":"l1-2","target":"ais-224765432","phase":"orbit","radius":150,"altitude":50,"started":"2026-12-07T05:00:00Z"}]`
	require.NoError(t, db.Settings().Put(context.Background(), "inspect.running", json.RawMessage(running), "inspector"))
	require.NoError(t, db.Close())

	st, err := Start(Config{HTTPAddr: "127.0.0.1:0", DataDir: dir, NoDetect: true,
		Links: []telemetry.LinkConfig{{Name: "mav", URL: "udp-server:127.0.0.1:0"}}})
	require.NoError(t, err)
	defer st.Close()
	res, err := http.Get(st.URL + "api/inspect")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var list []gcs.InspectSession
	require.NoError(t, json.NewDecoder(res.Body).Decode(&list))
	require.Len(t, list, 1)
	require.Equal(t, "o-1", list[0].ID)
	require.Equal(t, gcs.InspectEnded, list[0].Phase)
	require.Contains(t, list[0].EndReason, "interrupted: the station stopped while l1-2 was inspecting")
	raw, ok, err := st.Store.Settings().Get(context.Background(), "inspect.running")
	require.NoError(t, err)
	require.True(t, ok)
	require.JSONEq(t, `[]`, string(raw), "told once")
}
