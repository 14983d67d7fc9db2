package detect

import (
	"errors"
	"math"
)

// Params tune the classical detector; DefaultParams is the one default
// setting for every view (nadir and oblique, real and simulated). Lengths
// are metres along the sea surface when the frame has a pose, and the
// pixel limits apply when it does not.
type Params struct {
	// WorkSize is the longest side, in pixels, of the downscaled copy the
	// detector works on (default 640; a 1280×720 frame is halved).
	WorkSize int
	// Window is the background window's side as a fraction of the working
	// image's shorter side (default 0.25): the local mean and spread of
	// the sea are taken over it.
	Window float64
	// SigmaFloor is the least sea spread, in 8-bit levels, a z-score is
	// divided by (default 5): very smooth water does not make every ripple
	// a target.
	SigmaFloor float64
	// ChromaWeight weighs colour against brightness in the contrast
	// (default 3): coloured hulls stand out of grey water.
	ChromaWeight float64
	// ZHigh seeds a blob (default 4.5); ZLow grows it (default 3).
	ZHigh, ZLow float64
	// CoreFrac: when above 0, a blob's box is drawn around its pixels of
	// at least this fraction of its peak contrast, leaving out the weaker
	// foam of a wake (default 0, off: it also cuts hulls darker than
	// their superstructure).
	CoreFrac float64
	// A wake's foam is bright (FoamY, default 110) and colourless (chroma
	// under FoamChroma, default 8); when at least WakeHull of a blob is
	// not foam (default 0.25), its box is drawn around that part, the
	// hull (0: wakes are kept in the box).
	FoamY, FoamChroma, WakeHull float64
	// MergeGap joins blobs this many working pixels apart or less
	// (default 2): a white deck and a dark hull are one boat.
	MergeGap int
	// GlareY is the brightness (0–255) from which a colourless pixel is
	// taken for specular glare (default 210); a blob more than GlareFrac
	// glare (default 0.5) and filling less than GlareFill of its box
	// (default 0.45) is dropped.
	GlareY, GlareFrac, GlareFill float64
	// MinWater is the least fraction of water in the ring around a blob
	// (default 0.5): boats float, cars and roofs do not.
	MinWater float64
	// EdgeWater is the least fraction of water round a blob cut by the
	// frame's edge (default 0.9): the land beyond the edge is unseen.
	EdgeWater float64
	// Water is the frame's dominant colour among smooth pixels (whose
	// brightness spreads less than WaterRough over 5×5 working pixels,
	// default 12): a pixel is water when its colour, averaged over 5×5,
	// is within WaterTol levels of Cb/Cr of it (default 8), or within
	// WaterTolFrac of the water's own chroma when that is more (default
	// 0.6).
	WaterTol, WaterRough, WaterTolFrac float64
	// PuddleFrac: connected regions of water smaller than this fraction of
	// the frame are not water (lawns, reeds, shadows of the water's
	// colour inside the land; default 0.005), nor are those whose mean
	// brightness is more than WaterBright levels from the largest
	// region's (sand, dry grass; default 40).
	PuddleFrac, WaterBright float64
	// MinHull is the least fraction of a blob's pixels not of the water's
	// colour (default 0.3): whitecaps, ripples and shadows are water
	// lighter or darker, of the same hue; hulls differ.
	MinHull float64
	// HullShare: a blob's box is drawn around its largest connected part
	// not of the water's colour when that part holds at least HullShare
	// of such pixels (default 0.6; 0 off): a hull's shadow and the
	// churned water round it are left out.
	HullShare float64
	// PartShare: the blob's other connected parts not of the water's
	// colour, of at least PartShare of that largest part's pixels, are
	// judged as blobs of their own (default 0.3; 0 off): two boats joined
	// by glitter or a wake between them.
	PartShare float64
	// LandFrac: a connected region of non-water larger than this fraction
	// of the frame is land (or shadow, or a pier) and is not searched
	// (default 0.02).
	LandFrac float64
	// Foliage: a blob whose mean colour is green to yellow (Cb at most
	// −Foliage and Cr at most Foliage/2, in levels from grey) is trees,
	// lawn or reeds on the shore (default 20; 0 turns the test off).
	Foliage float64
	// MinLength and MaxLength bound a vessel's length in metres (default
	// 3 and 400); MinWidth its beam (default 0.7).
	MinLength, MaxLength, MinWidth float64
	// MinPixels and MaxFrac bound a blob's length in working pixels
	// (default 4) and as a fraction of the working image's longer side
	// (default 0.5) when the frame has no pose.
	MinPixels int
	MaxFrac   float64
	// MaxAspect is the longest length-to-beam ratio of a vessel and its
	// wake (default 10); MinFill the least fraction of its oriented box a
	// blob fills (default 0.25): shorelines and shadows are ragged.
	MaxAspect, MinFill float64
	// History is how many earlier frames a detector remembers (default
	// 3); Gate how far a vessel may move between them, metres with a pose
	// (default 30) and working pixels without (Gate/2). A detection seen
	// again scores up to Confirm more (default 0.3); with MinHits above
	// 1, only detections seen in that many of the last frames are
	// reported (default 1: every frame stands alone).
	History    int
	Gate       float64
	Confirm    float64
	MinHits    int
	MaxBoxes   int // most boxes per frame, best first (default 64)
	HorizonPad int // working rows below the horizon masked (default 2)
}

