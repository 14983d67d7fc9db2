package planner

import (
	"fmt"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// SurveyOptions configures Survey.
type SurveyOptions struct {
	Common
	// Camera sets the line spacing and trigger distance (QGC CameraCalc)
	// at Common.Altitude.
	Camera Camera
	// SideOverlap and FrontOverlap are fractions in [0, 1) (defaults 0.7
	// and 0.8).
	SideOverlap, FrontOverlap float64
	// Angle is the compass direction of the survey lines in degrees
	// (0 = north–south lines).
	Angle float64
	// Spacing overrides the camera's line spacing, metres (0 = camera).
	Spacing float64
}

// Survey plans a lawnmower survey of area ([lon, lat]; concave, with holes
// allowed) at opt.Angle: sweep lines at the camera's line spacing are
// clipped against the free part of the area (minus holes, minus exclusion
// zones with their margin, inside the operation area) and grouped into
// boustrophedon cells (see cells.go); each cell is flown back and forth,
// cells nearest-first; transits that would cross a hole or an exclusion
// follow its boundary inside the area. The camera
// trigger distance is set at the start of the first line and set to 0 at
// the end of the last.
func Survey(area orb.Polygon, opt SurveyOptions) (*mission.Plan, mission.Issues, error) {
	b, st, err := surveySteps(area, opt)
	if err != nil {
		return nil, nil, err
	}
	p, err := b.plan("survey", st, b.c.Altitude)
	return p, b.issues, err
}

// surveyCalc fills overlap defaults and computes the line spacing and
// trigger distance.
func surveyCalc(opt *SurveyOptions) (CameraCalc, error) {
	if opt.SideOverlap == 0 {
		opt.SideOverlap = 0.7
	}
	if opt.FrontOverlap == 0 {
		opt.FrontOverlap = 0.8
	}
	alt := opt.Common.withDefaults().Altitude
	cc, err := opt.Camera.Calc(alt, opt.SideOverlap, opt.FrontOverlap)
	if opt.Spacing > 0 {
		cc.Spacing = opt.Spacing
		err = nil
	}
	return cc, err
}

// surveySteps computes the survey route as steps with camera items.
func surveySteps(area orb.Polygon, opt SurveyOptions) (*builder, []step, error) {
	cc, err := surveyCalc(&opt)
	if err != nil {
		return nil, nil, err
	}
	if len(area) == 0 || len(area[0]) < 4 {
		return nil, nil, fmt.Errorf("%w: survey area needs a closed ring of ≥ 3 points", ErrInput)
	}
	b, err := newBuilder(opt.Common, area[0], 1000)
	if err != nil {
		return nil, nil, err
	}
	if err := b.restrict([]polyRings{b.proj.Polygon(area)}); err != nil {
		return nil, nil, err
	}
	st, err := b.surveyRoute(opt, cc)
	return b, st, err
}

// surveyRoute sweeps the builder's free space and connects the lines.
func (b *builder) surveyRoute(opt SurveyOptions, cc CameraCalc) ([]step, error) {
	lines := sweep(b.sp.walk, opt.Angle, cc.Spacing)
	cells := boustrophedon(lines)
	if len(cells) == 0 {
		return nil, fmt.Errorf("%w: no survey line fits the free area", ErrInput)
	}
	st := b.connect(cells)
	if len(st) > 0 && cc.Trigger > 0 {
		st[0].after = append(st[0].after, mission.Camera{Action: mission.CameraTriggerDistance, Distance: cc.Trigger, Sequence: nan()})
		last := &st[len(st)-1]
		last.after = append(last.after, mission.Camera{Action: mission.CameraTriggerDistance, Distance: 0, Sequence: nan()})
	}
	b.infof("survey: %d cells, spacing %.1f m, trigger every %.1f m, GSD %.2f cm/px", len(cells), cc.Spacing, cc.Trigger, cc.GSD)
	return st, nil
}
