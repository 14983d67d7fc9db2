// Package terrain reads SRTM .hgt elevation tiles and answers ground
// elevation queries with bilinear interpolation. It is pure: tiles come
// from an io.Reader or an fs.FS; no network, no goroutines.
//
// An .hgt tile is a square grid of big-endian int16 heights in metres
// above the EGM96 geoid (≈ mean sea level): 3601×3601 samples (SRTM1,
// 1 arc-second) or 1201×1201 (SRTM3, 3 arc-seconds). Rows run north to
// south, columns west to east; the file name gives the south-west corner
// (N36W006.hgt covers 36..37°N, 6..5°W). Edge rows and columns repeat the
// neighbour tiles' edges. −32768 marks a void (no data).
package terrain

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
)

// Void is the sample value that marks missing data.
const Void = -32768

// Tile sizes in samples per side.
const (
	SizeSRTM1 = 3601
	SizeSRTM3 = 1201
)

// Tile is one 1°×1° .hgt tile.
type Tile struct {
	// Lat and Lon are the south-west corner in whole degrees.
	Lat, Lon int
	// N is the number of samples per side (1201 or 3601).
	N       int
	samples []int16
}

// ParseName reads the south-west corner from a tile file name such as
// "N36W006.hgt" (any directory prefix is ignored; case-insensitive).
func ParseName(name string) (lat, lon int, err error) {
	base := strings.ToUpper(path.Base(strings.ReplaceAll(name, "\\", "/")))
	stem, ok := strings.CutSuffix(base, ".HGT")
	if !ok || len(stem) != 7 {
		return 0, 0, fmt.Errorf("terrain: %q is not a tile name like N36W006.hgt", name)
	}
	lat, err1 := strconv.Atoi(stem[1:3])
	lon, err2 := strconv.Atoi(stem[4:7])
	if err1 != nil || err2 != nil || strings.ContainsAny(stem[1:3]+stem[4:7], "+-") {
		return 0, 0, fmt.Errorf("terrain: %q is not a tile name like N36W006.hgt", name)
	}
	switch stem[0] {
	case 'N':
	case 'S':
		lat = -lat
	default:
		return 0, 0, fmt.Errorf("terrain: %q: latitude must start with N or S", name)
	}
	switch stem[3] {
	case 'E':
	case 'W':
		lon = -lon
	default:
		return 0, 0, fmt.Errorf("terrain: %q: longitude must start with E or W", name)
	}
	if lat < -90 || lat > 89 || lon < -180 || lon > 179 {
		return 0, 0, fmt.Errorf("terrain: %q: corner out of range", name)
	}
	return lat, lon, nil
}

// ReadTile reads a tile named name (for its corner) from r. The data must
// be exactly 1201² or 3601² samples; anything else is an error.
func ReadTile(name string, r io.Reader) (*Tile, error) {
	lat, lon, err := ParseName(name)
	if err != nil {
		return nil, err
	}
	const maxBytes = SizeSRTM1 * SizeSRTM1 * 2
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("terrain: read %s: %w", name, err)
	}
	var n int
	switch len(data) {
	case SizeSRTM3 * SizeSRTM3 * 2:
		n = SizeSRTM3
	case maxBytes:
		n = SizeSRTM1
	default:
		return nil, fmt.Errorf("terrain: %s: %d bytes is neither an SRTM3 (%d) nor an SRTM1 (%d) tile",
			name, len(data), SizeSRTM3*SizeSRTM3*2, maxBytes)
	}
	s := make([]int16, n*n)
	for i := range s {
		s[i] = int16(binary.BigEndian.Uint16(data[2*i:]))
	}
	return &Tile{Lat: lat, Lon: lon, N: n, samples: s}, nil
}

// Sample returns the raw sample at row (0 = north edge) and column
// (0 = west edge).
func (t *Tile) Sample(row, col int) int16 { return t.samples[row*t.N+col] }

// Elevation returns the bilinearly interpolated elevation in metres at
// lat, lon. ok is false outside the tile or when any of the four
// surrounding samples is a void.
func (t *Tile) Elevation(lat, lon float64) (float64, bool) {
	y := (float64(t.Lat+1) - lat) * float64(t.N-1)
	x := (lon - float64(t.Lon)) * float64(t.N-1)
	if !(y >= 0 && y <= float64(t.N-1) && x >= 0 && x <= float64(t.N-1)) {
		return 0, false
	}
	r0 := min(int(y), t.N-2)
	c0 := min(int(x), t.N-2)
	fy, fx := y-float64(r0), x-float64(c0)
	v := [4]int16{t.Sample(r0, c0), t.Sample(r0, c0+1), t.Sample(r0+1, c0), t.Sample(r0+1, c0+1)}
	for _, s := range v {
		if s == Void {
			return 0, false
		}
	}
	top := float64(v[0])*(1-fx) + float64(v[1])*fx
	bot := float64(v[2])*(1-fx) + float64(v[3])*fx
	return top*(1-fy) + bot*fy, true
}

// ErrNoTiles is returned by LoadFS when a directory holds no .hgt tile.
var ErrNoTiles = errors.New("terrain: no .hgt tiles")

// key identifies a tile by its south-west corner.
type key struct{ lat, lon int }

// Model is a set of tiles. The zero value is empty and usable.
type Model struct {
	tiles map[key]*Tile
}

// NewModel returns a model of the given tiles.
func NewModel(tiles ...*Tile) *Model {
	m := &Model{}
	for _, t := range tiles {
		m.Add(t)
	}
	return m
}

// Add adds or replaces a tile.
func (m *Model) Add(t *Tile) {
	if m.tiles == nil {
		m.tiles = make(map[key]*Tile)
	}
	m.tiles[key{t.Lat, t.Lon}] = t
}

// Len returns the number of tiles.
func (m *Model) Len() int { return len(m.tiles) }

// Elevation returns the ground elevation in metres at lat, lon
// (bilinear). ok is false where no tile covers the point or near a void.
func (m *Model) Elevation(lat, lon float64) (float64, bool) {
	if math.IsNaN(lat) || math.IsNaN(lon) {
		return 0, false
	}
	la, lo := int(math.Floor(lat)), int(math.Floor(lon))
	// A point on a tile's north or east edge is also the south or west
	// edge of the next tile: try both when only one is loaded.
	for _, k := range []key{{la, lo}, {la - 1, lo}, {la, lo - 1}, {la - 1, lo - 1}} {
		if t := m.tiles[k]; t != nil {
			if h, ok := t.Elevation(lat, lon); ok {
				return h, true
			}
		}
	}
	return 0, false
}
