package track

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAssign: the least-cost pairing, not the greedy one; forbidden pairs
// never made; rows and columns left alone when pairing costs more.
func TestAssign(t *testing.T) {
	inf := math.Inf(1)
	// Greedy would pair (1, 0) at 1 and leave row 0 and column 1 alone.
	require.Equal(t, []int{0, 1}, assign([][]float64{{3, inf}, {1, 4}}, 5))
	// Pairing both at 9 + 9 costs more than leaving all four alone.
	require.Equal(t, []int{-1, -1}, assign([][]float64{{9, inf}, {inf, 9}}, 4))
	require.Equal(t, []int{-1}, assign([][]float64{{math.NaN()}}, 4))
	require.Equal(t, []int{-1, -1}, assign([][]float64{{}, {}}, 4))
	require.Empty(t, assign(nil, 4))
	require.Equal(t, []int{1, -1, 0}, assign([][]float64{{2, 1, inf}, {inf, 3, inf}, {0.5, inf, 7}}, 4))
}

// TestAssignIsLeastCost checks assign against every pairing of small
// random problems.
func TestAssignIsLeastCost(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const unpaired = 3.0
	total := func(cost [][]float64, rows []int) float64 {
		s, usedCols := 0.0, 0
		for i, j := range rows {
			if j < 0 {
				s += unpaired
				continue
			}
			s += cost[i][j]
			usedCols++
		}
		return s + unpaired*float64(len(cost[0])-usedCols)
	}
	var best func(cost [][]float64, i int, rows []int, taken []bool) float64
	best = func(cost [][]float64, i int, rows []int, taken []bool) float64 {
		if i == len(rows) {
			return total(cost, rows)
		}
		rows[i] = -1
		b := best(cost, i+1, rows, taken)
		for j := range taken {
			if !taken[j] && cost[i][j] <= 2*unpaired {
				taken[j], rows[i] = true, j
				b = min(b, best(cost, i+1, rows, taken))
				taken[j] = false
			}
		}
		rows[i] = -1
		return b
	}
	for range 300 {
		r, c := 1+rng.IntN(5), 1+rng.IntN(5)
		cost := make([][]float64, r)
		for i := range cost {
			cost[i] = make([]float64, c)
			for j := range cost[i] {
				cost[i][j] = rng.Float64() * 8
				if rng.IntN(4) == 0 {
					cost[i][j] = math.Inf(1)
				}
			}
		}
		got := assign(cost, unpaired)
		seen := map[int]bool{}
		for i, j := range got {
			if j >= 0 {
				require.False(t, seen[j])
				seen[j] = true
				require.LessOrEqual(t, cost[i][j], 2*unpaired)
			}
		}
		require.InDelta(t, best(cost, 0, make([]int, r), make([]bool, c)), total(cost, got), 1e-9)
	}
}
