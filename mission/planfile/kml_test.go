package planfile

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/missiontest"
)

func kmlBytes(t testing.TB, p *mission.Plan) (string, mission.Issues) {
	t.Helper()
	var b bytes.Buffer
	is, err := WriteKMLPlan(&b, p)
	require.NoError(t, err, "%v", is)
	return b.String(), is
}

func TestKMLRoundTripExact(t *testing.T) {
	p := missiontest.FullPlan()
	out, is := kmlBytes(t, p)
	require.Equal(t, 0, severities(is)[mission.SeverityWarning]+severities(is)[mission.SeverityError], "%v", is)
	require.Equal(t, 2, severities(is)[mission.SeverityInfo], "heights above home and circles are noted: %v", is)
	p2, is, err := ReadKMLPlan(strings.NewReader(out))
	require.NoError(t, err)
	require.Empty(t, is)
	requireSamePlan(t, p, p2)
	require.Equal(t, p.Mission[2], p2.Mission[2])
	require.Equal(t, p.Fence.Zones, p2.Fence.Zones)
}

func TestKMLFromQGCFiles(t *testing.T) {
	for _, name := range qgcFiles {
		p, _ := readQGCFile(t, name)
		out, _ := kmlBytes(t, p)
		p2, is, err := ReadPlan("", []byte(out))
		require.NoError(t, err, name)
		require.Empty(t, is, name)
		requireSamePlan(t, p, p2)
	}
}

func TestWriteKMLShape(t *testing.T) {
	p := missiontest.FullPlan()
	out, _ := kmlBytes(t, p)
	flat := regexp.MustCompile(`>\s+<`).ReplaceAllString(out, "><")
	for _, want := range []string{
		`<kml xmlns="http://www.opengis.net/kml/2.2">`,
		`<name>Algeciras &lt;all&gt;</name>`,
		`<LineString><altitudeMode>relativeToGround</altitudeMode><coordinates>-5.437,36.128,40 -5.4301,36.133,60`,
		`<name>2 waypoint</name>`,
		`<Data name="skerry.seq"><value>2</value>`,
		`<coordinates>-5.4301,36.133,60</coordinates>`,
		`<altitudeMode>absolute</altitudeMode>`,
		`<name>Inclusion zone 0</name>`,
		`<name>Rally 1</name>`,
	} {
		require.Contains(t, flat, want)
	}
	require.Equal(t, FormatKML, SniffPlanFormat([]byte(out)))
}

const googleEarthPath = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document><name>Patrol from Google Earth</name>
 <Folder><name>stuff</name>
  <Placemark><name>Path</name><LineString><tessellate>1</tessellate>
   <coordinates>-5.44,36.13,0 -5.43,36.13,0
     -5.43, 36.12, 0</coordinates></LineString></Placemark>
  <Placemark><name>Lighthouse</name><Point><coordinates>-5.42,36.11,0</coordinates></Point></Placemark>
  <Placemark><name>Port</name><Polygon>
   <outerBoundaryIs><LinearRing><coordinates>-5.45,36.14 -5.41,36.14 -5.41,36.10 -5.45,36.10 -5.45,36.14</coordinates></LinearRing></outerBoundaryIs>
   <innerBoundaryIs><LinearRing><coordinates>-5.44,36.12 -5.43,36.12 -5.43,36.11 -5.44,36.12</coordinates></LinearRing></innerBoundaryIs>
  </Polygon></Placemark>
  <Placemark><name>Note</name><description>no geometry</description></Placemark>
 </Folder>
