package validate

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/profile"
)

// Rule names of violations that are not a profile limit. Profile limits use
// the profile's rule IDs (profile.RuleMaxHeight, profile.RuleMaxSpeed, ...).
const (
	RuleStructure = "structure"      // plan.Validate
	RuleArea      = "operation-area" // Operation.Area
	RuleFence     = "fence"          // the plan's own geofence
	// RuleVehicleFence is the fence a vehicle keeps besides the plan's:
	// its own circle and altitude limits (Operation.VehicleFence).
	RuleVehicleFence = "vehicle-fence"
	RuleAirspace     = "airspace"    // official zones
	RuleEndurance    = "endurance"   // battery and reserve
	RuleRoute        = "route"       // what the route itself implies (home, unbounded loops)
	RuleNotChecked   = "not-checked" // a rule that could not be evaluated
	RuleProfile      = "profile"     // the profile's own preconditions (profile.Validate)
)

// Defaults used when Operation leaves a value at zero.
const (
	// DefaultMargin is the clearance from exclusion zones when neither
	// Operation.Margin nor the profile's contingency margin is set.
	DefaultMargin = 20.0
	// DefaultReserve is the battery fraction kept in reserve.
	DefaultReserve = 0.25
	// DefaultVisualRange is the practical visual range for VLOS profiles
	// without a numeric range (a small multirotor is hard to see, and its
	// attitude impossible to judge, beyond about 500 m).
	DefaultVisualRange = 500.0
	// DefaultClimbRate is the climb and descent rate, m/s.
	DefaultClimbRate = 2.5
	// DefaultLoiterRadius is the orbit radius for loiter turns, m, when
	// the item gives none.
	DefaultLoiterRadius = 30.0
)

// Vehicle is what Check needs to know about the aircraft.
type Vehicle struct {
	// CruiseSpeed is the air speed in m/s (0: the plan's cruise or hover
	// speed).
	CruiseSpeed float64
	// Endurance is the flight time at cruise on a full battery (0: not
	// checked).
	Endurance time.Duration
	// Reserve is the fraction of Endurance kept in reserve (0:
	// DefaultReserve; negative: none).
	Reserve float64
	// ClimbRate is the climb and descent rate in m/s (0: DefaultClimbRate).
	ClimbRate float64
	// MaxWind is the manufacturer's wind limit in m/s (0: none).
	MaxWind float64
}

// Wind is the forecast wind.
type Wind struct {
	// Speed in m/s.
	Speed float64
	// Direction the wind blows FROM, degrees clockwise from north.
	Direction float64
}

// Operation is everything besides the plan that Check needs.
type Operation struct {
	// Profile is the active regulation profile, as tightened or
	// authorised by the operator.
	Profile profile.Profile
	// Zones are the official zones (nil: none).
	Zones *airspace.Index
	// Authorisations says which REQ_AUTHORISATION zones may be entered.
	Authorisations airspace.Operation
	// Area is the operation area (empty: none); every waypoint and leg
	// must be strictly inside.
	Area orb.Polygon
	// Pilot is the remote pilot's position [lon, lat] (nil: range not
	// checked, an info says so).
	Pilot *orb.Point
	// Observers are airspace observers; they extend the range where the
	// profile gives MaxRangeWithObservers.
	Observers []orb.Point
	// When is the planned start (zero: every zone counts as active).
	When time.Time
	// Aircraft flown at once by this operation, and the remote Pilots
	// flying them (Aircraft 0: fleet not checked).
	Aircraft, Pilots int
	// Vehicle gives endurance and speeds.
	Vehicle Vehicle
	// Wind is the forecast.
	Wind Wind
	// Surface describes water or terrain below for heights.
	Surface profile.Surface
	// Margin is the clearance from zones in metres (0: the profile's
	// contingency margin, else DefaultMargin).
	Margin float64
	// Home is the take-off and return point when the plan has none.
	Home *mission.Position
	// Start, when set, is where an airborne vehicle is now: the route
	// begins there instead of at home (a plan uploaded in flight, an
	// order given in flight). Home still gives the height reference and
	// the return point.
	Start *mission.Position
	// VehicleFence is what the vehicle keeps enforcing besides the plan's
	// own fence once the plan is on it: its own circle (Radius, from
	// home) and altitude limits that the upload leaves in force (empty:
	// none known).
	VehicleFence mission.Fence
	// NoReturn ends the route at the last item, where the vehicle holds,
	// without the return home a failsafe would fly (a guided go-to).
	NoReturn bool
	// Overrides says that Home (and Start) are where the vehicle really
	// is and replace the plan's own home: an autopilot flies a mission
	// from its own home, whatever the file says, and takes off where it
	// stands, whatever position a take-off item carries.
	Overrides bool
}

