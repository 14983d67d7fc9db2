package station_test

import (
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/internal/station"
	"skerry/video"
)

// TestLandFromTheBasemap: the basemap's land goes to vessel detection,
// whose drops show at /metrics; a basemap without land or ports drops
// nothing; a basemap that is no GeoJSON is refused.
func TestLandFromTheBasemap(t *testing.T) {
	scenario, err := os.ReadFile("../../sim/scenario/algeciras.geojson")
	require.NoError(t, err)

	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: loopLink(), Basemap: scenario})
	require.NoError(t, err)
	defer st.Close()
	require.NotNil(t, st.Video.Land)
	require.Equal(t, video.DefaultLandMargin, st.Video.LandMargin)
	require.Greater(t, st.Video.Land.Shore(36.13, -5.455), 500.0, "Algeciras town")
	resp, err := http.Get(st.URL + "metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Contains(t, string(body), "\nskerry_video_detections_on_land_total 0\n")
	require.Contains(t, string(body), "\nskerry_video_detections_at_shore_edge_total 0\n")

	bare, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: loopLink(), Basemap: []byte(`{"type":"FeatureCollection","features":[]}`)})
	require.NoError(t, err)
	defer bare.Close()
	require.Nil(t, bare.Video.Land)

	portOnly, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: loopLink(), Basemap: []byte(`{"type":"FeatureCollection","features":[
		{"type":"Feature","properties":{"kind":"port"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0.01,0],[0.01,0.01],[0,0]]]}}]}`)})
	require.NoError(t, err)
	defer portOnly.Close()
	require.NotNil(t, portOnly.Video.Land, "a port's outline is a shore")

	_, err = station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: loopLink(), Basemap: []byte(`<svg/>`)})
	require.ErrorContains(t, err, "basemap: land:")
}
