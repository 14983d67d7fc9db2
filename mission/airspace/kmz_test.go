package airspace

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// kmz zips files (name, content) in order.
func kmz(t testing.TB, files ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		require.NoError(t, err)
		_, err = w.Write([]byte(files[i+1]))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

func TestReadKMZ(t *testing.T) {
	doc, err := os.ReadFile("testdata/national_3d.kml")
	require.NoError(t, err)
	data := kmz(t, "files/readme.txt", "not the document", "doc.kml", string(doc), "other.kml", "<kml/>")
	require.Equal(t, FormatKMZ, Sniff(data))
	zs, _, err := Read(bytes.NewReader(data))
	require.NoError(t, err, "a .kmz is read, not refused as GeoJSON")
	require.Equal(t, "LED99:CONDITIONAL LER98:REQ_AUTHORISATION LEP97:PROHIBITED LED96:CONDITIONAL", ids(zs))
	require.Equal(t, "KMZ", zs[0].Source)

	// Without doc.kml, the first .kml anywhere.
	zs, _, err = ReadKMZ(bytes.NewReader(kmz(t, "img/a.png", "x", "zones/espacio.kml", string(doc))))
	require.NoError(t, err)
	require.Len(t, zs, 4)
}

func TestReadKMZBad(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		err  string
	}{
		{"no kml", kmz(t, "a.txt", "hello"), "no .kml file"},
		{"not a zip", append([]byte("PK\x03\x04"), "garbage"...), "KMZ"},
		{"empty kml", kmz(t, "doc.kml", ""), "KML"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			zs, _, err := Read(bytes.NewReader(ca.data))
			require.ErrorContains(t, err, ca.err)
			require.Empty(t, zs)
		})
	}
}

// A document that inflates beyond MaxFileSize is refused after reading
// MaxFileSize bytes of it, whatever the archive says.
func TestReadKMZBomb(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create("doc.kml")
	require.NoError(t, err)
	chunk := make([]byte, 1<<20)
	for range MaxFileSize>>20 + 1 {
		_, err = w.Write(chunk)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.Less(t, b.Len(), 1<<20, "a small archive")
	_, _, err = ReadKMZ(&b)
	require.ErrorContains(t, err, "larger than")
}
