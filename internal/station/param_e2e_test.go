package station_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
)

// refreshOverAPI reads every parameter of id through POST .../refresh and
// returns the progress lines the station streamed.
func refreshOverAPI(t *testing.T, w *world, id string) []map[string]any {
	t.Helper()
	res, err := http.Post(strings.TrimSuffix(w.st.URL, "/")+"/api/vehicles/"+id+"/params/refresh", "", nil)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var lines []map[string]any
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		var l map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &l), sc.Text())
		lines = append(lines, l)
	}
	return lines
}

// TestParamsReadOverALossyLinkThroughTheAPI reads the ~1100 parameters of a
// simulated ArduCopter through the HTTP API while a tenth of its frames
// are lost: the progress streams, the read completes (the lost values
// asked for again by index) and the table is searchable.
func TestParamsReadOverALossyLinkThroughTheAPI(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, speedup: 10})
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	w.sim.SetFaults(0, 0, sim.Faults{DropOut: 0.1})
	start := time.Now()
	lines := refreshOverAPI(t, w, "l1-1")
	t.Logf("read over 10%% loss in %s, %d progress lines", time.Since(start).Round(time.Millisecond), len(lines))
	last := lines[len(lines)-1]
	require.Equal(t, true, last["done"])
	require.Equal(t, true, last["ok"], "%v", last)
	require.Greater(t, last["total"], 900.0)
	require.Equal(t, last["total"], last["received"])
	require.Greater(t, len(lines), 2, "progress before the end")

	var tab struct {
		gcs.ParamTable
		Shown int `json:"shown"`
	}
	require.Equal(t, 200, api(t, w.st, "GET", "/api/vehicles/l1-1/params?q=FENCE_", "", &tab))
	require.True(t, tab.Complete())
	require.Equal(t, int(last["total"].(float64)), tab.Count)
	require.GreaterOrEqual(t, tab.Shown, 8)
	for _, p := range tab.Params {
		require.True(t, strings.Contains(p.Name, "FENCE_"), p.Name)
	}
}

// TestParamSetIsCheckedConfirmedAndReadBack writes parameters of a
// simulated vehicle through the API: out of range refused, a fence
// parameter confirmed first, the value read back from the vehicle; once
// the vehicle is armed any write asks for the confirmation.
func TestParamSetIsCheckedConfirmedAndReadBack(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, speedup: 10, data: filepath.Join(t.TempDir(), "data")})
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	var out map[string]any
	require.Equal(t, http.StatusUnprocessableEntity, api(t, w.st, "PUT", "/api/vehicles/l1-1/params/FENCE_ALT_MAX", `{"value": 5000, "confirm": "l1-1"}`, &out))
	require.Contains(t, out["error"], "10 to 1000")
	require.Equal(t, http.StatusPreconditionRequired, api(t, w.st, "PUT", "/api/vehicles/l1-1/params/FENCE_ALT_MAX", `{"value": 60}`, &out))
	require.Equal(t, "l1-1", out["confirm_required"])
	var res gcs.ParamSetResult
	require.Equal(t, 200, api(t, w.st, "PUT", "/api/vehicles/l1-1/params/FENCE_ALT_MAX", `{"value": 60, "confirm": "l1-1"}`, &res))
	require.Equal(t, gcs.ParamSetResult{Vehicle: "l1-1", Name: "FENCE_ALT_MAX", Type: gcs.ParamReal32, Requested: 60, Previous: 100, Kept: 60, OK: true}, res)
	var info gcs.ParamInfo
	require.Equal(t, 200, api(t, w.st, "GET", "/api/vehicles/l1-1/params/FENCE_ALT_MAX", "", &info))
	require.Equal(t, 60.0, info.Value, "read from the vehicle again")

	require.Equal(t, 200, api(t, w.st, "PUT", "/api/vehicles/l1-1/params/WPNAV_SPEED", `{"value": 800}`, &res), "no confirmation on the ground")
	r := w.st.Commander.Do(context.Background(), []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 20})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 10*time.Second, "armed", func() bool { v, _ := w.st.Fleet.Vehicle("l1-1"); return v.Armed })
	require.Equal(t, http.StatusPreconditionRequired, api(t, w.st, "PUT", "/api/vehicles/l1-1/params/WPNAV_SPEED", `{"value": 900}`, &out))
	require.Contains(t, out["why"], "l1-1 is armed")
	require.Equal(t, 200, api(t, w.st, "PUT", "/api/vehicles/l1-1/params/WPNAV_SPEED", `{"value": 900, "confirm": "l1-1"}`, &res))
	require.Equal(t, 900.0, res.Kept)

	// Every write is journalled with the orders.
	var orders []gcs.OrderRecord
	require.Equal(t, 200, api(t, w.st, "GET", "/api/orders?limit=20", "", &orders))
	var writes []string
	for _, o := range orders {
		if o.Command.Kind == gcs.CmdParamSet {
			writes = append(writes, fmt.Sprintf("%s=%g %v", o.Command.Param, *o.Command.Value, o.OK))
		}
	}
	require.Equal(t, []string{"WPNAV_SPEED=900 true", "WPNAV_SPEED=800 true", "FENCE_ALT_MAX=60 true"}, writes, "newest first")
}

