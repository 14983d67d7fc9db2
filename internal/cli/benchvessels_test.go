package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/internal/bench"
)

// TestBenchVessels runs one short case at one boat and reads its JSON;
// a case that matches nothing is a clear error.
func TestBenchVessels(t *testing.T) {
	var out, errs bytes.Buffer
	code := Run(context.Background(), []string{"bench", "vessels", "--cases", "calm/60m/nadir", "--vessels", "yacht-lady",
		"--seconds", "1", "--ports=false", "--workers", "1", "--json"}, &out, &errs)
	require.Equal(t, 0, code, errs.String())
	var res bench.VesselsResult
	require.NoError(t, json.Unmarshal(out.Bytes(), &res))
	require.Len(t, res.Rows, 1)
	require.Equal(t, "calm/60m/nadir", res.Rows[0].Name)
	require.Equal(t, 5, res.Rows[0].Frames)

	out.Reset()
	errs.Reset()
	require.Equal(t, 1, Run(context.Background(), []string{"bench", "vessels", "--cases", "fog"}, &out, &errs))
	require.Contains(t, errs.String(), "no case matches")
}
