package cli

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// startScriptlessDemo runs `skerry demo --script none` with n vehicles on
// one link and returns its URL once every vehicle is listed with a home.
// The demo stops, and must stop cleanly, when the test ends.
func startScriptlessDemo(t *testing.T, n int) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"demo", "--http", "127.0.0.1:0", "--vehicles", strconv.Itoa(n), "--links", "1", "--script", "none", "--speedup", "5", "--log-level", "warn"}, &out, &errs)
	}()
	t.Cleanup(func() {
		cancel()
		require.Equal(t, 0, <-done, "the demo stops cleanly")
	})
	var url string
	urlRE := regexp.MustCompile(`Skerry console: (http://127\.0\.0\.1:\d+/)`)
	require.Eventually(t, func() bool {
		m := urlRE.FindStringSubmatch(out.String())
		if m != nil {
			url = m[1]
		}
		if m == nil {
			return false
		}
		vs := getVehicles(t, url)
		return len(vs) == n && vs[n-1].Home != nil
	}, 30*time.Second, 50*time.Millisecond, "demo up; stderr: %s", errs.String())
	return url
}
