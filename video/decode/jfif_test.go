package decode

import (
	"image"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestJFIF(t *testing.T) {
	m := image.NewYCbCr(image.Rect(0, 0, 4, 2), image.YCbCrSubsampleRatio420)
	copy(m.Y, []byte{16, 235, 0, 255, 126, 16, 16, 16})
	copy(m.Cb, []byte{16, 240})
	copy(m.Cr, []byte{128, 128})
	full := (&Picture{Image: m}).JFIF()
	require.Equal(t, []byte{0, 255, 0, 255, 128, 0, 0, 0}, full.Y)
	require.Equal(t, []byte{0, 255}, full.Cb)
	require.Equal(t, []byte{128, 128}, full.Cr)
	require.Equal(t, byte(16), m.Y[0], "the original is left alone")
	require.Same(t, m, (&Picture{Image: m, FullRange: true}).JFIF())
}
