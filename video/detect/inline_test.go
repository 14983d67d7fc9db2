package detect

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShipCutByAContainerOfTheSeasColour: a ship whose deck carries a
// container of the sea's colour shows as two pieces in line; they are one
// ship with one box. Two boats in line far apart, or side by side, stay
// two.
func TestShipCutByAContainerOfTheSeasColour(t *testing.T) {
	detect := func(parts ...rect) []Box {
		img := seaFrame(13, -1, 0)
		for _, r := range parts {
			paint(img, r, 90, 110, 160)
		}
		boxes, err := NewClassical(DefaultParams()).Detect(Frame{Image: img, FullRange: true})
		require.NoError(t, err)
		return boxes
	}
	bow, stern := rect{100, 160, 220, 200}, rect{250, 160, 290, 200} // a 30 px container between
	boxes := detect(bow, stern)
	require.Len(t, boxes, 1, "%+v", boxes)
	require.GreaterOrEqual(t, iou(boxRect(boxes[0]), rect{100, 160, 290, 200}), 0.8, "%+v", boxes)

	require.Len(t, detect(bow, rect{330, 160, 370, 200}), 2, "in line, 110 px apart: two boats")
	require.Len(t, detect(bow, rect{100, 230, 220, 270}), 2, "side by side: two boats")
}

// TestJoinInLineKeepsOthers: boxes of pieces not in line are left as
// they are.
func TestJoinInLineKeepsOthers(t *testing.T) {
	boxes := []Box{{X: 0, Y: 0, W: 10, H: 10}, {X: 50, Y: 50, W: 10, H: 10}}
	ps := []piece{
		{box: 0, cx: 5, cy: 5, ux: 1, l: 10, w: 10, cxx: 8.4, cyy: 8.4, area: 100},
		{box: 1, cx: 55, cy: 55, ux: 1, l: 10, w: 10, cxx: 8.4, cyy: 8.4, area: 100},
	}
	require.Equal(t, []Box{{X: 0, Y: 0, W: 10, H: 10}, {X: 50, Y: 50, W: 10, H: 10}}, joinInLine(boxes, ps))
	require.Empty(t, joinInLine(nil, nil))
}
