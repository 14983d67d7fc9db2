//go:build cgo && !nolibav

package decode

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testClip reads a committed 160×90 clip (10 frames, a key frame every 5)
// split into access units.
func testClip(tb testing.TB, codec Codec) ([][]byte, []bool) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "clip_160x90."+string(codec)))
	require.NoError(tb, err)
	units, keys := SplitAccessUnits(codec, b)
	require.Len(tb, units, 10)
	return units, keys
}

// FuzzDecodeH264 feeds arbitrary Annex B bytes to the real child
// decoder: each input is an error or a picture, never a crash or a hang,
// and the decoder then decodes a good key frame.
func FuzzDecodeH264(f *testing.F) { fuzzDecode(f, H264) }

// FuzzDecodeH265 is FuzzDecodeH264 for H.265.
func FuzzDecodeH265(f *testing.F) { fuzzDecode(f, H265) }

func fuzzDecode(f *testing.F, codec Codec) {
	units, keys := testClip(f, codec)
	require.True(f, keys[0])
	for _, u := range units[:3] {
		f.Add(u[:len(u)/2])
	}
	var d Decoder
	f.Cleanup(func() {
		if d != nil {
			_ = d.Close()
		}
	})
	f.Fuzz(func(t *testing.T, in []byte) {
		if d == nil {
			var err error
			d, err = New(codec, nil)
			require.NoError(t, err)
		}
		ctx := context.Background()
		pic, err := d.Decode(ctx, Unit{Data: in, PTS: 1, Want: true})
		if errors.Is(err, ErrCrashed) {
			d = nil
			t.Fatalf("the decoder child crashed on %d bytes: %v", len(in), err)
		}
		if pic != nil {
			require.Positive(t, pic.Image.Rect.Dx())
		}
		pic = nil
		// A good key frame decodes after it; its picture may come out a
		// few units late if the input raised the decoder's reordering delay.
		for i := 0; i < 20 && pic == nil; i++ {
			pts := time.Duration(100 + i)
			pic, err = d.Decode(ctx, Unit{Data: units[0], Key: true, PTS: pts, Want: true})
			require.NoError(t, err, "a good key frame after the input")
			if pic != nil && pic.PTS < 100 {
				pic = nil // the input's own late picture
			}
		}
		require.NotNil(t, pic, "a good key frame after the input")
	})
}

// TestWriteFuzzCorpus rewrites testdata/fuzz/FuzzDecodeH264 from the
// committed clip when SKERRY_WRITE_CORPUS=1.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("SKERRY_WRITE_CORPUS") != "1" {
		t.Skip("set SKERRY_WRITE_CORPUS=1 to rewrite the seed corpus")
	}
	units, keys := testClip(t, H264)
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeH264")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for i, u := range units[:6] {
		name := fmt.Sprintf("au%d", i)
		if keys[i] {
			name += "_key"
		}
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", u)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
}

// TestCommittedClips decodes the committed clips without ffmpeg.
func TestCommittedClips(t *testing.T) {
	for _, codec := range []Codec{H264, H265} {
		units, keys := testClip(t, codec)
		require.Equal(t, []bool{true, false, false, false, false, true, false, false, false, false}, keys)
		d := newDecoder(t, codec)
		for i, u := range units {
			pic, err := d.Decode(context.Background(), Unit{Data: u, Key: keys[i], PTS: time.Duration(i), Want: true})
			require.NoError(t, err)
			require.Equal(t, image.Pt(160, 90), pic.Image.Rect.Size())
		}
	}
}
