package live

import (
	"encoding/json"
	"reflect"
	"time"

	"skerry/gcs"
)

// memberCodec compares and encodes one top-level member of a gcs.Vehicle.
type memberCodec struct {
	key    []byte                               // `"name":`
	same   func(a, b *gcs.Vehicle) bool         // equal, so equally encoded; false may still encode equally
	encode func(v *gcs.Vehicle) ([]byte, error) // the member's JSON; nil when omitted (omitempty)
}

// vehicleCodecs are the members of gcs.Vehicle in the order encoding/json
// writes them, with its names and omitempty rules; a test holds them to
// the struct, so a member added there and not here fails it. Comparable
// members compare with ==, which the compiler checks; the others with
// reflect.DeepEqual. Either way a member that compares unequal is encoded
// and compared as bytes before it counts as changed.
var vehicleCodecs = [...]memberCodec{
	plain("id", func(v *gcs.Vehicle) *gcs.VehicleID { return &v.ID }),
	plain("link", func(v *gcs.Vehicle) *string { return &v.Link }),
	plain("system_id", func(v *gcs.Vehicle) *uint8 { return &v.SystemID }),
	plain("type", func(v *gcs.Vehicle) *string { return &v.Type }),
	plain("autopilot", func(v *gcs.Vehicle) *string { return &v.Autopilot }),
	omitEmpty("firmware", func(v *gcs.Vehicle) *string { return &v.Firmware }),
	plain("mode", func(v *gcs.Vehicle) *string { return &v.Mode }),
	plain("armed", func(v *gcs.Vehicle) *bool { return &v.Armed }),
	plain("system_status", func(v *gcs.Vehicle) *string { return &v.SystemStatus }),
	plain("landed", func(v *gcs.Vehicle) *string { return &v.Landed }),
	omitEmpty("landed_from", func(v *gcs.Vehicle) *string { return &v.LandedFrom }),
	plain("failsafe", func(v *gcs.Vehicle) *bool { return &v.Failsafe }),
	plain("position", func(v *gcs.Vehicle) *gcs.Position { return &v.Position }),
	plain("has_position", func(v *gcs.Vehicle) *bool { return &v.HasPosition }),
	plain("velocity", func(v *gcs.Vehicle) *gcs.Velocity { return &v.Velocity }),
	plain("heading", func(v *gcs.Vehicle) *gcs.Reading { return &v.Heading }),
	plain("ground_speed", func(v *gcs.Vehicle) *gcs.Reading { return &v.GroundSpeed }),
	plain("air_speed", func(v *gcs.Vehicle) *gcs.Reading { return &v.AirSpeed }),
	plain("climb_rate", func(v *gcs.Vehicle) *gcs.Reading { return &v.ClimbRate }),
	plain("attitude", func(v *gcs.Vehicle) *gcs.Attitude { return &v.Attitude }),
	plain("battery", func(v *gcs.Vehicle) *gcs.Battery { return &v.Battery }),
	plain("gps", func(v *gcs.Vehicle) *gcs.GPS { return &v.GPS }),
	deep("health", func(v *gcs.Vehicle) *gcs.Health { return &v.Health }),
	plain("wind", func(v *gcs.Vehicle) *gcs.Wind { return &v.Wind }),
	optional("home", func(v *gcs.Vehicle) *gcs.Position { return v.Home }),
	plain("mission", func(v *gcs.Vehicle) *gcs.MissionState { return &v.Mission }),
	plain("fence", func(v *gcs.Vehicle) *gcs.FenceState { return &v.Fence }),
	plain("fence_watch", func(v *gcs.Vehicle) *gcs.FenceWatchState { return &v.Watch }),
	plain("zone_watch", func(v *gcs.Vehicle) *gcs.ZoneWatchState { return &v.Zones }),
	deep("paths", func(v *gcs.Vehicle) *[]gcs.PathStatus { return &v.Paths }),
	plain("link_lost", func(v *gcs.Vehicle) *bool { return &v.LinkLost }),
	omitEmpty("conflict", func(v *gcs.Vehicle) *string { return &v.Conflict }),
	plain("rejected", func(v *gcs.Vehicle) *gcs.Rejected { return &v.Rejected }),
	plain("last_seen", func(v *gcs.Vehicle) *time.Time { return &v.LastSeen }),
	deep("messages", func(v *gcs.Vehicle) *[]gcs.StatusText { return &v.Messages }),
	deep("cameras", func(v *gcs.Vehicle) *[]gcs.VehicleCamera { return &v.Cameras }),
	optionalDeep("gimbal", func(v *gcs.Vehicle) *gcs.Gimbal { return v.Gimbal }),
	optionalDeep("footprint", func(v *gcs.Vehicle) *gcs.Footprint { return v.Footprint }),
}

// camerasMember is the index of "cameras" in vehicleCodecs: its changes
// that touch only the streams' health and recording go out as a
// stream_health patch (vehrecord.go).
const camerasMember = 35

func memberKey(name string) []byte { return []byte(`"` + name + `":`) }

// plain is a member of a comparable type.
func plain[T comparable](name string, get func(*gcs.Vehicle) *T) memberCodec {
	return memberCodec{
		key:    memberKey(name),
		same:   func(a, b *gcs.Vehicle) bool { return *get(a) == *get(b) },
		encode: func(v *gcs.Vehicle) ([]byte, error) { return json.Marshal(*get(v)) },
	}
}

// omitEmpty is a member of a comparable type tagged omitempty whose zero
// value is its empty one (a string).
func omitEmpty[T comparable](name string, get func(*gcs.Vehicle) *T) memberCodec {
	c := plain(name, get)
	c.encode = func(v *gcs.Vehicle) ([]byte, error) {
		var zero T
		if *get(v) == zero {
			return nil, nil
		}
		return json.Marshal(*get(v))
	}
	return c
}

// optional is a pointer member tagged omitempty: omitted when nil.
func optional[T comparable](name string, get func(*gcs.Vehicle) *T) memberCodec {
	return memberCodec{
		key: memberKey(name),
		same: func(a, b *gcs.Vehicle) bool {
			pa, pb := get(a), get(b)
			return pa == pb || pa != nil && pb != nil && *pa == *pb
		},
		encode: func(v *gcs.Vehicle) ([]byte, error) {
			if p := get(v); p != nil {
				return json.Marshal(*p)
			}
			return nil, nil
		},
	}
}

// deep is a member that holds slices.
func deep[T any](name string, get func(*gcs.Vehicle) *T) memberCodec {
	return memberCodec{
		key:    memberKey(name),
		same:   func(a, b *gcs.Vehicle) bool { return reflect.DeepEqual(get(a), get(b)) },
		encode: func(v *gcs.Vehicle) ([]byte, error) { return json.Marshal(*get(v)) },
	}
}

// optionalDeep is a pointer member tagged omitempty, of a type with
// slices or pointers in it: omitted when nil.
func optionalDeep[T any](name string, get func(*gcs.Vehicle) *T) memberCodec {
	return memberCodec{
		key:  memberKey(name),
		same: func(a, b *gcs.Vehicle) bool { return reflect.DeepEqual(get(a), get(b)) },
		encode: func(v *gcs.Vehicle) ([]byte, error) {
			if p := get(v); p != nil {
				return json.Marshal(*p)
			}
			return nil, nil
		},
	}
}
