//go:build !cgo || nolibav

package decode

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNoLibav: without libavcodec, H.264 and H.265 are refused with the
// reason, and Support says so loudly.
func TestNoLibav(t *testing.T) {
	_, err := New(H264, nil)
	require.ErrorIs(t, err, ErrUnsupported)
	require.Contains(t, err.Error(), "H.264 needs libavcodec: this build has MJPEG only (built with -tags nolibav)")
	_, err = New(H265, nil)
	require.ErrorIs(t, err, ErrUnsupported)
	require.Contains(t, Support(), "MJPEG ONLY")
	d, err := New(MJPEG, nil)
	require.NoError(t, err)
	require.NoError(t, d.Close())
}
