package maritime

import "math"

// pointGrid is a spatial hash of points in cells of a fixed size in
// metres, for the pair search: the points within d of a point are in its
// cell and the eight around it when the cells are d wide.
type pointGrid struct {
	cell  float64 // metres
	kx    float64 // metres per degree of longitude at the reference latitude
	cells map[[2]int32][]int
}

// newPointGrid makes a grid of cell metres for points near latitude
// refLat.
func newPointGrid(cell, refLat float64) *pointGrid {
	kx := metresPerDegLat * math.Cos(refLat*degToRad)
	if kx < 1 {
		kx = 1
	}
	return &pointGrid{cell: cell, kx: kx, cells: make(map[[2]int32][]int)}
}

func (g *pointGrid) key(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lon * g.kx / g.cell)), int32(math.Floor(lat * metresPerDegLat / g.cell))}
}

// add puts point i at (lat, lon).
func (g *pointGrid) add(i int, lat, lon float64) {
	k := g.key(lat, lon)
	g.cells[k] = append(g.cells[k], i)
}

// near calls f for each point in the cell of (lat, lon) and the cells
// around it: a superset of the points within one cell size of it.
func (g *pointGrid) near(lat, lon float64, f func(j int)) {
	k := g.key(lat, lon)
	for dx := int32(-1); dx <= 1; dx++ {
		for dy := int32(-1); dy <= 1; dy++ {
			for _, j := range g.cells[[2]int32{k[0] + dx, k[1] + dy}] {
				f(j)
			}
		}
	}
}
