package validate

import (
	"fmt"
	"time"

	"skerry/mission"
)

// maxEstimate bounds the flight-time estimate. No battery lasts a month;
// a longer estimate comes from numbers no autopilot flies (a speed of
// 1e-9 m/s, a hold of 1e12 s), and a time.Duration would overflow a few
// centuries later, printing as a negative time.
const maxEstimate = 30 * 24 * time.Hour

// durationOf converts the costed seconds to the report's duration. A
// time that is not a number (it never should be: nodes and stays are
// checked as they are added) or beyond maxEstimate is reported and
// marks the route unbounded rather than printing garbage.
func (c *checker) durationOf(secs float64) time.Duration {
	switch {
	case !finiteNum(secs) || secs < 0:
		c.add(mission.SeverityError, -1, RuleRoute, "", "the flight time could not be estimated (%g s): a number in the plan is not finite", secs)
		c.rt.unbounded = true
		return 0
	case secs > maxEstimate.Seconds():
		c.add(mission.SeverityWarning, -1, RuleEndurance, "", "the estimated flight time exceeds %v: not estimated further", maxEstimate)
		c.rt.unbounded = true
		return maxEstimate
	}
	return time.Duration(secs * float64(time.Second))
}

// stayOf is the time spent at item i, secs as the plan gives it: a hold,
// a delay or a loiter that is not a finite number of seconds, or is
// negative, counts as none, with a warning (Plan.Validate already
// reports non-finite numbers as errors).
func (c *checker) stayOf(i int, secs float64) float64 {
	if finiteNum(secs) && secs >= 0 {
		return secs
	}
	if c.once(fmt.Sprint("stay ", i)) {
		c.add(mission.SeverityWarning, i, RuleRoute, "", "item %d: a stay of %g s is not a duration: counted as none", i, secs)
	}
	return 0
}
