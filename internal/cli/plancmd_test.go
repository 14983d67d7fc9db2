package cli

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/planfile"
	"skerry/mission/planner"
)

const planInput = "../../mission/planner/testdata/algeciras.geojson"

func TestPlanCommandWritesEveryKind(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
	}{
		{"coast.plan", []string{"coast", "--coast", planInput + "#coast", "--land", planInput + "#land", "--operation-area", planInput + "#area",
			"--exclude", planInput + "#works zone across the coastal route", "--zones", "../../mission/airspace/testdata/ed269_algeciras.json", "--length", "3000"}},
		{"perimeter.waypoints", []string{"perimeter", "--port", planInput + "#port", "--clockwise"}},
		{"survey.geojson", []string{"survey", "--area", planInput + "#bay", "--altitude", "80"}},
		{"orbit.plan", []string{"orbit", "--at", "36.12,-5.41", "--radius", "150"}},
		{"square.plan", []string{"expanding-square", "--at", "36.12,-5.41", "--legs", "8"}},
		{"sector.plan", []string{"sector", "--at", "36.12,-5.41", "--radius", "500"}},
		{"creeping.plan", []string{"creeping-line", "--area", planInput + "#bay", "--spacing", "150"}},
		{"fleet.plan", []string{"survey", "--area", planInput + "#bay", "--drones", "3"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			out := filepath.Join(dir, ca.name)
			var o, e bytes.Buffer
			code := Run(context.Background(), append([]string{"plan"}, append(ca.args, "--out", out)...), &o, &e)
			require.Equal(t, 0, code, e.String())
			if ca.name == "fleet.plan" {
				for k := 1; k <= 3; k++ {
					require.Contains(t, o.String(), fmt.Sprintf("wrote %s/fleet-%d.plan", dir, k))
				}
				out = filepath.Join(dir, "fleet-3.plan")
			} else {
				require.Contains(t, o.String(), "wrote "+out)
			}
			f, err := os.Open(out)
			require.NoError(t, err)
			defer f.Close()
			var p *mission.Plan
			switch filepath.Ext(out) {
			case ".plan":
				p, _, err = planfile.ReadQGCPlan(f)
			case ".waypoints":
				p, _, err = planfile.ReadWPL(f)
			default:
				p, _, err = planfile.ReadGeoJSONPlan(f)
			}
			require.NoError(t, err)
			require.Greater(t, len(p.Mission), 3)
			require.NotNil(t, p.Home)
		})
	}
}

func TestPlanCommandRefusesBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"plan"},
		{"plan", "teleport"},
		{"plan", "orbit", "--at", "north"},
		{"plan", "coast", "--coast", planInput + "#no such feature"},
		{"plan", "survey", "--area", "/nonexistent.geojson"},
		{"plan", "orbit", "--at", "36.1,-5.4", "--profile", "mars"},
	} {
		var o, e bytes.Buffer
		require.NotEqual(t, 0, Run(context.Background(), args, &o, &e), "%v", args)
		require.NotEmpty(t, e.String())
	}
}

func TestZonesCommand(t *testing.T) {
	var o, e bytes.Buffer
	code := Run(context.Background(), []string{"zones", "--authorisations", "ALGPORT", "../../mission/airspace/testdata/ed269_authority.json", "../../mission/airspace/testdata/ed318_algeciras.geojson"}, &o, &e)
	require.Equal(t, 0, code, e.String())
	require.Contains(t, o.String(), "PROHIBITED → exclusion")
	require.Contains(t, o.String(), "zones understood")
	require.Contains(t, e.String(), "dropped", "what could not be used is reported")

	bad := filepath.Join(t.TempDir(), "junk.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"features": [{"name": "nothing useful"}]}`), 0o600))
	o.Reset()
	e.Reset()
	require.Equal(t, 1, Run(context.Background(), []string{"zones", bad}, &o, &e))
}

// TestOrbitIsCheckedAsFlown: `skerry plan orbit` round a point 800 m
// from Gibraltar's prohibited LXGB01, then `skerry check`: the circle runs
// 193 m inside the zone, and the check says so (before, it checked the
// centre alone and said lawful).
func TestOrbitIsCheckedAsFlown(t *testing.T) {
	out := filepath.Join(t.TempDir(), "orbit.plan")
	var o, e bytes.Buffer
	code := Run(context.Background(), []string{"plan", "orbit", "--at", "36.151,-5.318", "--radius", "800", "--turns", "1", "--altitude", "60", "--out", out}, &o, &e)
	require.Equal(t, 0, code, e.String())
	o.Reset()
	e.Reset()
	code = Run(context.Background(), []string{"check", out, "--zones", "../../mission/airspace/testdata/ed269_algeciras.json"}, &o, &e)
	require.NotEqual(t, 0, code, o.String())
	require.Contains(t, o.String(), "orbit of item")
	require.Contains(t, o.String(), "LXGB01")
	require.Equal(t, 1, strings.Count(o.String(), "orbit of item"), "reported once for the whole circle:\n%s", o.String())
}

// TestProfileThatDoesNotHoldRefusesEveryPlan: eu-specific without the
// operational authorisation it needs says so, and refuses a 300 m flight
// (before, it said lawful).
func TestProfileThatDoesNotHoldRefusesEveryPlan(t *testing.T) {
	var o, e bytes.Buffer
	code := Run(context.Background(), []string{"check", "../../mission/testdata/algeciras_patrol.waypoints", "--profile", "eu-specific"}, &o, &e)
	require.NotEqual(t, 0, code, o.String())
	require.Contains(t, e.String(), "warning: profile eu-specific does not hold")
	require.Contains(t, o.String(), "error: plan: profile: the profile does not hold")
	require.Contains(t, o.String(), "operational authorisation")
	o.Reset()
	code = Run(context.Background(), []string{"check", "../../mission/testdata/algeciras_patrol.waypoints", "--profile", "state", "--endurance", "2h"}, &o, &e)
	require.Equal(t, 0, code, o.String())
}

// TestPlannerDefaultsAreThePlanners: a sector search without --radius is
// the planner's default radius, as from the API (before: 200 m here, 1000
// m there).
func TestPlannerDefaultsAreThePlanners(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sector.plan")
	var o, e bytes.Buffer
	require.Equal(t, 0, Run(context.Background(), []string{"plan", "sector", "--at", "36.12,-5.41", "--out", out}, &o, &e), e.String())
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	p, _, err := planfile.ReadQGCPlan(f)
	require.NoError(t, err)
	far := 0.0
	for _, it := range p.Mission {
		if pos, ok := mission.PositionOf(it); ok && pos.Point != (orb.Point{}) {
			far = math.Max(far, geo.Distance(orb.Point{-5.41, 36.12}, pos.Point))
		}
	}
	require.InDelta(t, planner.DefaultSectorRadius, far, 30)
}
