package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConsoleAndBasemapGzipped: the console's files and the basemap go
// gzipped to a client that takes it (a unit at sea on a thin link), the
// same bytes once unpacked, each way with its own ETag that revalidates
// to 304; plain to one that does not.
func TestConsoleAndBasemapGzipped(t *testing.T) {
	basemap := []byte(`{"type":"FeatureCollection","features":[` + strings.Repeat(`{"type":"Feature","properties":{"kind":"land"},"geometry":{"type":"Point","coordinates":[-5.4,36.1]}},`, 200) + `{"type":"Feature","properties":{},"geometry":null}]}`)
	srv := httptest.NewServer((&Server{Basemap: basemap}).Handler())
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path, enc, etag string) (*http.Response, []byte) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := client.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, b
	}
	for _, path := range []string{"/static/app.js", "/unit", "/api/basemap"} {
		plain, body := get(path, "", "")
		require.Equal(t, http.StatusOK, plain.StatusCode, path)
		require.Empty(t, plain.Header.Get("Content-Encoding"), path)
		require.Contains(t, plain.Header.Values("Vary"), "Accept-Encoding", path)

		zipped, zbody := get(path, "br, gzip;q=0.8", "")
		require.Equal(t, http.StatusOK, zipped.StatusCode, path)
		require.Equal(t, "gzip", zipped.Header.Get("Content-Encoding"), path)
		require.Less(t, len(zbody), len(body), path)
		zr, err := gzip.NewReader(bytes.NewReader(zbody))
		require.NoError(t, err)
		unpacked, err := io.ReadAll(zr)
		require.NoError(t, err)
		require.Equal(t, body, unpacked, "%s: the same bytes", path)
		require.NotEqual(t, plain.Header.Get("ETag"), zipped.Header.Get("ETag"), path)

		again, _ := get(path, "gzip", zipped.Header.Get("ETag"))
		require.Equal(t, http.StatusNotModified, again.StatusCode, path)
		again, _ = get(path, "", plain.Header.Get("ETag"))
		require.Equal(t, http.StatusNotModified, again.StatusCode, path)
		refused, _ := get(path, "gzip;q=0", "")
		require.Empty(t, refused.Header.Get("Content-Encoding"), "%s: gzip;q=0 refuses it", path)
	}
	res, b := get("/api/basemap", "", "")
	require.Equal(t, basemap, b)
	require.Equal(t, "application/geo+json", res.Header.Get("Content-Type"))
}
