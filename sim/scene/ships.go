package scene

// hullStyle is how a vessel type looks: its plan (where the bow's taper
// ends, the transom's width), freeboard, colours and superstructure.
type hullStyle struct {
	shoulder  float64 // fraction of the length from the bow where full beam starts
	transom   float64 // the stern's width as a fraction of the beam
	freeboard float64 // deck height above the water, metres
	hull      yuv
	deck      yuv
	blocks    []block
}

// block is a box on deck: along the hull from a0 to a1 (fractions of the
// length, -0.5 stern to 0.5 bow), width a fraction of the beam, height in
// metres above the deck.
type block struct {
	a0, a1, width, height float64
	col                   yuv
}

var (
	white = rgb(232, 232, 228)
	// hullStyles are the looks of the vessel types in hullSizes.
	hullStyles = map[string]hullStyle{
		"cargo": {shoulder: 0.18, transom: 0.95, freeboard: 8, hull: rgb(96, 38, 32), deck: rgb(110, 104, 96), blocks: []block{
			{-0.47, -0.37, 0.9, 20, white},
			{-0.34, -0.2, 0.92, 8, rgb(40, 80, 150)},
			{-0.19, -0.05, 0.92, 10, rgb(170, 50, 40)},
			{-0.04, 0.1, 0.92, 8, rgb(60, 120, 70)},
			{0.11, 0.24, 0.92, 9, rgb(200, 120, 40)},
			{0.25, 0.35, 0.8, 6, rgb(130, 130, 135)},
		}},
		"fishing": {shoulder: 0.35, transom: 0.8, freeboard: 1.5, hull: rgb(40, 70, 130), deck: rgb(165, 158, 140), blocks: []block{
			{0.05, 0.3, 0.6, 2.5, white},
		}},
		"yacht": {shoulder: 0.4, transom: 0.85, freeboard: 1.2, hull: white, deck: rgb(200, 190, 170), blocks: []block{
			{-0.2, 0.2, 0.65, 1.2, rgb(215, 222, 228)},
		}},
		"patrol": {shoulder: 0.35, transom: 0.9, freeboard: 2, hull: rgb(70, 75, 82), deck: rgb(105, 110, 116), blocks: []block{
			{-0.1, 0.25, 0.7, 3, rgb(195, 198, 202)},
		}},
		"rib": {shoulder: 0.3, transom: 0.9, freeboard: 0.6, hull: rgb(58, 58, 64), deck: rgb(38, 38, 44), blocks: []block{
			{-0.12, 0.08, 0.35, 1, rgb(205, 205, 205)},
		}},
	}
)

// outline is the hull's plan at one height: bow, starboard shoulder,
// starboard quarter, port quarter, port shoulder (a forward, b starboard
// metres).
func (s hullStyle) outline(l, b float64) [5]pt {
	return [5]pt{
		{l / 2, 0},
		{l/2 - s.shoulder*l, b / 2},
		{-l / 2, s.transom * b / 2},
		{-l / 2, -s.transom * b / 2},
		{l/2 - s.shoulder*l, -b / 2},
	}
}
