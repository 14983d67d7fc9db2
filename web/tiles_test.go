package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTileLayerValidate(t *testing.T) {
	ok := TileLayer{URL: "https://{s}.tile.example.org/{z}/{x}/{y}.png"}
	require.NoError(t, ok.Validate())
	require.Equal(t, "s.tile.example.org", ok.Attribution, "the host by default")
	require.Equal(t, 19, ok.MaxZoom)

	for _, bad := range []struct {
		layer TileLayer
		want  string
	}{
		{TileLayer{URL: "javascript:alert(1)//{z}/{x}/{y}"}, "http"},
		{TileLayer{URL: "file:///tiles/{z}/{x}/{y}.png"}, "http"},
		{TileLayer{URL: "https:///{z}/{x}/{y}.png"}, "host"},
		{TileLayer{URL: "https://tile.example.org/{z}/{x}.png"}, "{y}"},
		{TileLayer{URL: "https://tile.example.org/tiles"}, "{z}, {x}, {y}"},
		{TileLayer{URL: "https://tile.example.org/{z}/{x}/{y}.png", MaxZoom: 40}, "max zoom"},
		{TileLayer{URL: "https://tile.example.org/{z}/{x}/{y}.png?" + strings.Repeat("a", 3000)}, "longer"},
		{TileLayer{URL: "https://tile.example.org/{z}/{x}/{y}.png", Attribution: strings.Repeat("©", 400)}, "attribution"},
	} {
		err := bad.layer.Validate()
		require.ErrorContains(t, err, bad.want, bad.layer.URL)
	}
}

func TestConsoleSettingsCarryTheTileLayer(t *testing.T) {
	offline := httptest.NewServer((&Server{}).Handler())
	t.Cleanup(offline.Close)
	code, body := do(t, "GET", offline.URL+"/api/console", "")
	require.Equal(t, 200, code)
	require.JSONEq(t, `{"tiles":null}`, body)

	layer := &TileLayer{URL: "https://tile.example.org/{z}/{x}/{y}.png", Attribution: "© Example"}
	require.NoError(t, layer.Validate())
	online := httptest.NewServer((&Server{Tiles: layer}).Handler())
	t.Cleanup(online.Close)
	code, body = do(t, "GET", online.URL+"/api/console", "")
	require.Equal(t, 200, code)
	require.JSONEq(t, `{"tiles":{"url":"https://tile.example.org/{z}/{x}/{y}.png","attribution":"© Example","max_zoom":19}}`, body)
}

func TestBasemap(t *testing.T) {
	srv := newServer(t)
	code, body := do(t, "GET", srv.URL+"/api/basemap", "")
	require.Equal(t, 404, code)
	require.Contains(t, body, "no basemap")
	s := &Server{Basemap: []byte(`{"type":"FeatureCollection","features":[]}`)}
	srv2 := httptest.NewServer(s.Handler())
	defer srv2.Close()
	code, body = do(t, "GET", srv2.URL+"/api/basemap", "")
	require.Equal(t, 200, code)
	require.Contains(t, body, "FeatureCollection")
}
