package terrain

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// synthTile builds an SRTM3 tile whose height is row + 2·col metres, with
// optional voids, as .hgt bytes.
func synthTile(voids ...[2]int) []byte {
	n := SizeSRTM3
	s := make([]int16, n*n)
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			s[r*n+c] = int16(r + 2*c)
		}
	}
	for _, v := range voids {
		s[v[0]*n+v[1]] = Void
	}
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, s)
	return b.Bytes()
}

func TestParseName(t *testing.T) {
	cases := []struct {
		name     string
		lat, lon int
		ok       bool
	}{
		{"N36W006.hgt", 36, -6, true},
		{"dir/s12e130.HGT", -12, 130, true},
		{"N00E000.hgt", 0, 0, true},
		{"N36W006.tif", 0, 0, false},
		{"X36W006.hgt", 0, 0, false},
		{"N36Q006.hgt", 0, 0, false},
		{"N3-W006.hgt", 0, 0, false},
		{"N90E000.hgt", 0, 0, false},
		{"N36W1806.hgt", 0, 0, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			lat, lon, err := ParseName(ca.name)
			if !ca.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, [2]int{ca.lat, ca.lon}, [2]int{lat, lon})
		})
	}
}

func TestReadTileRejectsWrongSize(t *testing.T) {
	for _, n := range []int{0, 1, 2, 1201 * 1201, 1201*1201*2 - 2, 1201*1201*2 + 2} {
		_, err := ReadTile("N36W006.hgt", bytes.NewReader(make([]byte, n)))
		require.Error(t, err, "size %d", n)
	}
}

func TestElevationBilinear(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "N36W006.hgt"), synthTile([2]int{600, 600}), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README"), []byte("not a tile"), 0o600))
	m, err := LoadDir(dir)
	require.NoError(t, err)
	require.Equal(t, 1, m.Len())

	step := 1.0 / 1200
	cases := []struct {
		name     string
		lat, lon float64
		want     float64
		ok       bool
	}{
		{"north-west corner", 37, -6, 0, true},
		{"south-east corner", 36, -5, 1200 + 2400, true},
		{"sample", 37 - 10*step, -6 + 20*step, 10 + 40, true},
		{"between samples", 37 - 10.5*step, -6 + 20.25*step, 10.5 + 40.5, true},
		{"next to void", 37 - 600.5*step, -6 + 599.5*step, 0, false},
		{"outside", 38.5, -5.5, 0, false},
		{"west neighbour", 36.5, -6.5, 0, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			got, ok := m.Elevation(ca.lat, ca.lon)
			require.Equal(t, ca.ok, ok)
			if ca.ok {
				require.InDelta(t, ca.want, got, 1e-6)
			}
		})
	}
}

func TestLoadDirEmptyAndBad(t *testing.T) {
	_, err := LoadDir(t.TempDir())
	require.ErrorIs(t, err, ErrNoTiles)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "N36W006.hgt"), []byte{1, 2, 3}, 0o600))
	_, err = LoadDir(dir)
	require.ErrorContains(t, err, "N36W006.hgt")
}

func TestZeroModel(t *testing.T) {
	var m Model
	_, ok := m.Elevation(36.5, -5.5)
	require.False(t, ok)
}
