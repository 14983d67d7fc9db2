package decode

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	ChildMain()
	os.Exit(m.Run())
}

// newDecoder makes a decoder closed at the end of the test.
func newDecoder(tb testing.TB, codec Codec) Decoder {
	tb.Helper()
	d, err := New(codec, nil)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = d.Close() })
	return d
}
