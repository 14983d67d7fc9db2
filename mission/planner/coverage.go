package planner

// Coverage is a survey's camera geometry with the overlaps it was worked
// out for.
type Coverage struct {
	CameraCalc
	SideOverlap, FrontOverlap float64
}

// SurveyCoverage is the camera geometry a survey with opt flies: ground
// sample distance, footprint, line spacing (opt.Spacing when set) and
// trigger distance at its height, with the same defaults Survey fills in
// (height 60 m, overlaps 0.7 side and 0.8 front).
func SurveyCoverage(opt SurveyOptions) (Coverage, error) {
	cc, err := surveyCalc(&opt)
	return Coverage{CameraCalc: cc, SideOverlap: opt.SideOverlap, FrontOverlap: opt.FrontOverlap}, err
}
