package api

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzUnitViewQuery: any query of GET /api/unitview is refused or gives
// a version the station could have made; it never panics.
func FuzzUnitViewQuery(f *testing.F) {
	for _, s := range []string{"", "since=0123abcd", "since=", "since=ZZ", "since=a&since=b", "unit=boat-b", "since=%zz",
		"since=" + strings.Repeat("a", 33), ";;", "since=abc&x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		since, err := parseUnitViewQuery(raw)
		if err != nil {
			require.Empty(t, since)
			return
		}
		require.True(t, since == "" || viewVersionPattern.MatchString(since))
	})
}

// FuzzETagsMatch: an If-None-Match header matches a version only when it
// names it (or is *); the version's own ETag, weak or strong, always
// matches; nothing panics.
func FuzzETagsMatch(f *testing.F) {
	for _, s := range []string{`W/"0123abcd"`, `"0123abcd"`, `*`, `"a", W/"0123abcd"`, `"`, `W/`, `,,,`, `"0123abcd`, ``} {
		f.Add(s, "0123abcd")
	}
	f.Fuzz(func(t *testing.T, header, version string) {
		got := etagsMatch(header, version)
		if got && len(header) <= maxIfNoneMatch {
			require.True(t, strings.Contains(header, `"`+version+`"`) || strings.Contains(header, "*"))
		}
		if version != "" && !strings.ContainsAny(version, `",`) && len(version) < 100 {
			require.True(t, etagsMatch(`W/"`+version+`"`, version))
			require.True(t, etagsMatch(`"`+version+`"`, version))
		}
	})
}

// FuzzAcceptsGzip: any Accept-Encoding header is read without panicking;
// gzip refused with q=0 is never taken.
func FuzzAcceptsGzip(f *testing.F) {
	for _, s := range []string{"gzip", "gzip, deflate, br, zstd", "br;q=1, gzip;q=0", "GZIP ; q=0.5", "identity", "", ";;,,", "gzip;q=0.000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got := AcceptsGzip(h)
		if got {
			require.Contains(t, strings.ToLower(h), "gzip")
		}
	})
}
