package terrain

import (
	"bytes"
	"testing"
)

// FuzzReadTile feeds arbitrary names and bytes to ReadTile: it must never
// panic, and whatever it accepts must be a full square tile.
func FuzzReadTile(f *testing.F) {
	f.Add("N36W006.hgt", []byte{})
	f.Add("S01E179.hgt", []byte{0x80, 0x00, 0x00, 0x01})
	f.Add("bad.hgt", []byte{0, 1})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		tile, err := ReadTile(name, bytes.NewReader(data))
		if err != nil {
			return
		}
		if tile.N != SizeSRTM1 && tile.N != SizeSRTM3 {
			t.Fatalf("accepted a %d-sample tile", tile.N)
		}
		tile.Elevation(float64(tile.Lat)+0.5, float64(tile.Lon)+0.5)
	})
}
