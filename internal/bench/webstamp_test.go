package bench

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestStampParserAgreesWithTimeParse(t *testing.T) {
	var p stampParser
	for _, s := range []string{
		"2026-11-26T02:30:00Z", "2026-11-26T02:30:00.5Z", "2026-11-26T02:30:00.123456789Z",
		"2026-11-26T02:30:00.000000001Z", "2026-11-26T02:30:01.1Z", "2026-11-26T02:30:00.25+01:00",
		"2026-12-31T23:59:59.999Z", "2026-11-26T02:30:00.12a4Z", "2026-11-26T02:30:00.Z",
		"2026-11-26T02:30:00.1234567891Z", "junk", "", "2026-11-26T25:30:00.1Z",
	} {
		want, wantErr := time.Parse(time.RFC3339Nano, s)
		got, err := p.parse([]byte(s))
		if wantErr != nil {
			require.Error(t, err, s)
			continue
		}
		require.NoError(t, err, s)
		require.True(t, want.Equal(got), "%s: %v, want %v", s, got, want)
	}
}

func FuzzStampParser(f *testing.F) {
	f.Add("2026-11-26T02:30:00.123Z")
	f.Add("2026-11-26T02:30:00+02:00")
	f.Fuzz(func(t *testing.T, s string) {
		var p stampParser
		_, _ = p.parse([]byte("2026-11-26T02:30:00.1Z"))
		want, wantErr := time.Parse(time.RFC3339Nano, s)
		got, err := p.parse([]byte(s))
		if (err != nil) != (wantErr != nil) || err == nil && !want.Equal(got) {
			t.Fatalf("%q: %v %v, time.Parse says %v %v", s, got, err, want, wantErr)
		}
	})
}