// TestParamFileSavedComparedAndLoaded saves a simulated vehicle's
// parameters in Mission Planner's format, compares an edited copy and
// loads it: a dry run, a confirmation, then each change written and read
// back; what the vehicle rounds is reported as kept.
func TestParamFileSavedComparedAndLoaded(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, speedup: 10})
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	lines := refreshOverAPI(t, w, "l1-1")
	require.Equal(t, true, lines[len(lines)-1]["ok"])

	res, err := http.Get(strings.TrimSuffix(w.st.URL, "/") + "/api/vehicles/l1-1/params.file?format=mp")
	require.NoError(t, err)
	sc := bufio.NewScanner(res.Body)
	var file []string
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "FENCE_RADIUS,"):
			l = "FENCE_RADIUS,550"
		case strings.HasPrefix(l, "WPNAV_SPEED,"):
			l = "WPNAV_SPEED,1200"
		case strings.HasPrefix(l, "FENCE_TYPE,"):
			l = "FENCE_TYPE,31" // out of range: refused
		}
		file = append(file, l)
	}
	res.Body.Close()
	require.Greater(t, len(file), 900)
	require.True(t, strings.HasPrefix(file[0], "# Skerry: parameters of l1-1"))
	edited := strings.Join(file, "\n") + "\n"

	var cmp struct{ Comparison gcs.ParamComparison }
	require.Equal(t, 200, api(t, w.st, "POST", "/api/vehicles/l1-1/params/compare", edited, &cmp))
	require.Len(t, cmp.Comparison.Changed, 3)
	require.Empty(t, cmp.Comparison.Missing)
	require.Empty(t, cmp.Comparison.OnlyVehicle)
	require.Equal(t, len(file)-1-3, cmp.Comparison.Same, "every other value the same, float32 tolerance included")

	var load struct{ Report gcs.ParamLoadReport }
	require.Equal(t, 200, api(t, w.st, "POST", "/api/vehicles/l1-1/params/load", edited, &load))
	require.False(t, load.Report.Applied)
	require.Equal(t, 1, load.Report.Refused)
	require.Equal(t, http.StatusPreconditionRequired, api(t, w.st, "POST", "/api/vehicles/l1-1/params/load?apply=1", edited, nil))
	require.Equal(t, 200, api(t, w.st, "POST", "/api/vehicles/l1-1/params/load?apply=1&confirm=l1-1", edited, &load))
	require.True(t, load.Report.Applied)
	require.Equal(t, 2, load.Report.Set)
	for _, ch := range load.Report.Changes {
		if ch.Status == gcs.LoadSet {
			require.Equal(t, ch.File, *ch.Kept, ch.Name)
		}
	}
	var info gcs.ParamInfo
	require.Equal(t, 200, api(t, w.st, "GET", "/api/vehicles/l1-1/params/FENCE_RADIUS", "", &info))
	require.Equal(t, 550.0, info.Value)
	require.Equal(t, 200, api(t, w.st, "POST", "/api/vehicles/l1-1/params/compare", edited, &cmp))
	require.Len(t, cmp.Comparison.Changed, 1, "only the refused one still differs")
}
