package validate_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/mission/validate"
)

func TestSunElevation(t *testing.T) {
	// Algeciras, 2 March 2026: solar noon near 12:35 UTC, sunset near 18:35 UTC.
	lat, lon := 36.13, -5.44
	cases := []struct {
		at       time.Time
		min, max float64
	}{
		{time.Date(2026, 3, 2, 12, 35, 0, 0, time.UTC), 45, 47.5}, // 90 − 36.13 − 7.2° declination ≈ 46.6°
		{time.Date(2026, 3, 2, 0, 35, 0, 0, time.UTC), -90, -40},
		{time.Date(2026, 6, 21, 12, 22, 0, 0, time.UTC), 76.5, 77.5}, // 90 − 36.13 + 23.44
	}
	for _, ca := range cases {
		e := validate.SunElevation(lat, lon, ca.at)
		require.True(t, e >= ca.min && e <= ca.max, "%v: %.2f° not in [%g, %g]", ca.at, e, ca.min, ca.max)
	}
}
