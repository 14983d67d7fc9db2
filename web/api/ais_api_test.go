package api

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAISWithoutPicture: a station without an AIS picture answers 501.
func TestAISWithoutPicture(t *testing.T) {
	h := (&Server{}).Handler()
	for _, path := range []string{"/api/ais", "/api/ais/244670316"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		require.Equal(t, http.StatusNotImplemented, rec.Code, path)
	}
}

func TestParseMMSI(t *testing.T) {
	for in, want := range map[string]uint32{"1": 1, "244670316": 244670316, "999999999": 999999999, "000000007": 7} {
		got, ok := parseMMSI(in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "0", "000", "1234567890", "-1", "+1", " 1", "1e3", "0x10", "١٢"} {
		_, ok := parseMMSI(in)
		require.False(t, ok, in)
	}
}

// FuzzParseMMSI: whatever the path says, parseMMSI accepts exactly the
// decimal numbers 1..999999999 of at most 9 digits and never panics.
func FuzzParseMMSI(f *testing.F) {
	for _, s := range []string{"244670316", "0", "", "1234567890", "abc", "12 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseMMSI(s)
		if !ok {
			return
		}
		require.LessOrEqual(t, len(s), 9)
		require.NotZero(t, n)
		back, err := strconv.ParseUint(s, 10, 32)
		require.NoError(t, err)
		require.Equal(t, uint64(n), back)
	})
}
