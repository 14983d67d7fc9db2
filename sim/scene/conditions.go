package scene

import (
	"fmt"
	"math"
)

// Conditions: the light, the air and the sea a measurement renders under.
// The renderer's defaults are "calm"; the others change one thing each:
//
//   - "calm": the default afternoon (DefaultSun, DefaultVisibility,
//     DefaultSeaState).
//   - "glare": the sun ahead of the camera and as high above the horizon
//     as the camera looks below it, so the sun's mirror point, and its
//     glitter on the waves, lies in the middle of the frame (seen straight
//     down the sun cannot be overhead at these latitudes: it stands 20°
//     off the camera's axis, 70° high, and its glitter fills the frame's
//     upper part), and a clear sky's, thrice as bright on the water.
//   - "haze": a meteorological visibility of 1.5 km (the distance at which
//     a dark object's contrast falls to 2 %: an e-folding distance of
//     1500/3.912 ≈ 383 m), where the default is ~35 km.
//   - "rough": sea state 5 (rough, 2.5–4 m waves, a strong breeze): higher
//     wave contrast, longer waves and about five times the default's
//     whitecaps.
const (
	CondCalm  = "calm"
	CondGlare = "glare"
	CondHaze  = "haze"
	CondRough = "rough"
)

// ConditionNames lists the conditions, calm first.
func ConditionNames() []string { return []string{CondCalm, CondGlare, CondHaze, CondRough} }

// HazeVisibility is the haze condition's e-folding distance, metres: a
// meteorological visibility of 1500 m (Koschmieder: V = 3.912/σ).
const HazeVisibility = 1500 / 3.912

// GlareGlint is the glare condition's glint strength: a clear sky's sun,
// whose glitter saturates the camera near the mirror point.
const GlareGlint = 3

// RoughSeaState is the rough condition's sea state.
const RoughSeaState = 5

// Condition is how a renderer draws: its sun, its haze and its sea.
type Condition struct {
	Name       string
	Sun        Sun
	Visibility float64 // the haze's e-folding distance, metres
	SeaState   int     // 0–6
	Glint      float64 // the glint's strength, 1 default
}

// ConditionFor is the named condition for a camera whose optical axis
// points along azimuth (degrees true) at pitch (degrees, -90 straight
// down): only glare depends on them (the sun is put where its glint is in
// view). An unknown name is an error.
func ConditionFor(name string, azimuth, pitch float64) (Condition, error) {
	c := Condition{Name: name, Sun: DefaultSun, Visibility: DefaultVisibility, SeaState: DefaultSeaState, Glint: 1}
	switch name {
	case CondCalm:
	case CondGlare:
		// The mirror point of a sun at elevation e lies e below the
		// horizon, along the sun's azimuth.
		el := math.Min(70, math.Max(5, -pitch))
		if !finite(azimuth, pitch) {
			el, azimuth = DefaultSun.Elevation, DefaultSun.Azimuth
		}
		c.Sun = Sun{Azimuth: normDeg(azimuth), Elevation: el}
		c.Glint = GlareGlint
	case CondHaze:
		c.Visibility = HazeVisibility
	case CondRough:
		c.SeaState = RoughSeaState
	default:
		return Condition{}, fmt.Errorf("scene: unknown condition %q (want calm, glare, haze or rough)", name)
	}
	return c, nil
}

// Apply sets the renderer's sun, visibility and sea state to c's.
func (r *Renderer) Apply(c Condition) {
	r.Sun, r.Visibility, r.SeaState, r.Glint = c.Sun, c.Visibility, c.SeaState, c.Glint
}

// DefaultSeaState is the renderer's sea: moderate (Douglas 3), a light
// chop with scattered whitecaps under the default 6 m/s wind.
const DefaultSeaState = 3

// seaState is how a Douglas sea state looks: the longest waves of the
// tile (metres), the share of the sea that is whitecap, the wave
// texture's contrast (/256) and how far the sun's glitter spreads (the
// cosine of its half-angle: rougher water tilts more facets to the sun).
type seaState struct {
	longest   float64
	whitecaps float64
	gain      int32
	glintCos  float64
}

// seaStates are the looks of sea states 0 (glassy) to 6 (very rough);
// 3 is the renderer's default picture.
var seaStates = [7]seaState{
	{longest: 20, whitecaps: 0, gain: 60, glintCos: 0.985},
	{longest: 30, whitecaps: 0, gain: 110, glintCos: 0.97},
	{longest: 45, whitecaps: 0.004, gain: 160, glintCos: 0.955},
	{longest: 60, whitecaps: 0.015, gain: seaGain, glintCos: glintCos},
	{longest: 80, whitecaps: 0.035, gain: 230, glintCos: 0.93},
	{longest: 100, whitecaps: 0.07, gain: 260, glintCos: 0.92},
	{longest: 120, whitecaps: 0.12, gain: 290, glintCos: 0.90},
}

// seaLook is the renderer's sea state's look and tiles (the world's own
// for the default state).
func (r *Renderer) seaLook() (seaState, *textures) {
	s := min(max(r.SeaState, 0), len(seaStates)-1)
	if s == DefaultSeaState {
		return seaStates[s], r.tex
	}
	if r.stateTex == nil || r.stateTexOf != s {
		r.stateTex, r.stateTexOf = texturesForState(r.world.windDir, s), s
	}
	return seaStates[s], r.stateTex
}
