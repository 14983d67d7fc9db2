package track

// assign pairs rows (tracks) with columns (placed detections) at the
// least total cost: cost[i][j] is a pair's cost (forbidden when not
// finite or above unpaired·2), unpaired what leaving a row or a column
// alone costs. It returns each row's column, -1 for none.
//
// Greedy nearest-first pairing fails where it matters most: a pose error
// shifts every detection of a frame alike, one boat's detection lands
// nearer its neighbour's track than its own, the neighbour takes it and
// the boat's own detection starts a new track. The least-cost pairing
// keeps the pattern.
func assign(cost [][]float64, unpaired float64) []int {
	rows := len(cost)
	cols := 0
	if rows > 0 {
		cols = len(cost[0])
	}
	out := make([]int, rows)
	for i := range out {
		out[i] = -1
	}
	if rows == 0 || cols == 0 {
		return out
	}
	// A square problem: rows, then a stand-in row per column (the column
	// left alone); columns, then a stand-in column per row.
	n := rows + cols
	forbidden := 4*unpaired*float64(n) + 1
	at := func(i, j int) float64 {
		switch {
		case i < rows && j < cols:
			c := cost[i][j]
			if !(c <= 2*unpaired) { // NaN and +Inf too
				return forbidden
			}
			return c
		case i < rows || j < cols:
			return unpaired
		}
		return 0
	}
	// The Hungarian method with potentials (1-based, column 0 a sentinel).
	inf := forbidden * float64(n+1)
	u, v := make([]float64, n+1), make([]float64, n+1)
	p, way := make([]int, n+1), make([]int, n+1)
	minv := make([]float64, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = inf, false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				if cur := at(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	for j := 1; j <= cols; j++ {
		if i := p[j] - 1; i < rows && at(i, j-1) < forbidden {
			out[i] = j - 1
		}
	}
	return out
}
