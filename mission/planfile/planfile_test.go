package planfile

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSniffPlanFormat(t *testing.T) {
	require.Equal(t, FormatWPL, SniffPlanFormat([]byte("\xef\xbb\xbfQGC WPL 110\r\n")))
	require.Equal(t, FormatGeoJSON, SniffPlanFormat([]byte(` {"type": "FeatureCollection", "features": []}`)))
	require.Equal(t, FormatQGC, SniffPlanFormat([]byte(`{"fileType":"Plan"}`)))
	require.Equal(t, FormatKML, SniffPlanFormat([]byte(`<kml/>`)))
	require.Equal(t, FormatKML, SniffPlanFormat([]byte("<?xml version=\"1.0\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">")))
	require.Equal(t, "", SniffPlanFormat([]byte(`<html></html>`)))
	require.Equal(t, FormatWPL, PlanFormatOfName("a/b.Waypoints"))
	require.Equal(t, FormatKML, PlanFormatOfName("route.KML"))
	_, _, err := ReadPlan("shp", nil)
	require.ErrorContains(t, err, "unknown plan format")
}
