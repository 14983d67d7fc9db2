package planfile

import (
	stdflag "flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/local"
)

var update = stdflag.Bool("update", false, "rewrite the golden files in testdata")

// structureCorners is the structure outline of structure_scan.plan.
var structureCorners = []orb.Point{{-5.4400, 36.1300}, {-5.4390, 36.1300}, {-5.4390, 36.1292}, {-5.4400, 36.1292}}

// TestQGCStructureScanExpands: a StructureScan becomes the mission items
// QGroundControl uploads for it: entrance, ROI offset, two layers of the
// four corners and back to the first, each 15 m out from the structure's
// two edges there, cameras on and off, ROI none, exit.
func TestQGCStructureScanExpands(t *testing.T) {
	p, is := readQGCFile(t, "structure_scan.plan")
	require.False(t, is.HasErrors(), "%v", is)
	require.Contains(t, issuesText(is), "StructureScan expanded as QGroundControl does into 18 items (1..18)")
	require.Len(t, p.Mission, 20)
	var kinds []string
	for _, it := range p.Mission {
		kinds = append(kinds, string(it.Kind()))
	}
	layer := []string{"waypoint", "camera", "waypoint", "waypoint", "waypoint", "waypoint", "camera"}
	want := append(append(append([]string{"takeoff", "waypoint", "command"}, layer...), layer...), "roi_none", "waypoint", "rtl")
	require.Equal(t, want, kinds)
	require.Equal(t, mission.Command{Command: 196, Frame: mission.FrameMission, Params: [7]float64{0, 0, 0, 0, 0, 0, 90}}, p.Mission[2])
	require.Equal(t, mission.Camera{Action: mission.CameraTriggerDistance, Distance: 8, TriggerOnce: true}, p.Mission[4])

	pr := local.New(structureCorners[0])
	for i, alt := range map[int]float64{3: 10, 10: 20} { // layer waypoints: bottom 5 m + 10/2, then +10
		for k := 0; k < 5; k++ {
			idx := i + k
			if k > 0 {
				idx++ // the camera item after the first waypoint
			}
			wp := p.Mission[idx].(mission.Waypoint)
			require.Equal(t, mission.Rel(alt), wp.Pos.Alt, "item %d", idx)
			require.True(t, math.IsNaN(wp.Yaw))
			c := k % 4
			q := pr.XY(wp.Pos.Point)
			for _, e := range [][2]int{{(c + 3) % 4, c}, {c, (c + 1) % 4}} {
				a, b := pr.XY(structureCorners[e[0]]), pr.XY(structureCorners[e[1]])
				require.InDelta(t, 15, lineDistance(q, a, b), 0.05, "item %d corner %d", idx, c)
			}
		}
	}
	require.Equal(t, p.Mission[1].(mission.Waypoint).Pos, p.Mission[18].(mission.Waypoint).Pos, "exit at the entrance")
	golden(t, "structure_scan.golden.geojson", geoBytes(t, p))
}

// lineDistance is the distance from q to the line through a and b.
func lineDistance(q, a, b local.XY) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	return math.Abs(dx*(q.Y-a.Y)-dy*(q.X-a.X)) / math.Hypot(dx, dy)
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}

// qgcRefusedCases are complex items that cannot be expanded exactly: the
// whole plan is refused, never read without them. They also seed
// FuzzReadQGCPlan.
var qgcRefusedCases = []struct{ name, item, want string }{
	{"counter-clockwise structure", structureItem(`[[36.1292,-5.4400],[36.1292,-5.4390],[36.1300,-5.4390],[36.1300,-5.4400]]`, 2, 3), "winds counter-clockwise"},
	{"layers disagree", structureItem(`[[36.1300,-5.4400],[36.1300,-5.4390],[36.1292,-5.4390],[36.1292,-5.4400]]`, 3, 3), "Layers count 3 disagrees"},
	{"structure version 2", structureItem(`[[36.1300,-5.4400],[36.1300,-5.4390],[36.1292,-5.4390],[36.1292,-5.4400]]`, 2, 2), "version 2"},
	{"structure two vertices", structureItem(`[[36.1300,-5.4400],[36.1300,-5.4390]]`, 2, 3), "2 vertices"},
	{"camera values disagree with the sensor", strings.Replace(cameraStructure, `"AdjustedFootprintSide":6.75`, `"AdjustedFootprintSide":8`, 1), "disagree with its sensor"},
	{"corridor without items", `{"type":"ComplexItem","complexItemType":"CorridorScan","version":2,"CorridorWidth":50,"polyline":[[36.13,-5.44],[36.14,-5.43]],"TransectStyleComplexItem":{"Items":[]}}`, "CorridorScan complex item saves no generated items"},
	{"landing pattern", `{"type":"ComplexItem","complexItemType":"fwLandingPattern","version":2}`, `"fwLandingPattern" cannot be expanded`},
	{"unknown type", `{"type":"Weird"}`, `type "Weird"`},
}

