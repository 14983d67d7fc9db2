package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// A zone of several layers shows every layer: in the zone file's summary
// and as one map feature per layer.
func TestZoneSummaryShowsEveryLayer(t *testing.T) {
	srv := newOperationServer(t)
	data, err := os.ReadFile("../../mission/airspace/testdata/ed318_layers.geojson")
	require.NoError(t, err)
	code, body := do(t, "PUT", srv.URL+"/api/operation/zones", string(data))
	require.Equal(t, 200, code, body)
	var rep zonesReply
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.Len(t, rep.Zones, 2)
	cake := rep.Zones[0]
	require.Equal(t, "CAKE1", cake.ID)
	require.Empty(t, cake.Lower, "layers differ: no single lower limit")
	require.Equal(t, []layerJSON{
		{Lower: "50 m AGL", Upper: "150 m AGL", Shape: "polygon", Vertices: 4},
		{Lower: "0 m AGL", Upper: "50 m AGL", Shape: "polygon", Vertices: 3},
	}, cake.Layers)
	ring := rep.Zones[1]
	require.Equal(t, "circle", ring.Layers[0].Shape)
	require.Equal(t, 300.0, ring.Layers[0].RadiusM)
	require.Equal(t, "100 m AGL", ring.Layers[1].Lower)
	require.Equal(t, 1, ring.Layers[1].Holes)

	code, body = do(t, "GET", srv.URL+"/api/operation?geometry=1", "")
	require.Equal(t, 200, code, body)
	var out struct {
		ZoneFeatures struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		} `json:"zone_features"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	var got []string
	for _, f := range out.ZoneFeatures.Features {
		p := f.Properties
		require.EqualValues(t, 2, p["volumes"])
		got = append(got, p["id"].(string)+" "+p["lower"].(string)+" – "+p["upper"].(string))
	}
	require.Equal(t, []string{"CAKE1 50 m AGL – 150 m AGL", "CAKE1 0 m AGL – 50 m AGL",
		"RING1 0 m AGL – 400 m AMSL", "RING1 100 m AGL – 400 m AMSL"}, got)
}

// A KMZ upload is read (it was refused as GeoJSON); the zones of a
// national 3D KML keep their heights and kinds.
func TestZoneUploadReadsKMZ(t *testing.T) {
	srv := newOperationServer(t)
	doc, err := os.ReadFile("../../mission/airspace/testdata/national_3d.kml")
	require.NoError(t, err)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("doc.kml")
	require.NoError(t, err)
	_, err = w.Write(doc)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	code, body := do(t, "POST", srv.URL+"/api/zones", b.String())
	require.Equal(t, 200, code, body)
	var rep zonesReply
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.Len(t, rep.Zones, 4)
	require.Equal(t, "LED99", rep.Zones[0].ID)
	require.Equal(t, "CONDITIONAL", rep.Zones[0].Restriction)
	require.Equal(t, "300 m AGL", rep.Zones[0].Upper)
	require.Equal(t, "KMZ", rep.Zones[0].Source)
}
