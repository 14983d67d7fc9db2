package gcs

import (
	"fmt"

	"skerry/mission"
)

// explainRefusal gives a go-to the vehicle refused without a reason the
// station's explanation, where the fence the station put on the vehicle
// has one (a go-to outside it reaches the vehicle only under an
// override). The vehicle's own altitude and circle limits are explained
// by the uplink, which knows the autopilot's parameters.
func (c *Commander) explainRefusal(v *Vehicle, cmd Command, err error) {
	rej, bare := Unexplained(err)
	if !bare || cmd.Kind != CmdGoTo {
		return
	}
	w := mission.NewFenceWatch(c.Fleet.Fence(v.ID))
	if w == nil {
		return
	}
	s := mission.Sample{Lat: cmd.Lat, Lon: cmd.Lon, AltRel: cmd.Altitude, AltAMSL: cmd.Altitude}
	if v.Home != nil {
		s.AltAMSL += v.Home.AltAMSL
	}
	if verdict := w.Check(s); verdict.Breach != "" {
		rej.Explanation = fmt.Sprintf("the target is outside the fence uploaded to %s: %s (%s)", v.ID, verdict.Breach, verdict.Detail)
	}
}