</Document></kml>`

func TestReadKMLFromOtherTools(t *testing.T) {
	p, is, err := ReadPlan("", []byte(googleEarthPath))
	require.NoError(t, err)
	require.False(t, is.HasErrors(), "%v", is)
	require.Equal(t, "Patrol from Google Earth", p.Name)
	require.Len(t, p.Mission, 3)
	wp := p.Mission[2].(mission.Waypoint)
	require.Equal(t, mission.At(36.12, -5.43, mission.Rel(KMLDefaultAltitude)), wp.Pos, "clamped to the ground: the default height")
	require.True(t, wp.Yaw != wp.Yaw, "yaw left to the autopilot")
	require.Len(t, p.Fence.Zones, 2)
	require.True(t, p.Fence.Zones[0].Inclusion)
	require.Len(t, p.Fence.Zones[0].Polygon, 4, "ring opened")
	require.False(t, p.Fence.Zones[1].Inclusion, "the hole is an exclusion zone")
	text := mission.Issues(is).Err()
	require.NoError(t, text)
	var msgs []string
	for _, i := range is {
		msgs = append(msgs, i.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"Lighthouse", "beside a route line", "Note", "no Point", "inclusion zones", "exclusion zones", "60 m above home"} {
		require.Contains(t, all, want)
	}
}

func TestReadKMLPointsAndAltitudeModes(t *testing.T) {
	in := `<kml><Document>
	 <Placemark><name>A</name><Point><altitudeMode>absolute</altitudeMode><coordinates>-5.4,36.1,120</coordinates></Point></Placemark>
	 <Placemark><name>B</name><Point><gx:altitudeMode>relativeToGround</gx:altitudeMode><coordinates>-5.41,36.1,45</coordinates></Point></Placemark>
	 <Placemark><name>C</name><MultiGeometry><Point><altitudeMode>relativeToGround</altitudeMode><coordinates>-5.42,36.1</coordinates></Point></MultiGeometry></Placemark>
	</Document></kml>`
	p, is, err := ReadKMLPlan(strings.NewReader(in))
	require.NoError(t, err)
	require.False(t, is.HasErrors())
	require.Len(t, p.Mission, 3)
	pos := func(i int) mission.Position { q, _ := mission.PositionOf(p.Mission[i]); return q }
	require.Equal(t, mission.AMSL(120), pos(0).Alt)
	require.Equal(t, mission.Rel(45), pos(1).Alt)
	require.Equal(t, mission.Rel(KMLDefaultAltitude), pos(2).Alt, "no height given")
	require.Equal(t, orb.Point{-5.42, 36.1}, pos(2).Point)
}

func TestReadKMLLatin1(t *testing.T) {
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><kml><Document><name>C\xe1diz</name><Placemark><Point><coordinates>-6.3,36.5</coordinates></Point></Placemark></Document></kml>"
	p, _, err := ReadKMLPlan(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, "Cádiz", p.Name)
}

func TestReadKMLJunk(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", "no placemark"},
		{"not xml", "hello", "no placemark"},
		{"broken xml", "<kml><Document><Placemark><name>x</Placemark>", "kml:"},
		{"no geometry", "<kml><Placemark><name>x</name></Placemark></kml>", "no placemark"},
		{"bad encoding", `<?xml version="1.0" encoding="EBCDIC"?><kml/>`, "only UTF-8"},
		{"own item without point", `<kml><Placemark><ExtendedData><Data name="skerry.role"><value>item</value></Data><Data name="skerry.kind"><value>waypoint</value></Data></ExtendedData></Placemark></kml>`, "no Point"},
		{"own item bad param", `<kml><Placemark><ExtendedData><Data name="skerry.role"><value>item</value></Data><Data name="skerry.kind"><value>jump</value></Data><Data name="target"><value>x</value></Data></ExtendedData></Placemark></kml>`, "target"},
		{"own circle bad radius", `<kml><Placemark><ExtendedData><Data name="skerry.role"><value>fence_circle</value></Data></ExtendedData></Placemark></kml>`, "circle"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			_, _, err := ReadKMLPlan(strings.NewReader(ca.in))
			require.ErrorContains(t, err, ca.want)
		})
	}
	// Bad coordinates are reported, and what is left is checked.
	p, is, err := ReadKMLPlan(strings.NewReader(`<kml><Placemark><LineString><coordinates>1,2 x,y</coordinates></LineString></Placemark><Placemark><Point><coordinates>200,95</coordinates></Point></Placemark></kml>`))
	require.Error(t, err, "nothing usable: %v %v", p, is)
	p, is, err = ReadKMLPlan(strings.NewReader(`<kml><Placemark><Point><coordinates>200,95</coordinates></Point></Placemark></kml>`))
	require.NoError(t, err)
	require.True(t, is.HasErrors(), "out of range positions are errors of the plan")
	require.Len(t, p.Mission, 1)
}

func FuzzReadKMLPlan(f *testing.F) {
	addSeeds(f, ".kml")
	f.Add([]byte(googleEarthPath))
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadKMLPlan, WriteKMLPlan) })
}