// structureItem is a StructureScan with the given polygon, layers and
// version.
func structureItem(polygon string, layers, version int) string {
	return `{"type":"ComplexItem","complexItemType":"StructureScan","version":` + itoa(version) +
		`,"EntranceAltitude":40,"GimbalPitch":0,"Layers":` + itoa(layers) + `,"ScanBottomAlt":5,"StartFromTop":false,"StructureHeight":25,` +
		`"CameraCalc":{"AdjustedFootprintFrontal":10,"AdjustedFootprintSide":8,"DistanceToSurface":15,"CameraName":"Manual (no camera specs)"},` +
		`"polygon":` + polygon + `}`
}

func itoa(i int) string { return strconv.Itoa(i) }

// planWithItem is a .plan whose mission is a take-off and item.
func planWithItem(item string) string {
	return `{"fileType":"Plan","version":1,"mission":{"version":2,"firmwareType":3,"plannedHomePosition":[36.1285,-5.4405,8],"items":[` +
		`{"type":"SimpleItem","autoContinue":true,"command":22,"doJumpId":1,"frame":3,"params":[0,0,0,null,36.1285,-5.4405,40]},` + item + `]}}`
}

// TestQGCComplexItemsRefused: a complex item that cannot be expanded
// refuses the plan with an error naming it; nothing is read without it.
func TestQGCComplexItemsRefused(t *testing.T) {
	for _, ca := range qgcRefusedCases {
		t.Run(ca.name, func(t *testing.T) {
			p, _, err := ReadQGCPlan(strings.NewReader(planWithItem(ca.item)))
			require.ErrorContains(t, err, ca.want)
			require.Nil(t, p)
		})
	}
}

// TestQGCStructureScanFromTop: layers counted down from the top.
func TestQGCStructureScanFromTop(t *testing.T) {
	item := strings.Replace(structureItem(`[[36.1300,-5.4400],[36.1300,-5.4390],[36.1292,-5.4390],[36.1292,-5.4400]]`, 2, 3), `"StartFromTop":false`, `"StartFromTop":true`, 1)
	p, is, err := ReadQGCPlan(strings.NewReader(planWithItem(item)))
	require.NoError(t, err)
	require.False(t, is.HasErrors(), "%v", is)
	require.Equal(t, mission.Rel(20), p.Mission[3].(mission.Waypoint).Pos.Alt)
	require.Equal(t, mission.Rel(10), p.Mission[10].(mission.Waypoint).Pos.Alt)
}

// TestQGCStructureScanForArduPilot: a structure scan planned for
// ArduPilot is expanded, with a warning that ArduPilot refuses its
// DO_SET_ROI_WPNEXT_OFFSET.
func TestQGCStructureScanForArduPilot(t *testing.T) {
	_, is, err := ReadQGCPlan(strings.NewReader(planWithItem(structureItem(`[[36.1300,-5.4400],[36.1300,-5.4390],[36.1292,-5.4390],[36.1292,-5.4400]]`, 2, 3))))
	require.NoError(t, err)
	require.Contains(t, issuesText(is), "warning: mission[2].command: StructureScan: ArduPilot does not accept DO_SET_ROI_WPNEXT_OFFSET")
}

// cameraStructure is a StructureScan with a custom camera (13.2 mm sensor,
// 5472×3648 px, 8.8 mm lens) 15 m off the structure: footprints 22.5 ×
// 15 m, adjusted by 70 % side and 80 % front overlap to 6.75 × 3 m, so
// 7 layers from 5 to 25 m.
var cameraStructure = `{"type":"ComplexItem","complexItemType":"StructureScan","version":3,"EntranceAltitude":40,"GimbalPitch":0,"Layers":7,` +
	`"ScanBottomAlt":5,"StartFromTop":false,"StructureHeight":25,"CameraCalc":{"AdjustedFootprintFrontal":3,"AdjustedFootprintSide":6.75,` +
	`"CameraName":"Custom Camera","DistanceToSurface":15,"FocalLength":8.8,"FrontalOverlap":80,"ImageDensity":0.4112,"ImageHeight":3648,` +
	`"ImageWidth":5472,"Landscape":true,"SensorHeight":8.8,"SensorWidth":13.2,"SideOverlap":70,"ValueSetIsDistance":true,"version":1},` +
	`"polygon":[[36.1300,-5.4400],[36.1300,-5.4390],[36.1292,-5.4390],[36.1292,-5.4400]]}`

// TestQGCStructureScanCamera: a camera's saved values that agree with its
// sensor are used: 7 layers of 5 waypoints, triggering every 6.75 m.
func TestQGCStructureScanCamera(t *testing.T) {
	p, is, err := ReadQGCPlan(strings.NewReader(planWithItem(cameraStructure)))
	require.NoError(t, err)
	require.False(t, is.HasErrors(), "%v", is)
	require.Len(t, p.Mission, 1+2+7*7+2)
	require.Equal(t, mission.Camera{Action: mission.CameraTriggerDistance, Distance: 6.75, TriggerOnce: true}, p.Mission[4])
	require.Equal(t, mission.Rel(5+1.5), p.Mission[3].(mission.Waypoint).Pos.Alt)
}
