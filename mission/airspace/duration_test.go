package airspace

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHumanDuration(t *testing.T) {
	for in, want := range map[string]string{
		"P10DT00H":   "10 days",
		"P1D":        "1 day",
		"P2D":        "2 days",
		"PT1H30M":    "1 hour 30 minutes",
		"PT36H":      "36 hours",
		"P1Y2M3W":    "1 year 2 months 3 weeks",
		"PT0,5H":     "0.5 hours",
		"P0D":        "0 days",
		"pt15m":      "15 minutes",
		"2 days":     "2 days", // not ISO: as it was
		"P":          "P",
		"PT":         "PT",
		"P1DT":       "P1DT",
		"":           "",
		"P1H":        "P1H", // hours need the T
		"P1D2H":      "P1D2H",
		"P3DT4H5M6S": "3 days 4 hours 5 minutes 6 seconds",
	} {
		require.Equal(t, want, HumanDuration(in), in)
	}
}
