package telemetry

import (
	"context"
	"fmt"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/paulmach/orb"

	"skerry/gcs"
	"skerry/mission/local"
)

// explainGuidedRefusal gives a bare MAV_RESULT_FAILED to a guided target
// the station's explanation, where it has one: ArduCopter refuses a
// destination outside its fence (AC_Fence::check_destination_within_fence:
// above FENCE_ALT_MAX, farther from home than FENCE_RADIUS, outside the
// polygon) without a text. The altitude and circle limits are read from
// the vehicle's parameters; the polygon is the core's to explain, as it
// holds the fence the station uploaded.
func (s *Station) explainGuidedRefusal(ctx context.Context, id gcs.VehicleID, snap snapshot, lat, lon, relAlt float64, err error) error {
	rej, bare := gcs.Unexplained(err)
	if !bare || rej.Result != int(common.MAV_RESULT_FAILED) {
		return err
	}
	read := func(name string) (float64, bool) {
		v, err := s.ReadParam(ctx, id, name)
		return v, err == nil
	}
	if on, ok := read("FENCE_ENABLE"); !ok || on == 0 {
		return err
	}
	typ, ok := read("FENCE_TYPE")
	if !ok {
		return err
	}
	if int(typ)&fenceTypeMaxAlt != 0 {
		if ceiling, ok := read("FENCE_ALT_MAX"); ok && relAlt > ceiling {
			rej.Explanation = fmt.Sprintf("the target is %.0f m above home, above the vehicle's fence ceiling (FENCE_ALT_MAX %.0f m)", relAlt, ceiling)
			return err
		}
	}
	if int(typ)&fenceTypeCircle != 0 && snap.hasHome {
		if r, ok := read("FENCE_RADIUS"); ok {
			if d := groundDistance(snap.homeLat, snap.homeLon, lat, lon); d > r {
				rej.Explanation = fmt.Sprintf("the target is %.0f m from home, beyond the vehicle's circle fence (FENCE_RADIUS %.0f m)", d, r)
			}
		}
	}
	return err
}

// groundDistance is the distance in metres between two points, in the
// station's local metric plane around the first.
func groundDistance(lat1, lon1, lat2, lon2 float64) float64 {
	from := orb.Point{lon1, lat1}
	p := local.New(from)
	return local.Dist(p.XY(from), p.XY(orb.Point{lon2, lat2}))
}
