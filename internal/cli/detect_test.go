package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// seaWithBoat is a 320×240 picture of dark water with a white 8×20 hull.
func seaWithBoat() *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			c := color.RGBA{30, 60, 90, 255}
			if (x*7+y*13)%5 == 0 {
				c.B += 4
			}
			if x >= 150 && x < 158 && y >= 100 && y < 120 {
				c = color.RGBA{240, 240, 235, 255}
			}
			m.Set(x, y, c)
		}
	}
	return m
}

// TestDetectCommand: a PNG and a JPEG with a boat each give a JSON line
// with a box on it; an unreadable file gives an error line and the others
// go on.
func TestDetectCommand(t *testing.T) {
	dir := t.TempDir()
	var pb, jb bytes.Buffer
	require.NoError(t, png.Encode(&pb, seaWithBoat()))
	require.NoError(t, jpeg.Encode(&jb, seaWithBoat(), &jpeg.Options{Quality: 90}))
	files := map[string][]byte{"a.png": pb.Bytes(), "b.jpg": jb.Bytes(), "bad.jpg": []byte("not an image")}
	for n, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), b, 0o600))
	}
	for _, extra := range [][]string{nil, {"--sequence", "--altitude", "50", "--pitch", "-90", "--hfov", "60"}} {
		var out, errOut bytes.Buffer
		args := append([]string{"detect"}, extra...)
		args = append(args, filepath.Join(dir, "a.png"), filepath.Join(dir, "bad.jpg"), filepath.Join(dir, "b.jpg"))
		code := Run(context.Background(), args, &out, &errOut)
		require.NotEqual(t, 0, code, "one file was bad")
		require.Contains(t, errOut.String(), "bad.jpg")
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		require.Len(t, lines, 3, out.String())
		for i, l := range lines {
			var got detectLine
			require.NoError(t, json.Unmarshal([]byte(l), &got))
			if i == 1 {
				require.NotEmpty(t, got.Error)
				continue
			}
			require.Empty(t, got.Error)
			require.Equal(t, 320, got.Width)
			require.Equal(t, 240, got.Height)
			require.NotEmpty(t, got.Boxes, "%s %v", l, extra)
			b := got.Boxes[0]
			require.InDelta(t, 154, b.X+b.W/2, 6, l)
			require.InDelta(t, 110, b.Y+b.H/2, 6, l)
		}
	}
}

// FuzzDecodeImage: any bytes decode to an image or a clear error, never
// a crash; decoded images go through the detector.
func FuzzDecodeImage(f *testing.F) {
	var pb, jb bytes.Buffer
	if err := png.Encode(&pb, seaWithBoat()); err != nil {
		f.Fatal(err)
	}
	if err := jpeg.Encode(&jb, seaWithBoat(), nil); err != nil {
		f.Fatal(err)
	}
	f.Add(pb.Bytes())
	f.Add(jb.Bytes())
	f.Add([]byte{})
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xff, 0xd8, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := decodeImage(data)
		if err != nil {
			return
		}
		require.NotNil(t, img)
	})
}
