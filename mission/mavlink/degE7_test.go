package mavlink

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

func TestDegE7(t *testing.T) {
	v, ok := DegE7(-5.4321098)
	require.True(t, ok)
	require.Equal(t, int32(-54321098), v)
	_, ok = DegE7(500)
	require.False(t, ok)
	require.Equal(t, orb.Point{-5.4321098, 0}[0], FromDegE7(v))
}
