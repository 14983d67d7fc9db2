package telemetry

import (
	"reflect"
	"sync"

	"github.com/bluenviron/gomavlib/v3/pkg/message"
)

// targetFields are the indices of a message type's target_system and
// target_component fields; ok is false for messages without them
// (HEARTBEAT, broadcasts by design).
type targetFields struct {
	system, component int
	ok                bool
}

var targetCache sync.Map // reflect.Type -> targetFields

func targetsOf(t reflect.Type) targetFields {
	if f, ok := targetCache.Load(t); ok {
		return f.(targetFields)
	}
	f := targetFields{system: -1, component: -1}
	if st, ok := t.FieldByName("TargetSystem"); ok && st.Type.Kind() == reflect.Uint8 && len(st.Index) == 1 {
		f.system = st.Index[0]
		if sc, ok := t.FieldByName("TargetComponent"); ok && sc.Type.Kind() == reflect.Uint8 && len(sc.Index) == 1 {
			f.component = sc.Index[0]
		}
		f.ok = true
	}
	targetCache.Store(t, f)
	return f
}

// address fills in the target system and component of a message meant for
// one vehicle, where the caller left them 0. A 0 target system is a
// broadcast that every vehicle on the channel obeys (a GUIDED position
// target sent so would move them all), so nothing the station sends to a
// vehicle goes out unaddressed. A target set by the caller (a camera
// component, say) is kept.
func address(msg message.Message, sysid, compid uint8) {
	rv := reflect.ValueOf(msg)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return
	}
	el := rv.Elem()
	f := targetsOf(el.Type())
	if !f.ok || el.Field(f.system).Uint() != 0 {
		return
	}
	el.Field(f.system).SetUint(uint64(sysid))
	if f.component >= 0 && el.Field(f.component).Uint() == 0 {
		el.Field(f.component).SetUint(uint64(compid))
	}
}
