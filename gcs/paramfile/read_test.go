package paramfile

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readCases are small files and what Read makes of them; they also seed
// FuzzRead.
var readCases = []struct {
	name   string
	in     string
	format Format
	values map[string]float64
	issues int
	err    error
}{
	{"mission planner", "#NOTE: x\nRTL_ALT,3000\nWPNAV_SPEED,750.5\n", MissionPlanner, map[string]float64{"RTL_ALT": 3000, "WPNAV_SPEED": 750.5}, 0, nil},
	{"space separated", "RTL_ALT 3000\nWPNAV_SPEED\t750.5 # cm/s\n", MissionPlanner, map[string]float64{"RTL_ALT": 3000, "WPNAV_SPEED": 750.5}, 0, nil},
	{"crlf and bom", "\xef\xbb\xbfRTL_ALT,3000\r\nFENCE_RADIUS, 450 \r\n", MissionPlanner, map[string]float64{"RTL_ALT": 3000, "FENCE_RADIUS": 450}, 0, nil},
	{"qgroundcontrol", "# Onboard parameters for Vehicle 1\n# Vehicle-Id Component-Id Name Value Type\n1\t1\tRTL_ALT\t3000\t6\n1\t1\tWPNAV_SPEED\t750.500000000000000000\t9\n",
		QGroundControl, map[string]float64{"RTL_ALT": 3000, "WPNAV_SPEED": 750.5}, 0, nil},
	{"repeated name: the last wins", "RTL_ALT,3000\nRTL_ALT,2000\n", MissionPlanner, map[string]float64{"RTL_ALT": 2000}, 1, nil},
	{"bad lines are counted", "RTL_ALT,3000\njunk\nX,NaN\nY,inf\nTOO_LONG_A_NAME_X,1\nZ,0,5\n", MissionPlanner, map[string]float64{"RTL_ALT": 3000}, 5, nil},
	{"bad qgc rows", "1\t1\tA\t1\t11\n1\t1\tB\t1\t0\n256\t1\tC\t1\t9\n1\t1\tD\tx\t9\n1\t1\tE\t2\t2\n", QGroundControl, map[string]float64{"E": 2}, 4, nil},
	{"nothing usable", "<html>\n<body>not a parameter file</body>\n", MissionPlanner, map[string]float64{}, 2, ErrNoParams},
	{"empty", "", MissionPlanner, map[string]float64{}, 0, ErrNoParams},
	{"comments only", "# a\n#b\n\n", MissionPlanner, map[string]float64{}, 0, ErrNoParams},
}

func TestRead(t *testing.T) {
	for _, ca := range readCases {
		t.Run(ca.name, func(t *testing.T) {
			f, err := Read(strings.NewReader(ca.in))
			if ca.err != nil {
				require.ErrorIs(t, err, ca.err)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, ca.format, f.Format)
			require.Equal(t, ca.values, f.Values())
			require.Len(t, f.Issues, ca.issues, "%v", f.Issues)
		})
	}
}

func TestReadTypesAndIDsOfQGroundControlRows(t *testing.T) {
	f, err := Read(strings.NewReader("3\t1\tFENCE_ENABLE\t1\t2\n3\t1\tATC_RAT_RLL_P\t0.135000005364418030\t9\n"))
	require.NoError(t, err)
	require.Equal(t, []Param{{Name: "FENCE_ENABLE", Value: 1, Type: "int8", SysID: 3, CompID: 1, Line: 1},
		{Name: "ATC_RAT_RLL_P", Value: 0.135000005364418030, Type: "real32", SysID: 3, CompID: 1, Line: 2}}, f.Params)
}

func TestReadSaysWhichLineAndWhy(t *testing.T) {
	f, err := Read(strings.NewReader("RTL_ALT,3000\nFENCE_MARGIN,0,5\nX,NaN\n"))
	require.NoError(t, err)
	require.Equal(t, []Issue{
		{Line: 2, Message: `more than one comma (a decimal comma? write 0.5, not 0,5): "FENCE_MARGIN,0,5"`},
		{Line: 3, Message: `value "NaN" is not a number: "X,NaN"`},
	}, f.Issues)
}

func TestReadRefusesAHugeFile(t *testing.T) {
	_, err := Read(bytes.NewReader(bytes.Repeat([]byte("RTL_ALT,1\n"), MaxSize/10+1)))
	require.ErrorIs(t, err, ErrTooLarge)
}

// TestExampleFiles reads the files in testdata: the same ten parameters in
// Mission Planner's and QGroundControl's formats, MAVProxy's, and junk.
func TestExampleFiles(t *testing.T) {
	read := func(name string) *File {
		t.Helper()
		b, err := os.ReadFile("testdata/" + name)
		require.NoError(t, err)
		f, err := Read(bytes.NewReader(b))
		require.NoError(t, err)
		return f
	}
	mp, qgc := read("copter.param"), read("copter.params")
	require.Equal(t, MissionPlanner, mp.Format)
	require.Equal(t, QGroundControl, qgc.Format)
	require.Empty(t, mp.Issues)
	require.Empty(t, qgc.Issues)
	require.Len(t, mp.Params, 10)
	for name, v := range qgc.Values() {
		require.InDelta(t, v, mp.Values()[name], 1e-6, name)
	}
	mav := read("mavproxy.parm")
	require.Equal(t, map[string]float64{"FENCE_RADIUS": 450, "FENCE_ALT_MAX": 100, "WPNAV_SPEED": 750.5, "RTL_ALT": 3000}, mav.Values())
	junk := read("junk.param")
	require.Equal(t, map[string]float64{"FENCE_RADIUS": 460}, junk.Values())
	require.Len(t, junk.Issues, 9, "%v", junk.Issues)
}
