package airspace

import (
	"io"
	"time"

	"github.com/paulmach/orb"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func open(t testing.TB, name string) *os.File {
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func ids(zs []Zone) string {
	var s []string
	for _, z := range zs {
		s = append(s, z.ID+":"+string(z.Restriction))
	}
	return strings.Join(s, " ")
}

func count(is mission.Issues, sev mission.Severity) int {
	n := 0
	for _, i := range is {
		if i.Severity == sev {
			n++
		}
	}
	return n
}

func TestReadFiles(t *testing.T) {
	cases := []struct {
		file           string
		format         Format
		read           func(f *os.File) ([]Zone, mission.Issues, error)
		zones          string
		errs, warns    int
		upper0, upper1 string
	}{
		{"ed269_algeciras.json", FormatED269, wrap(ReadED269), "LXGB01:PROHIBITED ALGPORT:REQ_AUTHORISATION PALMON:CONDITIONAL LINEA1:NO_RESTRICTION", 0, 0, "1500 m AMSL", "120 m AGL"},
		{"ed269_authority.json", FormatED269, wrap(ReadED269), "LXGB01:PROHIBITED ALGPORT:REQ_AUTHORISATION PALMON:CONDITIONAL LINEA1:NO_RESTRICTION", 1, 0, "1524 m AMSL", "121.92 m AGL"},
		{"ed318_algeciras.geojson", FormatED318, wrap(ReadED318), "LXGB01:PROHIBITED ALGPORT:REQ_AUTHORISATION PALMON:CONDITIONAL LINEA1:NO_RESTRICTION", 0, 0, "1500 m AMSL", "163 m WGS84"},
		{"algeciras.geojson", FormatGeoJSON, wrap(ReadGeoJSON), "ALGPORT:REQ_AUTHORISATION #1:CONDITIONAL LXGB:PROHIBITED", 2, 3, "121.92 m AGL", "120 m AGL"},
		{"algeciras.kml", FormatKML, wrap(ReadKML), "LXGB:PROHIBITED ALGPORT:REQ_AUTHORISATION #2:CONDITIONAL", 0, 2, "1500 m AMSL", "121.92 m AGL"},
	}
	for _, ca := range cases {
		t.Run(ca.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + ca.file)
			require.NoError(t, err)
			require.Equal(t, ca.format, Sniff(data))
			for name, read := range map[string]func(f *os.File) ([]Zone, mission.Issues, error){"direct": ca.read, "sniffed": wrap(Read)} {
				zs, is, err := read(open(t, ca.file))
				require.NoError(t, err, name)
				require.Equal(t, ca.zones, ids(zs), name)
				require.Equal(t, ca.errs, count(is, mission.SeverityError), "%s: %v", name, is)
				require.Equal(t, ca.warns, count(is, mission.SeverityWarning), "%s: %v", name, is)
				require.Equal(t, ca.upper0, zs[0].Volumes[0].Upper.String())
				require.Equal(t, ca.upper1, zs[1].Volumes[0].Upper.String())
				for _, z := range zs {
					require.Equal(t, string(ca.format), z.Source)
					require.NotEmpty(t, z.Volumes)
				}
			}
		})
	}
}

func wrap(f func(r io.Reader) ([]Zone, mission.Issues, error)) func(*os.File) ([]Zone, mission.Issues, error) {
	return func(o *os.File) ([]Zone, mission.Issues, error) { return f(o) }
}

func TestED269Fields(t *testing.T) {
	zs, _, err := ReadED269(open(t, "ed269_algeciras.json"))
	require.NoError(t, err)
	g := zs[0]
	require.Equal(t, "GIB", g.Country)
	require.Equal(t, []string{"AIR_TRAFFIC"}, g.Reasons)
	require.Equal(t, &Circle{Center: orb.Point{-5.347, 36.151}, Radius: 2000}, g.Volumes[0].Circle)
	require.True(t, g.Applicability[0].Permanent)
	require.Equal(t, "Gibraltar Civil Aviation Authority", g.Authorities[0].Name)
	require.Equal(t, "https://gcaa.example", g.Authorities[0].SiteURL)
	p := zs[2]
	require.Equal(t, []string{"Stay above 60 m AGL", "No flights over nesting areas"}, p.Conditions)
	require.Len(t, p.Applicability[0].Schedule, 1)
	require.Equal(t, Daily{Days: []time.Weekday{1, 2, 3, 4, 5}, Start: 7 * time.Hour, End: 19 * time.Hour}, p.Applicability[0].Schedule[0])
	require.Len(t, zs[1].Volumes[0].Polygon[0], 5)
}

