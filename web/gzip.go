package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"skerry/web/api"
)

// gzipped is a fixed body ready to serve either way: its bytes, their
// gzip (nil when it does not pay), and an ETag for each.
type gzipped struct {
	data, gz     []byte
	etag, gzETag string
}

// gzipWorth: a gzip is served only when it saves at least this share of
// the bytes (images and other compressed files do not shrink).
const gzipWorth = 0.1

// newGzipped hashes data and, when compress is true, gzips it once at
// the best level (it is served many times).
func newGzipped(data []byte, compress bool) *gzipped {
	sum := sha256.Sum256(data)
	tag := hex.EncodeToString(sum[:8])
	g := &gzipped{data: data, etag: `"` + tag + `"`, gzETag: `"` + tag + `-gz"`}
	if !compress || len(data) < 512 {
		return g
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(data)
	if zw.Close() == nil && float64(buf.Len()) <= float64(len(data))*(1-gzipWorth) {
		g.gz = buf.Bytes()
	}
	return g
}

// serve answers r with the body, gzipped when the client takes it, with
// the headers already set in w (Content-Type, Cache-Control); conditional
// and range requests are http.ServeContent's.
func (g *gzipped) serve(w http.ResponseWriter, r *http.Request, name string) {
	h := w.Header()
	body, etag := g.data, g.etag
	if g.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if api.AcceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = g.gz, g.gzETag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}
