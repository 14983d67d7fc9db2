package bench

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestReportsBenchDeliversEveryReportOnce(t *testing.T) {
	for _, cfg := range []ReportsConfig{
		{Units: 3, Changes: 30, Interval: -1, FailPercent: 10},
		{Units: 2, Changes: 3, Interval: 10 * time.Millisecond},
		{Units: 3, Changes: 20, Drain: true, FailPercent: 5},
	} {
		res, err := Reports(context.Background(), cfg)
		require.NoError(t, err)
		require.Equal(t, cfg.Units*cfg.Changes, res.Reports)
		require.Equal(t, res.Reports, res.Delay.N)
		require.Equal(t, cfg.Changes, res.Save.N)
		require.Zero(t, res.Duplicates)
		require.Equal(t, int64(res.Reports)+res.Failed, res.Requests, "each failure retried once, nothing else")
		if cfg.FailPercent > 0 {
			require.Equal(t, int64(float64(res.Requests)*cfg.FailPercent/100), res.Failed, "every (100/FailPercent)th request to each unit")
		}
	}
}

func TestReportsBenchStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Reports(ctx, ReportsConfig{Units: 1, Changes: 2, Interval: time.Hour})
	require.ErrorIs(t, err, context.Canceled)
}
