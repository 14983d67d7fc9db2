package airspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

// ed318Feature is a valid ED-318 feature with edit applied to its JSON.
func ed318Feature(edit func(string) string) string {
	f := `{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[-5.4, 36.1], [-5.3, 36.1], [-5.3, 36.2], [-5.4, 36.1]]],
	 "layer": {"upper": 120, "upperReference": "AGL", "lower": 0, "lowerReference": "AGL", "uom": "m"}},
	 "properties": {"identifier": "A1", "country": "ESP", "type": "PROHIBITED", "variant": "COMMON", "reason": ["NATURE"],
	 "name": [{"text": "A", "lang": "en-GB"}],
	 "limitedApplicability": [{"schedule": [{"day": ["MON"], "startTime": "08:00:00+01:00", "endTime": "18:00:00Z"}]}],
	 "zoneAuthority": [{"name": [{"text": "X", "lang": "en"}], "purpose": "INFORMATION"}]}}`
	if edit != nil {
		f = edit(f)
	}
	return f
}

func ed318Doc(features ...string) string {
	return `{"type": "FeatureCollection", "metadata": {"issued": "2026-01-01T00:00:00Z"}, "features": [` + strings.Join(features, ",") + `]}`
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

// ed318SchemaCases are documents and the schema violations reported for
// them; they also seed FuzzReadED318.
var ed318SchemaCases = []struct {
	name, in string
	want     []string // each in one "ED-318 schema" warning; none when empty
}{
	{"valid", ed318Doc(ed318Feature(nil)), nil},
	{"ED-269 spelling of the type", ed318Doc(ed318Feature(replace(`"PROHIBITED"`, `"REQ_AUTHORISATION"`))),
		[]string{`type "REQ_AUTHORISATION" is not one of [USPACE PROHIBITED REQ_AUTHORIZATION CONDITIONAL NO_RESTRICTION]`}},
	{"identifier too long", ed318Doc(ed318Feature(replace(`"A1"`, `"ABCDEFGH"`))), []string{"identifier is longer than 7 characters"}},
	{"metadata date", strings.Replace(ed318Doc(ed318Feature(nil)), `"2026-01-01T00:00:00Z"`, `{"x": 1}`, 1), []string{`issued {"x":1} is not an RFC 3339 date-time`}},
	{"bare array", `[` + ed318Feature(nil) + `]`, []string{"the document should be a GeoJSON FeatureCollection, not an array"}},
	{"numbers as strings", ed318Doc(ed318Feature(replace(`"upper": 120`, `"upper": "120"`))), []string{"upper should be a number, not a string"}},
	{"unknown day", ed318Doc(ed318Feature(replace(`["MON"]`, `["MONDAY"]`))), []string{`day "MONDAY" is not one of`}},
	{"time without offset", ed318Doc(ed318Feature(replace(`"18:00:00Z"`, `"18:00:00"`))), []string{`endTime "18:00:00" is not an RFC 3339 time with its offset`}},
	{"no layer", ed318Doc(ed318Feature(replace(`"layer"`, `"height"`))), []string{"every geometry needs a layer"}},
	{"no authority", ed318Doc(ed318Feature(replace(`"zoneAuthority"`, `"authorityX"`))), []string{`required property "zoneAuthority" is missing`, `"authorityX" is not an ED-318 zone property`}},
	{"bad purpose", ed318Doc(ed318Feature(replace(`"INFORMATION"`, `"INFO"`))), []string{`purpose "INFO" is not one of`}},
	{"too many reasons", ed318Doc(ed318Feature(replace(`["NATURE"]`, `["NATURE","NOISE","OTHER","PRIVACY","SENSITIVE","POPULATION","EMERGENCY","AIR_TRAFFIC","NATURE","NOISE"]`))), []string{"reason has more than 9 codes"}},
	{"open ring", ed318Doc(ed318Feature(replace(`[-5.3, 36.2], [-5.4, 36.1]]]`, `[-5.3, 36.2]]]`))), []string{"Polygon coordinates are not arrays of numbers"}},
}

func TestED318Schema(t *testing.T) {
	for _, ca := range ed318SchemaCases {
		t.Run(ca.name, func(t *testing.T) {
			_, is, err := ReadED318(strings.NewReader(ca.in))
			require.NoError(t, err, "a file off the schema is still read")
			var got []string
			for _, i := range is {
				if strings.Contains(i.Message, "ED-318 schema: ") {
					require.Equal(t, mission.SeverityWarning, i.Severity)
					got = append(got, i.Message)
				}
			}
			if len(ca.want) == 0 {
				require.Empty(t, got)
			}
			for _, w := range ca.want {
				require.Contains(t, strings.Join(got, "\n"), w)
			}
		})
	}
}

// The ED-318 schema's own invalid example, in miniature: it used to be
// read with 0 issues.
func TestED318InvalidFileIsReported(t *testing.T) {
	zs, is, err := Read(open(t, "ed318_invalid.geojson"))
	require.NoError(t, err)
	require.Equal(t, "CAKE2:REQ_AUTHORISATION", ids(zs))
	var got []string
	for _, i := range is {
		got = append(got, i.String())
	}
	require.Equal(t, []string{
		`warning: airspace.metadata.validFrom: ED-318 schema: validFrom {"purposely_invalid":"This object is not a datetime"} is not an RFC 3339 date-time`,
		`warning: airspace[0].type: ED-318 schema: type "REQ_AUTHORISATION" is not one of [USPACE PROHIBITED REQ_AUTHORIZATION CONDITIONAL NO_RESTRICTION]`,
	}, got)
}
