package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// FuzzReportQuery: any query either parses into ids and a limit the
// service can take or is refused; it never panics.
func FuzzReportQuery(f *testing.F) {
	for _, s := range []string{"", "unit=cutter-a", "incident=i1&limit=5", "limit=0", "unit=%zz", "unit=a&unit=b", "body=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := parseReportQuery(raw)
		if err != nil {
			return
		}
		require.True(t, q.Unit == "" || validUnitID(string(q.Unit)))
		require.True(t, q.Incident == "" || validIncidentID(q.Incident))
		require.True(t, q.Limit >= 1 && q.Limit <= maxReportsLimit)
	})
}

// FuzzDecodeUnit: a PUT body is refused or gives a unit with the path's
// id.
func FuzzDecodeUnit(f *testing.F) {
	for _, s := range []string{`{"name":"Cutter","secret":"s","area":{"lat":36,"lon":-5,"radius_m":1000}}`, `{"id":"u1","name":"x"}`,
		`{"id":"u2"}`, `{"area":{"polygon":[[1,2],[3,4],[5,6]]}}`, `{"colour":1}`, `[`, `{}{}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := decodeUnit(b, "u1")
		if err != nil {
			return
		}
		require.Equal(t, gcs.UnitID("u1"), u.ID)
		v := redact(u)
		require.Empty(t, v.Secret)
		require.Empty(t, v.Token)
	})
}

// FuzzBearer: a token read from any Authorization header is non-empty,
// bounded and trimmed.
func FuzzBearer(f *testing.F) {
	for _, s := range []string{"Bearer abc", "bearer  abc ", "Basic abc", "Bearer", "Bearer ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		r := &http.Request{Header: http.Header{"Authorization": {h}}}
		tok, ok := bearer(r)
		if !ok {
			return
		}
		require.NotEmpty(t, tok)
		require.LessOrEqual(t, len(tok), maxBearerToken)
	})
}
