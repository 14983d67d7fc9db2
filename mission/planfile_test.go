package mission

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSniffPlanFormat(t *testing.T) {
	require.Equal(t, FormatWPL, SniffPlanFormat([]byte("\xef\xbb\xbfQGC WPL 110\r\n")))
	require.Equal(t, FormatGeoJSON, SniffPlanFormat([]byte(` {"type": "FeatureCollection", "features": []}`)))
	require.Equal(t, FormatQGC, SniffPlanFormat([]byte(`{"fileType":"Plan"}`)))
	require.Equal(t, "", SniffPlanFormat([]byte(`<kml/>`)))
	require.Equal(t, FormatWPL, PlanFormatOfName("a/b.Waypoints"))
	_, _, err := ReadPlan("kml", nil)
	require.ErrorContains(t, err, "unknown plan format")
}
