package decode

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// jpegOf encodes m (image/jpeg writes 4:2:0 for YCbCr and RGBA input,
// greyscale for Gray).
func jpegOf(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}))
	return b.Bytes()
}

// gradient is a test picture: red rises to the right, blue downwards.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{R: uint8(255 * x / w), G: 100, B: uint8(255 * y / h), A: 255})
		}
	}
	return m
}

func TestJPEG(t *testing.T) {
	d := newDecoder(t, MJPEG)
	ctx := context.Background()
	for name, m := range map[string]image.Image{
		"rgb 4:2:0":   gradient(64, 48),
		"odd size":    gradient(33, 17),
		"greyscale":   image.NewGray(image.Rect(0, 0, 20, 10)),
		"4:4:4 input": image.NewYCbCr(image.Rect(0, 0, 16, 16), image.YCbCrSubsampleRatio444),
	} {
		t.Run(name, func(t *testing.T) {
			pic, err := d.Decode(ctx, Unit{Data: jpegOf(t, m), Key: true, PTS: 7, Want: true})
			require.NoError(t, err)
			require.Equal(t, image.YCbCrSubsampleRatio420, pic.Image.SubsampleRatio)
			require.Equal(t, m.Bounds().Size(), pic.Image.Rect.Size())
			require.Equal(t, int64(7), int64(pic.PTS))
		})
	}
	// Cameras' 4:2:2 and 4:4:4 JPEGs and greyscale (made by ffmpeg).
	for name, size := range map[string]image.Point{"ffmpeg_422.jpg": {32, 24}, "ffmpeg_444.jpg": {32, 24}, "ffmpeg_gray_30x16.jpg": {30, 16}} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		pic, err := d.Decode(ctx, Unit{Data: b, Key: true, Want: true})
		require.NoError(t, err, name)
		require.Equal(t, image.YCbCrSubsampleRatio420, pic.Image.SubsampleRatio, name)
		require.Equal(t, size, pic.Image.Rect.Size(), name)
	}
	pic, err := d.Decode(ctx, Unit{Data: jpegOf(t, gradient(8, 8)), Key: true})
	require.NoError(t, err)
	require.Nil(t, pic, "not wanted")
	for _, bad := range [][]byte{nil, {0xff, 0xd8}, []byte("not a jpeg at all"), jpegOf(t, gradient(16, 16))[:100]} {
		_, err := d.Decode(ctx, Unit{Data: bad, Key: true, Want: true})
		require.Error(t, err)
	}
}

// TestTo420 checks the conversion of 4:2:2 and 4:4:4 pictures: luma kept,
// chroma averaged per 2×2 block.
func TestTo420(t *testing.T) {
	for _, r := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio440} {
		src := image.NewYCbCr(image.Rect(0, 0, 5, 3), r)
		for i := range src.Y {
			src.Y[i] = uint8(i)
		}
		for i := range src.Cb {
			src.Cb[i], src.Cr[i] = 100, 200
		}
		out := to420(src)
		require.Equal(t, image.YCbCrSubsampleRatio420, out.SubsampleRatio)
		for y := 0; y < 3; y++ {
			for x := 0; x < 5; x++ {
				require.Equal(t, src.YCbCrAt(x, y).Y, out.YCbCrAt(x, y).Y)
				require.Equal(t, color.YCbCr{Y: out.YCbCrAt(x, y).Y, Cb: 100, Cr: 200}, out.YCbCrAt(x, y))
			}
		}
	}
}

// FuzzJPEG: arbitrary bytes give a 4:2:0 picture or an error, never a panic.
func FuzzJPEG(f *testing.F) {
	f.Add(jpegOf(f, gradient(16, 16)))
	f.Add(jpegOf(f, image.NewGray(image.Rect(0, 0, 9, 9))))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xd9})
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := decodeJPEG(b)
		if err != nil {
			return
		}
		require.Equal(t, image.YCbCrSubsampleRatio420, img.SubsampleRatio)
		require.Len(t, img.Cb, img.CStride*((img.Rect.Dy()+1)/2))
	})
}