// DefaultParams returns the default setting.
func DefaultParams() Params {
	return Params{
		WorkSize: 640, Window: 0.25, SigmaFloor: 5, ChromaWeight: 3,
		ZHigh: 4.5, ZLow: 1.5, MergeGap: 2, CoreFrac: 0, FoamY: 110, FoamChroma: 8, WakeHull: 0.25,
		GlareY: 210, GlareFrac: 0.5, GlareFill: 0.45,
		MinWater: 0.5, EdgeWater: 0.9, WaterTol: 8, WaterRough: 12, WaterTolFrac: 0.6, PuddleFrac: 0.005, WaterBright: 40, LandFrac: 0.02, MinHull: 0.3, HullShare: 0.6, PartShare: 0.3, Foliage: 20,
		MinLength: 3, MaxLength: 400, MinWidth: 0.7,
		MinPixels: 4, MaxFrac: 0.5,
		MaxAspect: 10, MinFill: 0.25,
		History: 3, Gate: 30, Confirm: 0.3, MinHits: 1,
		MaxBoxes: 64, HorizonPad: 2,
	}
}

// sane replaces values out of range (or not numbers) by the defaults.
func (p Params) sane() Params {
	d := DefaultParams()
	if p == (Params{}) {
		return d
	}
	pos := func(v *float64, dv float64) {
		if !(*v > 0) || math.IsInf(*v, 0) {
			*v = dv
		}
	}
	frac := func(v *float64, dv float64) {
		if !(*v >= 0 && *v <= 1) {
			*v = dv
		}
	}
	if p.WorkSize < 32 || p.WorkSize > 8192 {
		p.WorkSize = d.WorkSize
	}
	if !(p.Window > 0 && p.Window <= 1) {
		p.Window = d.Window
	}
	pos(&p.SigmaFloor, d.SigmaFloor)
	pos(&p.ChromaWeight, d.ChromaWeight)
	pos(&p.ZHigh, d.ZHigh)
	pos(&p.ZLow, d.ZLow)
	if p.ZLow > p.ZHigh {
		p.ZLow = p.ZHigh
	}
	frac(&p.CoreFrac, d.CoreFrac)
	pos(&p.FoamY, d.FoamY)
	pos(&p.FoamChroma, d.FoamChroma)
	frac(&p.WakeHull, d.WakeHull)
	if p.MergeGap < 0 || p.MergeGap > 64 {
		p.MergeGap = d.MergeGap
	}
	pos(&p.GlareY, d.GlareY)
	frac(&p.GlareFrac, d.GlareFrac)
	frac(&p.GlareFill, d.GlareFill)
	frac(&p.MinWater, d.MinWater)
	frac(&p.EdgeWater, d.EdgeWater)
	pos(&p.WaterTol, d.WaterTol)
	pos(&p.WaterRough, d.WaterRough)
	frac(&p.WaterTolFrac, d.WaterTolFrac)
	frac(&p.LandFrac, d.LandFrac)
	frac(&p.PuddleFrac, d.PuddleFrac)
	pos(&p.WaterBright, d.WaterBright)
	frac(&p.MinHull, d.MinHull)
	frac(&p.HullShare, d.HullShare)
	frac(&p.PartShare, d.PartShare)
	if !(p.Foliage >= 0 && p.Foliage <= 128) {
		p.Foliage = d.Foliage
	}
	pos(&p.MinLength, d.MinLength)
	pos(&p.MaxLength, d.MaxLength)
	pos(&p.MinWidth, d.MinWidth)
	if p.MinPixels < 1 {
		p.MinPixels = d.MinPixels
	}
	frac(&p.MaxFrac, d.MaxFrac)
	pos(&p.MaxAspect, d.MaxAspect)
	frac(&p.MinFill, d.MinFill)
	if p.History < 0 || p.History > 100 {
		p.History = d.History
	}
	pos(&p.Gate, d.Gate)
	frac(&p.Confirm, d.Confirm)
	if p.MinHits < 1 {
		p.MinHits = 1
	}
	if p.MaxBoxes < 1 {
		p.MaxBoxes = d.MaxBoxes
	}
	if p.HorizonPad < 0 || p.HorizonPad > 1000 {
		p.HorizonPad = d.HorizonPad
	}
	return p
}

var errShortImage = errors.New("detect: image planes shorter than its rectangle")
