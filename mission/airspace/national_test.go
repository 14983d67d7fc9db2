package airspace

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A national variant of ED-318: its own property names, restrictions
// spelled its own way, layers in a geometry collection, heights as text.
func TestReadED318National(t *testing.T) {
	data, err := os.ReadFile("testdata/ed318_national.geojson")
	require.NoError(t, err)
	require.Equal(t, FormatED318, Sniff(data))
	zs, is, err := Read(strings.NewReader(string(data)))
	require.NoError(t, err)
	require.Equal(t, "ESZ0001:REQ_AUTHORISATION ESZ0002:CONDITIONAL ESZ0003:REQ_AUTHORISATION ESZ0004:NO_RESTRICTION", ids(zs))
	port := zs[0]
	require.Equal(t, "ESP", port.Country)
	require.Equal(t, "Puerto de Algeciras", port.Name)
	require.Equal(t, "Autorización de la APBA necesaria", port.Message)
	require.Equal(t, []string{"SENSITIVE", "AIR_TRAFFIC"}, port.Reasons)
	require.Equal(t, "uas@apba.example", port.Authorities[0].Email)
	require.Equal(t, "AUTHORIZATION", port.Authorities[0].Purpose)
	require.Equal(t, "0 m AGL to 60 m AGL, 60.96 m AGL to 121.92 m AGL", limits(port))
	require.Len(t, port.Volumes[1].Polygon, 2, "the upper layer is a ring round the lower one")
	require.Equal(t, "0 m AGL to unlimited", limits(zs[1]))
	require.Equal(t, []string{"Stay above 60 m AGL"}, zs[1].Conditions)
	require.Equal(t, "0 m AGL to 152.4 m AMSL", limits(zs[2]))
	require.Equal(t, "0 m AGL to 120 m AGL", limits(zs[3]))
	var text []string
	for _, i := range is {
		text = append(text, i.String())
	}
	all := strings.Join(text, "\n")
	require.Contains(t, all, `ED-318 schema: "zoneId" is not an ED-318 zone property: read as "identifier" (4 times)`,
		"a file off the standard is reported, not silently accepted")
	require.NotContains(t, all, `required property "identifier" is missing`, "it was given under another name")
}
