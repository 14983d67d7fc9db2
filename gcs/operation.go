package gcs

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/profile"
	"skerry/mission/validate"
)

// Operation is what the station checks every plan against before a
// vehicle receives it: the regulation profile, the official zones, the
// operation area and who flies.
type Operation struct {
	Name           string          `json:"name"`
	Profile        profile.Profile `json:"-"`
	ProfileName    string          `json:"profile"`
	Zones          []airspace.Zone `json:"-"`
	Authorisations []string        `json:"authorisations"`
	Area           orb.Polygon     `json:"-"`
	Pilot          *orb.Point      `json:"pilot,omitempty"` // [lon, lat]
	Pilots         int             `json:"pilots"`
	// Endurance is a vehicle's flight time at cruise on a full battery.
	Endurance time.Duration `json:"endurance"`
	// MaxWind is the vehicles' wind limit, m/s (0: none).
	MaxWind float64 `json:"max_wind"`
	// CruiseSpeed is the vehicles' air speed between waypoints, m/s, as
	// the autopilot flies it (ArduCopter's WPNAV_SPEED) unless the plan
	// changes it.
	CruiseSpeed float64 `json:"cruise_speed"`
	// Terrain gives ground heights over land (nil: over land the height
	// check is approximate and takes the conservative side).
	Terrain profile.Elevator `json:"-"`

	index *airspace.Index
}

// Defaults of an operation.
const (
	DefaultProfile   = "state"
	DefaultEndurance = 20 * time.Minute
	// DefaultCruiseSpeed is ArduCopter's default WPNAV_SPEED, 10 m/s.
	DefaultCruiseSpeed = 10.0
)

// NewOperation prepares op: the profile given whole (ProfileName is then
// its name), else looked up by ProfileName (default "state"); zones
// indexed; defaults filled.
func NewOperation(op Operation) (*Operation, error) {
	switch {
	case op.Profile.Name != "": // given whole: its own name
		op.ProfileName = op.Profile.Name
	default:
		if op.ProfileName == "" {
			op.ProfileName = DefaultProfile
		}
		p, err := profile.Get(op.ProfileName)
		if err != nil {
			return nil, err
		}
		op.Profile = p
	}
	if op.Pilots <= 0 {
		op.Pilots = 1
	}
	if op.Endurance <= 0 {
		op.Endurance = DefaultEndurance
	}
	if op.CruiseSpeed <= 0 {
		op.CruiseSpeed = DefaultCruiseSpeed
	}
	op.index = airspace.NewIndex(op.Zones)
	return &op, nil
}

// Problems says why the operation's profile does not hold (an
// authorisation it needs and lacks, a limit without a source); while it
// does not, every plan and order under it is refused with these reasons.
func (op *Operation) Problems() []string {
	var out []string
	for _, is := range op.Profile.Validate() {
		if is.Severity == mission.SeverityError {
			out = append(out, is.Message)
		}
	}
	return out
}

// OperationStore holds the active operation; readers never block.
type OperationStore struct {
	p atomic.Pointer[Operation]
	// Events, when set, is told every new operation (OperationEvent).
	Events *Events
}

// Set makes op the active operation and announces it.
func (s *OperationStore) Set(op *Operation) {
	s.p.Store(op)
	s.Events.Publish(OperationEvent{Operation: op})
}

// Get returns the active operation, nil if none was set.
func (s *OperationStore) Get() *Operation { return s.p.Load() }

// ErrUnlawfulPlan: the plan breaks the operation's rules; the report lists
// every violation.
var ErrUnlawfulPlan = errors.New("the plan is not lawful under the active operation")

// Check validates plan for vehicle v (nil: no vehicle) flown while
// alsoFlying other aircraft of the operation are in the air.
// A plan for a vehicle is checked as the vehicle would fly it: from its
// own home (and from where it is, when in the air), which the report's
// first violation, an info, names.
func (op *Operation) Check(plan *mission.Plan, v *Vehicle, alsoFlying int, now time.Time) validate.Report {
	return op.checkKept(plan, v, alsoFlying, now, mission.Fence{})
}

// checkKept is Check with the fence vehicle v keeps besides the plan's
// (VehicleFence.Fence), which the route must stay inside too.
func (op *Operation) checkKept(plan *mission.Plan, v *Vehicle, alsoFlying int, now time.Time, kept mission.Fence) validate.Report {
	vop := op.validation(v, alsoFlying, now)
	vop.VehicleFence = kept
	if v == nil {
		return validate.Check(plan, vop)
	}
	note := flownFrom(&vop, v, plan)
	r := validate.Check(plan, vop)
	r.Violations = append([]validate.Violation{note}, r.Violations...)
	return r
}

// CheckOrder validates the route of an order given to vehicle v: from
// where it is now to where the order sends it, with no return home and no
// endurance budget (the vehicle flies on the battery it has). The number
// of aircraft per pilot is an operation rule checked at plan upload, not
// per order: a go-to adds no aircraft, and take-offs given to several
// vehicles at once would not count each other until they arm.
func (op *Operation) CheckOrder(plan *mission.Plan, v *Vehicle, now time.Time) validate.Report {
	vop := op.validation(v, 0, now)
	vop.Aircraft = 0
	vop.Vehicle.Endurance = 0
	vop.NoReturn = true
	flownFrom(&vop, v, nil)
	if v.HasPosition {
		at := mission.At(v.Position.Lat, v.Position.Lon, mission.AMSL(v.Position.AltAMSL))
		vop.Start = &at
	}
	return validate.Check(plan, vop)
}

// validation is what validate.Check needs of the operation, with vehicle
// v's wind (v nil: calm).
func (op *Operation) validation(v *Vehicle, alsoFlying int, now time.Time) validate.Operation {
	vop := validate.Operation{
		Profile:        op.Profile,
		Zones:          op.index,
		Authorisations: airspace.Operation{Authorisations: op.Authorisations},
		Area:           op.Area,
		Pilot:          op.Pilot,
		When:           now,
		Aircraft:       alsoFlying + 1,
		Pilots:         op.Pilots,
		Vehicle:        validate.Vehicle{CruiseSpeed: op.CruiseSpeed, Endurance: op.Endurance, MaxWind: op.MaxWind},
		Surface:        profile.Surface{Terrain: op.Terrain}, // the ground elsewhere: the take-off point's (validate)
	}
	if v != nil {
		vop.Wind = validate.Wind{Speed: v.Wind.Speed.Or(0), Direction: v.Wind.Direction.Or(0)}
	}
	return vop
}

// unlawful is the error of a refused plan.
func unlawful(rep validate.Report) error {
	errs := rep.Errors()
	msg := fmt.Sprintf("%d violation(s)", len(errs))
	if len(errs) > 0 {
		msg += ", first: " + errs[0].String()
	}
	return fmt.Errorf("%w: %s", ErrUnlawfulPlan, msg)
}
