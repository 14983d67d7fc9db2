package scene

import "image/color"

// yuv is a colour in the frame's space (BT.601 studio range, as
// image/color converts).
type yuv struct{ y, cb, cr int32 }

func rgb(r, g, b uint8) yuv {
	y, cb, cr := color.RGBToYCbCr(r, g, b)
	return yuv{int32(y), int32(cb), int32(cr)}
}

// mix is a + (b-a)·k/256.
func mix(a, b yuv, k int32) yuv {
	return yuv{a.y + (b.y-a.y)*k>>8, a.cb + (b.cb-a.cb)*k>>8, a.cr + (b.cr-a.cr)*k>>8}
}

// shade scales the luma by k/256 (chroma toward grey alike).
func shade(c yuv, k int32) yuv {
	return yuv{c.y * k >> 8, 128 + (c.cb-128)*k>>8, 128 + (c.cr-128)*k>>8}
}

var (
	seaColour    = rgb(22, 58, 78)
	hazeColour   = rgb(188, 200, 212)
	zenithColour = rgb(62, 112, 190)
	landColour   = rgb(128, 122, 92)
	portColour   = rgb(150, 150, 146)
	foamColour   = rgb(235, 240, 240)
)

func clampU8(v int32) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}
