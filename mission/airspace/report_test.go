package airspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func TestReportCountsRepeats(t *testing.T) {
	var rep report
	for i := range 19372 {
		rep.errorf(i, "geometry", "ring has %d distinct vertices, needs at least 3", 2)
		rep.infof(i, "upper", "no vertical reference: assuming AGL")
	}
	rep.warnf(5, "", "once")
	is := rep.list()
	require.Len(t, is, 3)
	require.Equal(t, "error: airspace[0].geometry: ring has 2 distinct vertices, needs at least 3 (19,372 times)", is[0].String())
	require.Equal(t, "no vertical reference: assuming AGL (19,372 times)", is[1].Message)
	require.Equal(t, "once", is[2].Message)
	require.Equal(t, mission.SeverityWarning, is[2].Severity)
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 19372: "19,372", 1234567: "1,234,567", -1000: "-1,000"} {
		require.Equal(t, want, thousands(n))
	}
}

// A file whose zones all break the same way says so once, with a count.
func TestReadCollapsesRepeatedErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"features": [`)
	for i := range 50 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"identifier": "Z", "restriction": "PROHIBITED", "geometry": [{"horizontalProjection": {"type": "Polygon", "coordinates": [[[1,2],[3,4],[1,2]]]}}]}`)
	}
	b.WriteString(`, {"identifier": "OK", "restriction": "PROHIBITED", "geometry": [{"uomDimensions": "M", "lowerLimit": 0, "lowerVerticalReference": "AGL", "upperLimit": 50, "upperVerticalReference": "AGL", "horizontalProjection": {"type": "Circle", "center": [1, 2], "radius": 5}}]}]}`)
	zs, is, err := ReadED269(strings.NewReader(b.String()))
	require.NoError(t, err)
	require.Len(t, zs, 1)
	var lines []string
	for _, i := range is {
		lines = append(lines, i.String())
	}
	require.Equal(t, []string{
		"error: airspace[0].geometry[0].horizontalProjection: ring has 2 distinct vertices, needs at least 3 (50 times)",
		"error: airspace[0].geometry: zone Z has no usable volume: dropped (50 times)",
	}, lines)
}
