package decode

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	ChildMain()
	os.Exit(m.Run())
}

// needTool skips (loudly) when a tool is missing, and fails under CI=true.
func needTool(tb testing.TB, name string) {
	tb.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing and CI=true: %v", name, err)
		}
		tb.Skipf("SKIPPED: %s is not installed (Debian: apt-get install ffmpeg): %v", name, err)
	}
}

// needLibav skips builds without libavcodec.
func needLibav(tb testing.TB) {
	tb.Helper()
	if !libavAvailable {
		tb.Skip("SKIPPED: this build has no libavcodec (-tags nolibav)")
	}
}

// clip makes (or reads from testdata) a small clip and splits it.
func clip(tb testing.TB, codec Codec, w, h, frames int) ([][]byte, []bool) {
	tb.Helper()
	needTool(tb, "ffmpeg")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := MakeClip(ctx, codec, w, h, 25, frames)
	require.NoError(tb, err)
	units, keys := SplitAccessUnits(codec, b)
	require.Len(tb, units, frames)
	return units, keys
}

// newDecoder makes a decoder closed at the end of the test.
func newDecoder(tb testing.TB, codec Codec) Decoder {
	tb.Helper()
	d, err := New(codec, nil)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = d.Close() })
	return d
}
