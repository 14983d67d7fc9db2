package airspace

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

// openAIP's GeoJSON export: its types mapped honestly, its ceilings read.
func TestReadOpenAIP(t *testing.T) {
	data, err := os.ReadFile("testdata/openaip_airspaces.geojson")
	require.NoError(t, err)
	require.Equal(t, FormatOpenAIP, Sniff(data))
	zs, is, err := Read(strings.NewReader(string(data)))
	require.NoError(t, err)
	require.Equal(t, "LER71:REQ_AUTHORISATION LED45:CONDITIONAL LEP12:PROHIBITED 64f0c0ffee0000000000a004:CONDITIONAL 64f0c0ffee0000000000a006:CONDITIONAL", ids(zs))
	want := []string{"0 m AGL to 609.6 m AMSL", "0 m AGL to 2895.6 m AMSL", "0 m AGL to 457.2 m AMSL", "0 m AGL to 609.6 m AMSL", "0 m AGL to 300 m AGL"}
	for k, z := range zs {
		require.Equal(t, want[k], limits(z), z.ID)
		require.Equal(t, "openAIP", z.Source)
	}
	danger := zs[1]
	require.Equal(t, "LED45 SIERRA DEL RETIN", danger.Name)
	require.Contains(t, danger.Conditions, dangerCondition)
	require.Len(t, danger.Conditions, 2, "and its NOTAM activation")
	require.Contains(t, zs[3].Conditions[0], "control zone (CTR)")

	var text []string
	for _, i := range is {
		text = append(text, i.String())
	}
	all := strings.Join(text, "\n")
	require.Contains(t, all, "openAIP terminal manoeuvring area (TMA) airspace is not a UAS geographical zone: not used")
	require.Contains(t, all, "warning: airspace[3].type: openAIP control zone (CTR) airspace read as CONDITIONAL: UAS rules there are national, check them")
	require.Contains(t, all, "flight levels")
	require.Zero(t, count(is, mission.SeverityError), all)
}

// openAIPCases also seed FuzzReadOpenAIP.
var openAIPCases = []struct {
	name, in string
	zones    string // "" for an error
	limits   string
}{
	{"core API items", `{"items": [{"_id": "x1", "name": "LED1 TEST", "type": 2, "icaoClass": 8,
	  "upperLimit": {"value": 1000, "unit": 1, "referenceDatum": 1}, "lowerLimit": {"value": 0, "unit": 1, "referenceDatum": 0},
	  "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}], "limit": 500, "page": 1}`,
		"LED1:CONDITIONAL", "0 m AGL to 304.8 m AMSL"},
	{"converter names", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "ED-R 10B Todendorf", "type": "RESTRICTED", "class": "UNCLASSIFIED",
	  "upperCeiling": {"value": 40000, "unit": "FT", "referenceDatum": "MSL"}, "lowerCeiling": {"value": 0, "unit": "FT", "referenceDatum": "GND"}},
	  "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}]}`,
		"EDR10B:REQ_AUTHORISATION", "0 m AGL to 12192 m AMSL"},
	{"metres above ground", `[{"properties": {"_id": "m", "name": "P", "type": 3, "icaoClass": 8,
	  "upperLimit": {"value": 120, "unit": 0, "referenceDatum": 0}, "lowerLimit": {"value": 10, "unit": 0, "referenceDatum": 0}},
	  "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}]`, "m:PROHIBITED", "10 m AGL to 120 m AGL"},
	{"OpenAir class", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "22 Nord", "class": "Q",
	  "upperCeiling": {"value": 90, "unit": "FL", "referenceDatum": "STD"}, "lowerCeiling": {"value": 1607.6, "unit": "FT", "referenceDatum": "MSL"}},
	  "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}]}`,
		"#0:CONDITIONAL", "490 m AMSL to 2743.2 m AMSL"},
	{"only a FIR", `[{"properties": {"_id": "f", "name": "MADRID FIR", "type": 10, "icaoClass": 6,
	  "upperLimit": {"value": 245, "unit": 6, "referenceDatum": 2}, "lowerLimit": {"value": 0, "unit": 1, "referenceDatum": 0}},
	  "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}]`, "", ""},
	{"unknown type", `[{"properties": {"_id": "u", "name": "U", "type": 99, "icaoClass": 8},
	  "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}]`, "", ""},
}

func TestReadOpenAIPCases(t *testing.T) {
	for _, ca := range openAIPCases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, FormatOpenAIP, Sniff([]byte(ca.in)))
			zs, _, err := Read(strings.NewReader(ca.in))
			if ca.zones == "" {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, ca.zones, ids(zs))
			require.Equal(t, ca.limits, limits(zs[0]))
		})
	}
}