// ItemVehicle stands in a Violation's Item or Leg for where the vehicle
// is when the route begins there (Operation.Start).
const ItemVehicle = -2

// Violation is one broken or unverifiable rule.
type Violation struct {
	// Item is the mission item index, -1 for the plan as a whole (or
	// home), ItemVehicle for where the vehicle is.
	Item int
	// Leg is the (from, to) item indexes of a leg rule, -1 standing for
	// home and ItemVehicle for where the vehicle is; [-1, -1] when the
	// violation is not about a leg.
	Leg [2]int
	// At is where the violation happens: its item's position (an item
	// without one: where the vehicle is when it runs it) or the middle of
	// its leg; nil for the plan as a whole.
	At *orb.Point
	// LegEnds are a leg violation's ends; nil for others.
	LegEnds *[2]orb.Point
	// Rule names the rule (a profile rule ID or one of the Rule*
	// constants).
	Rule string
	// Message says what is wrong in plain words.
	Message string
	// Source is where the rule comes from: regulation reference and URL,
	// or zone ID and authority.
	Source string
	// Severity grades the violation; errors make the plan unlawful.
	Severity mission.Severity
}

// String formats the violation on one line.
func (v Violation) String() string {
	where := "plan"
	switch {
	case v.Leg[0] == v.Leg[1] && v.Leg[0] >= 0:
		where = fmt.Sprintf("orbit of item %d", v.Leg[0])
	case v.Leg != [2]int{-1, -1}:
		where = fmt.Sprintf("leg %s→%s", itemName(v.Leg[0]), itemName(v.Leg[1]))
	case v.Item >= 0:
		where = fmt.Sprintf("item %d", v.Item)
	}
	s := fmt.Sprintf("%s: %s: %s: %s", v.Severity, where, v.Rule, v.Message)
	if v.Source != "" {
		s += " [" + v.Source + "]"
	}
	return s
}

func itemName(i int) string {
	switch {
	case i == ItemVehicle:
		return "vehicle"
	case i < 0:
		return "home"
	}
	return fmt.Sprint(i)
}

// Report is the outcome of Check.
type Report struct {
	// Violations in rule order.
	Violations []Violation
	// Lawful is true when no violation has error severity.
	Lawful bool
	// Length is the horizontal path length in metres, including the
	// return home and repeated jumps.
	Length float64
	// Duration is the estimated flight time with the forecast wind.
	Duration time.Duration
	// Unbounded says that the plan does not bound the flight time (an
	// endless loiter or jump) or that it could not all be costed:
	// Duration is then what could be.
	Unbounded bool
	// MaxHeight is the greatest height in the profile's reference, m.
	MaxHeight float64
}

// Errors returns the violations of error severity.
func (r Report) Errors() []Violation {
	var out []Violation
	for _, v := range r.Violations {
		if v.Severity == mission.SeverityError {
			out = append(out, v)
		}
	}
	return out
}

// checker carries one Check call.
type checker struct {
	plan  *mission.Plan
	op    Operation
	rt    *route
	out   []Violation
	noted map[string]bool
}

