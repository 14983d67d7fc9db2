package gcs

import (
	"math"
	"time"

	"skerry/mission"
	"skerry/mission/local"
	"skerry/mission/validate"
)

// ZoneWatchState is the station's live watch of a flying vehicle against
// the operation's official zones and area: inside a zone it must stay out
// of (or outside the area) now, or heading for one at its velocity.
type ZoneWatchState struct {
	Watching bool `json:"watching"`
	// Breach is the rule broken now: "airspace" or "operation-area".
	Breach string `json:"breach,omitempty"`
	// Predicted is the rule the vehicle is heading to break, PredictedIn
	// seconds ahead at this velocity.
	Predicted   string  `json:"predicted,omitempty"`
	PredictedIn float64 `json:"predicted_in,omitempty"`
	Detail      string  `json:"detail,omitempty"`
}

// zoneWatchEvery is how often one vehicle is checked against the zones: a
// position frame in between keeps the last verdict (the prediction looks
// seconds ahead).
const zoneWatchEvery = 500 * time.Millisecond

// zoneWatchSteps are the fractions of the prediction horizon checked, to
// say how soon a zone lies ahead.
var zoneWatchSteps = []float64{0.25, 0.5, 1}

// checkZones updates v.Zones from its position, at most every
// zoneWatchEvery; on the fleet goroutine. Only a vehicle in the air is
// watched: one on the ground is where it took off, which its plan was
// checked from.
func (f *Fleet) checkZones(st *fleetState, v *Vehicle) {
	if f.Operation == nil {
		return
	}
	op := f.Operation.Get()
	if op == nil || (len(op.Zones) == 0 && len(op.Area) == 0) {
		v.Zones = ZoneWatchState{}
		return
	}
	now := f.Now()
	if !v.HasPosition || !v.Armed || v.Landed == "on_ground" {
		v.Zones = ZoneWatchState{Watching: true}
		return
	}
	if last, ok := st.zonesAt[v.ID]; ok && now.Sub(last) < zoneWatchEvery && now.After(last) {
		return
	}
	st.zonesAt[v.ID] = now
	v.Zones = op.watch(v, f.FenceWatch.withDefaults(), now)
}

// watch is the zone verdict for flying vehicle v now.
func (op *Operation) watch(v *Vehicle, cfg FenceWatchConfig, now time.Time) ZoneWatchState {
	vop := op.validation(v, 0, now)
	if v.Home != nil {
		h := mission.At(v.Home.Lat, v.Home.Lon, mission.AMSL(v.Home.AltAMSL))
		vop.Home = &h
	}
	here := mission.At(v.Position.Lat, v.Position.Lon, mission.AMSL(v.Position.AltAMSL))
	ws := ZoneWatchState{Watching: true}
	if vs := validate.CheckLeg(here, here, vop); len(vs) > 0 {
		ws.Breach, ws.Detail = vs[0].Rule, vs[0].Message
		return ws
	}
	vel := v.Velocity
	speed := math.Sqrt(vel.North*vel.North + vel.East*vel.East + vel.Down*vel.Down)
	if speed <= 0.2 {
		return ws
	}
	horizon := cfg.horizon(speed).Seconds()
	pr := local.New(here.Point)
	for _, k := range zoneWatchSteps {
		t := horizon * k
		ahead := mission.At(0, 0, mission.AMSL(v.Position.AltAMSL-vel.Down*t))
		ahead.Point = pr.Point(local.XY{X: vel.East * t, Y: vel.North * t})
		if vs := validate.CheckLeg(here, ahead, vop); len(vs) > 0 {
			ws.Predicted, ws.PredictedIn, ws.Detail = vs[0].Rule, t, vs[0].Message
			return ws
		}
	}
	return ws
}
