package planfile

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

// qgcItemCases are mission items in the shapes QGroundControl writes, with
// what they mean; they also seed FuzzReadQGCPlan.
var qgcItemCases = []struct {
	name, item string
	want       mission.Item // nil when the item is an error
	issue      string       // expected in the issues (or the error)
}{
	{"seven params", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":3,"params":[2,0,0,null,36.133,-5.4301,40]}`,
		mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.Rel(40)), Hold: 2, Yaw: math.NaN()}, ""},
	{"four params and a coordinate", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":3,"params":[2,0,0,0],"coordinate":[36.133,-5.4301,40]}`,
		mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.Rel(40)), Hold: 2}, ""},
	{"version 1 missionItem", `{"type":"missionItem","autoContinue":true,"command":16,"frame":3,"param1":2,"param2":0,"param3":0,"param4":0,"coordinate":[36.133,-5.4301,40]}`,
		mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.Rel(40)), Hold: 2}, ""},
	{"calculated above terrain, param7 null", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":0,"params":[0,0,0,null,36.133,-5.4301,null],"AltitudeMode":3,"Altitude":null,"AMSLAltAboveTerrain":112.5}`,
		mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.AMSL(112.5)), Yaw: math.NaN()}, "flown at the AMSL altitude 112.5 m"},
	{"terrain frame, param7 null", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":10,"params":[0,0,0,null,36.133,-5.4301,null],"AltitudeMode":4,"Altitude":45,"AMSLAltAboveTerrain":null}`,
		mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.AboveTerrain(45)), Yaw: math.NaN()}, "altitude 45 m terrain from its Altitude field"},
	{"terrain frame, only the AMSL altitude", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":10,"params":[0,0,0,null,36.133,-5.4301,null],"AltitudeMode":3,"Altitude":null,"AMSLAltAboveTerrain":125}`,
		mission.Waypoint{Pos: mission.At(36.133, -5.4301, mission.AMSL(125)), Yaw: math.NaN()}, "read as the 125 m AMSL"},
	{"no altitude anywhere", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":0,"params":[0,0,0,null,36.133,-5.4301,null],"AltitudeMode":3,"Altitude":null,"AMSLAltAboveTerrain":null}`,
		nil, "QGC item has no altitude"},
	{"short coordinate", `{"type":"SimpleItem","autoContinue":true,"command":16,"frame":3,"params":[0,0,0,0],"coordinate":[36.133,-5.4301]}`,
		nil, "coordinate has 2 values"},
}

// TestQGCItemShapes: every item shape QGroundControl has written is read
// as the item it uploads; an item without an altitude is an error, never
// a NaN in the plan.
func TestQGCItemShapes(t *testing.T) {
	for _, ca := range qgcItemCases {
		t.Run(ca.name, func(t *testing.T) {
			p, is, err := ReadQGCPlan(strings.NewReader(planWithItem(ca.item)))
			if ca.want == nil {
				if err == nil {
					require.True(t, is.HasErrors())
					require.Contains(t, issuesText(is), ca.issue)
					return
				}
				require.ErrorContains(t, err, ca.issue)
				return
			}
			require.NoError(t, err)
			require.False(t, is.HasErrors(), "%v", is)
			require.Contains(t, issuesText(is), ca.issue)
			requireSamePlan(t, &mission.Plan{Mission: []mission.Item{ca.want}}, &mission.Plan{Mission: p.Mission[1:]})
		})
	}
}

// TestReadQGCTerrainFollow: QGroundControl's terrain items, as it saves
// them, read as it flies them.
func TestReadQGCTerrainFollow(t *testing.T) {
	p, is := readQGCFile(t, "terrain_follow.plan")
	require.False(t, is.HasErrors(), "%v", is)
	alts := []mission.Altitude{mission.Rel(30), mission.AMSL(112.5), mission.AMSL(120.2), mission.AboveTerrain(45), mission.AMSL(125)}
	for i, want := range alts {
		pos, _ := mission.PositionOf(p.Mission[i])
		require.Equal(t, want, pos.Alt, "item %d", i)
	}
}

// TestReadQGCLegacyFormats: items of four params and a coordinate, and a
// version 1 mission file (fileType "Mission" or none, planned home as an
// item, DO_JUMP by sequence number, MAV_AUTOPILOT).
func TestReadQGCLegacyFormats(t *testing.T) {
	p, is := readQGCFile(t, "legacy_items.plan")
	require.False(t, is.HasErrors(), "%v", is)
	require.Len(t, p.Mission, 5)
	require.Equal(t, mission.Waypoint{Pos: mission.At(36.1330, -5.4301, mission.Rel(40)), Hold: 3}, p.Mission[1])
	require.Equal(t, mission.Jump{Target: 1, Repeat: 1}, p.Mission[3], "doJumpId 2 is item 1")

	for _, in := range qgcV1Missions {
		p, is, err := ReadQGCPlan(strings.NewReader(in))
		require.NoError(t, err)
		require.False(t, is.HasErrors(), "%v", is)
		require.Equal(t, mission.FirmwareArduPilot, p.Firmware)
		require.Equal(t, mission.At(36.1275, -5.439, mission.AMSL(8)), *p.Home)
		require.Equal(t, mission.Jump{Target: 0, Repeat: 2}, p.Mission[2], "version 1 jumps name sequence numbers: 1 is item 0")
	}
	_, _, err := ReadQGCPlan(strings.NewReader(strings.Replace(qgcV1Missions[0], `"complexItems":[]`, `"complexItems":[{"id":3}]`, 1)))
	require.ErrorContains(t, err, "version 1 complex items")
}

// qgcV1Missions are version 1 mission files (QGroundControl 3.0/3.1):
// also seeds of FuzzReadQGCPlan.
var qgcV1Missions = []string{
	`{"fileType":"Mission","version":1,"groundStation":"QGroundControl","MAV_AUTOPILOT":3,"complexItems":[],
	"plannedHomePosition":{"type":"missionItem","id":0,"autoContinue":true,"command":16,"frame":0,"param1":0,"param2":0,"param3":0,"param4":0,"coordinate":[36.1275,-5.439,8]},
	"items":[{"type":"missionItem","id":1,"autoContinue":true,"command":22,"frame":3,"param1":0,"param2":0,"param3":0,"param4":0,"coordinate":[36.1281,-5.4372,30]},
	{"type":"missionItem","id":2,"autoContinue":true,"command":16,"frame":3,"param1":0,"param2":0,"param3":0,"param4":0,"coordinate":[36.133,-5.4301,40]},
	{"type":"missionItem","id":3,"autoContinue":true,"command":177,"frame":2,"param1":1,"param2":2,"param3":0,"param4":0,"coordinate":[0,0,0]}]}`,
	`{"version":"1.0","MAV_AUTOPILOT":3,"complexItems":[],
	"plannedHomePosition":{"type":"SimpleItem","autoContinue":true,"command":16,"frame":0,"params":[0,0,0,0],"coordinate":[36.1275,-5.439,8]},
	"items":[{"type":"SimpleItem","autoContinue":true,"command":22,"frame":3,"params":[0,0,0,0],"coordinate":[36.1281,-5.4372,30]},
	{"type":"SimpleItem","autoContinue":true,"command":16,"frame":3,"params":[0,0,0,0],"coordinate":[36.133,-5.4301,40]},
	{"type":"SimpleItem","autoContinue":true,"command":177,"frame":2,"params":[1,2,0,0],"coordinate":[0,0,0]}]}`,
}
