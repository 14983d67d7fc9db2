package airspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func limits(z Zone) string {
	var s []string
	for _, v := range z.Volumes {
		s = append(s, v.Lower.String()+" to "+v.Upper.String())
	}
	return strings.Join(s, ", ")
}

// A national 3D KML: zones drawn as floor, ceiling and walls (or one
// extruded ring), kinds in names, HTML descriptions.
func TestReadKML3D(t *testing.T) {
	zs, is, err := ReadKML(open(t, "national_3d.kml"))
	require.NoError(t, err)
	require.Equal(t, "LED99:CONDITIONAL LER98:REQ_AUTHORISATION LEP97:PROHIBITED LED96:CONDITIONAL", ids(zs))
	want := map[string]string{
		"LED99": "0 m AGL to 300 m AGL",
		"LER98": "0 m AGL to 1000 m AMSL",
		"LEP97": "150 m AMSL to 600 m AMSL",
		"LED96": "0 m AGL to 60 m AGL, 60 m AGL to 300 m AGL",
	}
	for _, z := range zs {
		require.Equal(t, want[z.ID], limits(z), z.ID)
	}
	led := zs[0]
	require.Len(t, led.Volumes[0].Polygon[0], 5, "the footprint, not a wall")
	require.Equal(t, "Zona peligrosa Actividad: tiro & voladuras Límite inferior SFC Límite superior 300 m AGL", led.Message)
	require.Equal(t, []string{dangerCondition}, led.Conditions)
	require.Len(t, zs[3].Volumes[1].Polygon[0], 5)

	var text []string
	for _, i := range is {
		text = append(text, i.String())
		require.NotContains(t, i.Message, "distinct vertices", "walls are not rings")
	}
	all := strings.Join(text, "\n")
	require.Contains(t, all, "Zona 12 (Algeciras CTR)")
	require.Contains(t, all, "restriction unknown")
	require.Equal(t, 1, count(is, mission.SeverityError), all)
	require.Contains(t, all, "vertical walls", all)
}

// kmlCases are small KML documents and what ReadKML makes of them; they
// also seed FuzzReadKML and FuzzReadKMZ.
var kmlCases = []struct {
	name, in string
	zones    string // ids(zs), "" when the file has no usable zone
	limits   string // limits of the first zone
	errs     int
}{
	{"hand-drawn keep-out area", pmKML(`<name>Keep out</name>` + flatSquare("")), "#0:PROHIBITED", "0 m AGL to unlimited", 0},
	{"airspace named but not classified", pmKML(`<name>Madrid CTR</name>` + flatSquare("")), "", "", 1},
	{"kind from the folder", `<kml><Folder><name>Danger areas</name><Placemark><name>Area 5</name>` + flatSquare("") + `</Placemark></Folder></kml>`, "#0:CONDITIONAL", "0 m AGL to unlimited", 0},
	{"kind from the style", pmKML(`<name>Area 6</name><styleUrl>#restricted</styleUrl>` + flatSquare("")), "#0:REQ_AUTHORISATION", "0 m AGL to unlimited", 0},
	{"designator is the id", pmKML(`<name>EG D201 Aberporth</name>` + flatSquare("")), "EGD201:CONDITIONAL", "0 m AGL to unlimited", 0},
	{"heights ignored when clamped to the ground", pmKML(`<name>Keep out</name>` + flatSquare("500")), "#0:PROHIBITED", "0 m AGL to unlimited", 0},
	{"3D but unclassified", pmKML(`<name>Zone 7</name>` + extruded("absolute", "500")), "", "", 1},
	{"extruded relative to the ground", pmKML(`<name>LED7</name>` + extruded("relativeToGround", "120")), "LED7:CONDITIONAL", "0 m AGL to 120 m AGL", 0},
	{"flat ring above the ground", pmKML(`<name>LEP8</name><Polygon><altitudeMode>absolute</altitudeMode>` + ringAt("90") + `</Polygon>`), "LEP8:PROHIBITED", "0 m AGL to 90 m AMSL", 0},
	{"ExtendedData limits win", pmKML(`<name>LER9</name><ExtendedData><Data name="upper"><value>400 ft AGL</value></Data></ExtendedData>` + extruded("absolute", "500")), "LER9:REQ_AUTHORISATION", "0 m AGL to 121.92 m AGL", 0},
	{"nested MultiGeometry", pmKML(`<name>Prohibited area 3</name><MultiGeometry><MultiGeometry>` + flatSquare("") + `</MultiGeometry></MultiGeometry>`), "#0:PROHIBITED", "0 m AGL to unlimited", 0},
	{"walls only", pmKML(`<name>LED10</name><MultiGeometry><Polygon><altitudeMode>absolute</altitudeMode><outerBoundaryIs><LinearRing><coordinates>1,1,0 2,1,0 2,1,100 1,1,100 1,1,0</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry>`), "", "", 1},
	{"ceiling and walls without a floor", pmKML(`<name>LED12</name><MultiGeometry><Polygon><altitudeMode>absolute</altitudeMode>` + ringAt("300") + `</Polygon>` +
		`<Polygon><altitudeMode>absolute</altitudeMode><outerBoundaryIs><LinearRing><coordinates>-5.4,36.1,50 -5.3,36.1,50 -5.3,36.1,300 -5.4,36.1,300 -5.4,36.1,50</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry>`),
		"LED12:CONDITIONAL", "50 m AMSL to 300 m AMSL", 0},
	{"explicit restriction wins", pmKML(`<name>Danger area 11</name><ExtendedData><Data name="restriction"><value>NO_RESTRICTION</value></Data></ExtendedData>` + flatSquare("")), "#0:NO_RESTRICTION", "0 m AGL to unlimited", 0},
}

func pmKML(inner string) string {
	return `<kml><Document><Placemark>` + inner + `</Placemark></Document></kml>`
}

func ringAt(alt string) string {
	c := "-5.4,36.1 -5.3,36.1 -5.3,36.2 -5.4,36.1"
	if alt != "" {
		c = "-5.4,36.1," + alt + " -5.3,36.1," + alt + " -5.3,36.2," + alt + " -5.4,36.1," + alt
	}
	return `<outerBoundaryIs><LinearRing><coordinates>` + c + `</coordinates></LinearRing></outerBoundaryIs>`
}

func flatSquare(alt string) string { return `<Polygon>` + ringAt(alt) + `</Polygon>` }

func extruded(mode, alt string) string {
	return `<Polygon><extrude>1</extrude><altitudeMode>` + mode + `</altitudeMode>` + ringAt(alt) + `</Polygon>`
}

func TestReadKMLCases(t *testing.T) {
	for _, ca := range kmlCases {
		t.Run(ca.name, func(t *testing.T) {
			zs, is, err := ReadKML(strings.NewReader(ca.in))
			require.Equal(t, ca.errs, count(is, mission.SeverityError), "%v", is)
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