// Check validates plan for operation op. It never fails: what it cannot
// evaluate becomes a warning or info violation saying so.
func Check(plan *mission.Plan, op Operation) Report {
	c := &checker{plan: plan, op: op, noted: map[string]bool{}}
	c.preconditions()
	c.structure()
	c.rt = buildRoute(c)
	if c.rt != nil {
		c.heights()
		c.speeds()
		c.ranges()
		c.area()
		c.fence()
		c.endurance()
		c.airspace()
		c.night()
	}
	c.wind()
	c.fleet()
	c.locate()
	return c.report()
}

// CheckFences checks only that plan's route stays inside its own fence
// and the vehicle's (op.VehicleFence), from op's home and start: what an
// upload must hold even when no operation's rules apply.
func CheckFences(plan *mission.Plan, op Operation) Report {
	c := &checker{plan: plan, op: op, noted: map[string]bool{}}
	c.structure()
	c.rt = buildRoute(c)
	if c.rt != nil {
		c.fence()
	}
	c.locate()
	return c.report()
}

// report sums up the check.
func (c *checker) report() Report {
	r := Report{Violations: c.out, Lawful: true}
	for _, v := range c.out {
		if v.Severity == mission.SeverityError {
			r.Lawful = false
		}
	}
	if c.rt != nil {
		r.Length, r.Duration, r.MaxHeight, r.Unbounded = c.rt.length, c.rt.duration, c.rt.maxHeight, c.rt.unbounded
	}
	return r
}

// add records a violation about item (or -1).
func (c *checker) add(sev mission.Severity, item int, rule, source, format string, args ...any) {
	c.out = append(c.out, Violation{Item: item, Leg: [2]int{-1, -1}, Rule: rule, Message: fmt.Sprintf(format, args...), Source: source, Severity: sev})
}

// addLeg records a violation about the leg from→to; from == to is the
// orbit of that item. The same violation of one leg (an orbit's ring
// segments) is recorded once.
func (c *checker) addLeg(sev mission.Severity, from, to int, rule, source, format string, args ...any) {
	v := Violation{Item: to, Leg: [2]int{from, to}, Rule: rule, Message: fmt.Sprintf(format, args...), Source: source, Severity: sev}
	if from == to && !c.once(v.String()) {
		return
	}
	c.out = append(c.out, v)
}

// once reports whether key is seen for the first time, for notes that
// would otherwise repeat on every item.
func (c *checker) once(key string) bool {
	if c.noted[key] {
		return false
	}
	c.noted[key] = true
	return true
}

// cite returns the source of a profile rule: "ref, url".
func (c *checker) cite(id string) string {
	r, ok := c.op.Profile.Rule(id)
	if !ok {
		return "profile " + c.op.Profile.Name
	}
	return fmt.Sprintf("%s: %s, %s", c.op.Profile.Name, r.Source.Ref, r.Source.URL)
}

// ruleText returns the text of a profile rule, or "".
func (c *checker) ruleText(id string) string {
	r, _ := c.op.Profile.Rule(id)
	return r.Text
}

// structure turns the plan's own structural issues into violations.
// preconditions refuses every plan under a profile that does not hold
// (an authorisation it needs and lacks, a limit without a source): its
// limits cannot be trusted, whatever the plan.
func (c *checker) preconditions() {
	for _, is := range c.op.Profile.Validate() {
		if is.Severity == mission.SeverityError {
			c.add(mission.SeverityError, -1, RuleProfile, "profile "+c.op.Profile.Name, "the profile does not hold, so no plan under it is lawful: %s", is.Message)
		}
	}
}

func (c *checker) structure() {
	for _, is := range c.plan.Validate() {
		item := -1
		if is.Section == mission.SectionMission {
			item = is.Item
		}
		c.add(is.Severity, item, RuleStructure, "mission.Plan.Validate", "%s", is.String())
	}
}

// fleet turns the profile's aircraft-per-pilot issues into violations.
func (c *checker) fleet() {
	for _, is := range c.op.Profile.CheckFleet(c.op.Aircraft, c.op.Pilots) {
		c.add(is.Severity, -1, profile.RuleAircraftPerPilot, c.cite(profile.RuleAircraftPerPilot), "%s", is.Message)
	}
}