func TestED318Fields(t *testing.T) {
	zs, _, err := ReadED318(open(t, "ed318_algeciras.geojson"))
	require.NoError(t, err)
	require.Equal(t, "Port of Algeciras", zs[1].Name)
	require.Equal(t, "Authorisation required", zs[1].Message)
	require.Equal(t, "APBA", zs[1].Authorities[0].Name)
	require.Equal(t, "P2D", zs[1].Authorities[0].IntervalBefore)
	// 08:00+01:00 is 07:00 UTC.
	require.Equal(t, 7*time.Hour, zs[2].Applicability[0].Schedule[0].Start)
	require.Equal(t, "400 ft AGL", zs[2].Volumes[0].Upper.Text)
	require.InDelta(t, 121.92, zs[2].Volumes[0].Upper.M, 1e-9)
}

func TestKMLHole(t *testing.T) {
	zs, _, err := ReadKML(open(t, "algeciras.kml"))
	require.NoError(t, err)
	require.Len(t, zs[1].Volumes[0].Polygon, 2)
	require.Equal(t, "No UAS flights.", zs[0].Message)
}

func TestReadBad(t *testing.T) {
	cases := []struct{ name, in, err string }{
		{"empty", "", "airspace"},
		{"not json", "{", "airspace"},
		{"no list", `{"title": "x"}`, "no zone list"},
		{"empty list", `{"features": []}`, "no zone"},
		{"all dropped", `[{"identifier": "A", "restriction": "MAYBE", "geometry": []}]`, "unknown restriction"},
		{"bad geometry", `[{"identifier": "A", "restriction": "PROHIBITED", "geometry": [{"horizontalProjection": {"type": "Polygon", "coordinates": [[[1,2],[3,4]]]}}]}]`, "no usable volume"},
		{"bad unit", `[{"identifier": "A", "restriction": "PROHIBITED", "geometry": [{"uomDimensions": "NM", "lowerLimit": 0, "upperLimit": 1, "horizontalProjection": {"type": "Circle", "center": [1, 2], "radius": 5}}]}]`, "unknown unit"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			zs, _, err := ReadED269(strings.NewReader(ca.in))
			require.ErrorContains(t, err, ca.err)
			require.Empty(t, zs)
		})
	}
}

func TestReadKeepsGoodZones(t *testing.T) {
	in := `{"zones": [
	 {"identifier": "OK", "restriction": "prohibited", "geometry": {"uomDimensions": "m", "lowerLimit": 0, "lowerVerticalReference": "AGL", "upperLimit": 50, "upperVerticalReference": "AGL", "horizontalProjection": {"type": "Circle", "center": [1, 2], "radius": 5}}},
	 {"identifier": "BAD", "restriction": "prohibited", "geometry": "nope"},
	 {"identifier": "LAT", "restriction": "prohibited", "geometry": [{"horizontalProjection": {"type": "Circle", "center": [1, 95], "radius": 5}}]}]}`
	zs, is, err := ReadED269(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, "OK:PROHIBITED", ids(zs))
	require.True(t, is.HasErrors())
	require.Equal(t, 1, is[0].Item)
	require.Equal(t, 2, is[len(is)-1].Item)
}

func TestLimitText(t *testing.T) {
	cases := []struct {
		in   limitSpec
		want string
		ok   bool
	}{
		{limitSpec{value: "400 FT AGL"}, "121.92 m AGL", true},
		{limitSpec{value: "120m", ref: "AMSL"}, "120 m AMSL", true},
		{limitSpec{value: "UNL", upper: true}, "unlimited", true},
		{limitSpec{value: "SFC"}, "0 m AGL", true},
		{limitSpec{value: "FL95", uom: "m", ref: "AMSL"}, "", false},
		{limitSpec{value: "100", uom: "m", ref: "QNH"}, "", false},
		{limitSpec{value: "100", uom: "M", ref: "msl"}, "100 m AMSL", true},
	}
	for _, ca := range cases {
		var rep report
		l, ok := ca.in.limit(&rep, 0, "f")
		require.Equal(t, ca.ok, ok, "%+v", ca.in)
		if ok {
			require.Equal(t, ca.want, l.String())
		}
	}
}
