package detect

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDropInner: a box mostly inside a better one (the same box twice, a
// hull's part inside the whole) goes; boxes side by side or barely
// overlapping stay.
func TestDropInner(t *testing.T) {
	whole := Box{X: 100, Y: 100, W: 60, H: 20, Score: 0.9}
	got := dropInner([]Box{
		whole,
		{X: 100, Y: 100, W: 60, H: 20, Score: 0.8}, // the same box again
		{X: 110, Y: 102, W: 20, H: 10, Score: 0.7}, // a part inside
		{X: 150, Y: 100, W: 40, H: 20, Score: 0.6}, // a quarter inside: a neighbour
		{X: 300, Y: 300, W: 10, H: 10, Score: 0.5},
	})
	require.Equal(t, []Box{whole, {X: 150, Y: 100, W: 40, H: 20, Score: 0.6}, {X: 300, Y: 300, W: 10, H: 10, Score: 0.5}}, got)
	require.Empty(t, dropInner(nil))
}
