package station_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// checkReply is the part of a check or upload answer these tests read.
type checkReply struct {
	OK     bool    `json:"ok"`
	Error  string  `json:"error"`
	Lawful bool    `json:"lawful"`
	Length float64 `json:"length_m"`
	Check  *struct {
		Lawful     bool    `json:"lawful"`
		Length     float64 `json:"length_m"`
		Violations []struct {
			Severity, Rule, Message string
		} `json:"violations"`
	} `json:"check"`
	Violations []struct {
		Severity, Rule, Message string
	} `json:"violations"`
}

// TestPlanIsCheckedFromTheVehiclesHome: a .waypoints mission planned in
// Taipei, checked and uploaded for a drone standing in Algeciras, is
// checked from where the drone is, not from the file's own home (before,
// it came back "lawful": true, 301.8 m), and the report says so.
func TestPlanIsCheckedFromTheVehiclesHome(t *testing.T) {
	op, _ := portOperation(t)
	w := startLawWorld(t, op, 1, 10)
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	plan, err := os.ReadFile("../../mission/testdata/taipei_loop.waypoints")
	require.NoError(t, err)

	post := func(path string) (int, checkReply) {
		t.Helper()
		var rep checkReply
		code := api(t, w.st, "POST", path, string(plan), &rep)
		return code, rep
	}
	code, alone := post("/api/check?format=waypoints")
	require.Equal(t, 200, code)
	require.True(t, alone.Lawful, "%+v", alone.Violations)
	require.Less(t, alone.Length, 400.0, "checked alone: from the file's home")

	code, rep := post("/api/check?format=waypoints&vehicle=l1-1")
	require.Equal(t, 200, code)
	require.False(t, rep.Lawful)
	require.Greater(t, rep.Length, 2e7, "Algeciras to Taipei and back")
	require.Equal(t, "info", rep.Violations[0].Severity)
	require.Contains(t, rep.Violations[0].Message, "checked as l1-1 would fly it: from where it stands")
	require.Contains(t, rep.Violations[0].Message, "the plan's own home, 1")
	require.True(t, strings.HasSuffix(rep.Violations[0].Message, "km away, is not used)"), rep.Violations[0].Message)

	code, up := post("/api/vehicles/l1-1/plan?format=waypoints")
	require.Equal(t, 422, code, "%+v", up)
	require.False(t, up.OK)
	require.NotNil(t, up.Check)
	require.False(t, up.Check.Lawful)
	require.Contains(t, up.Check.Violations[0].Message, "checked as l1-1 would fly it")

	// Under an override (who and why) it is uploaded, and journalled.
	code, _ = post("/api/vehicles/l1-1/plan?format=waypoints&override_by=Ana&override_reason=")
	require.Equal(t, 400, code, "an override says why")
	var res struct {
		OK         bool
		Override   *gcs.Override
		Overridden []string
	}
	code = api(t, w.st, "POST", "/api/vehicles/l1-1/plan?format=waypoints&override_by=Ana+Ruiz&override_reason=ferry+flight+cleared+by+the+authority", string(plan), &res)
	require.Equal(t, 200, code)
	require.True(t, res.OK)
	require.Equal(t, "Ana Ruiz", res.Override.By)
	require.NotEmpty(t, res.Overridden)
	var journal []gcs.OrderRecord
	require.Equal(t, 200, api(t, w.st, "GET", "/api/orders?overridden=1", "", &journal))
	require.Len(t, journal, 1)
	require.Equal(t, gcs.CmdUpload, journal[0].Command.Kind)
	require.Equal(t, "ferry flight cleared by the authority", journal[0].Override.Reason)
}
