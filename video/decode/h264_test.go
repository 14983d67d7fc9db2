//go:build cgo && !nolibav

package decode

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDecodesEveryFrame(t *testing.T) {
	for _, codec := range []Codec{H264, H265} {
		t.Run(string(codec), func(t *testing.T) {
			units, keys := clip(t, codec, 176, 144, 30)
			require.True(t, keys[0])
			d := newDecoder(t, codec)
			t.Log(d.Name())
			for i, u := range units {
				pts := time.Duration(i) * 40 * time.Millisecond
				pic, err := d.Decode(context.Background(), Unit{Data: u, Key: keys[i], PTS: pts, Want: i%2 == 0})
				require.NoError(t, err, "frame %d", i)
				if i%2 != 0 {
					require.Nil(t, pic)
					continue
				}
				require.NotNil(t, pic, "frame %d", i)
				require.Equal(t, pts, pic.PTS)
				require.Equal(t, 176, pic.Image.Rect.Dx())
				require.Equal(t, 144, pic.Image.Rect.Dy())
			}
		})
	}
}
