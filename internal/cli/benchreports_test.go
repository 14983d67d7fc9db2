package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBenchReports(t *testing.T) {
	var out, errs syncBuffer
	require.Equal(t, 0, Run(context.Background(), []string{"bench", "reports", "--units", "2", "--changes", "4", "--burst", "--fail", "20"}, &out, &errs), errs.String())
	require.Contains(t, out.String(), "8 delivered once each")
	require.Contains(t, out.String(), "save→handled")

	for _, c := range []struct{ args, want string }{
		{"--units 0", "--units"},
		{"--changes 0", "--changes"},
		{"--interval 0s", "--interval"},
		{"--fail 100", "--fail"},
		{"extra", "unexpected argument"},
	} {
		var out, errs syncBuffer
		require.Equal(t, 1, Run(context.Background(), append([]string{"bench", "reports"}, strings.Fields(c.args)...), &out, &errs), c.args)
		require.Contains(t, errs.String(), c.want, c.args)
	}
}
