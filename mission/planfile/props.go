package planfile

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"

	"skerry/mission"
)

// kindTypes maps each Kind to its Go type.
var kindTypes = map[mission.Kind]reflect.Type{
	mission.KindWaypoint: reflect.TypeOf(mission.Waypoint{}),
	mission.KindLoiter:   reflect.TypeOf(mission.Loiter{}),
	mission.KindSpeed:    reflect.TypeOf(mission.SpeedChange{}),
	mission.KindCamera:   reflect.TypeOf(mission.Camera{}),
	mission.KindGimbal:   reflect.TypeOf(mission.Gimbal{}),
	mission.KindROI:      reflect.TypeOf(mission.ROI{}),
	mission.KindROINone:  reflect.TypeOf(mission.ROINone{}),
	mission.KindRTL:      reflect.TypeOf(mission.RTL{}),
	mission.KindLand:     reflect.TypeOf(mission.Land{}),
	mission.KindTakeoff:  reflect.TypeOf(mission.Takeoff{}),
	mission.KindJump:     reflect.TypeOf(mission.Jump{}),
	mission.KindDelay:    reflect.TypeOf(mission.Delay{}),
	mission.KindCommand:  reflect.TypeOf(mission.Command{}),
}

// jsonName is a field's name in properties.
func jsonName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "" {
		return sf.Name
	}
	return name
}

// itemProps returns an item's parameters as JSON-ready properties; NaN
// becomes null. The position is not included.
func itemProps(it mission.Item) map[string]any {
	v := reflect.ValueOf(it)
	t := v.Type()
	m := make(map[string]any, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		name := jsonName(t.Field(i))
		if name == "-" {
			continue
		}
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.Float64:
			m[name] = num(fv.Float())
		case reflect.Array:
			arr := make([]num, fv.Len())
			for k := range arr {
				arr[k] = num(fv.Index(k).Float())
			}
			m[name] = arr
		default:
			m[name] = fv.Interface()
		}
	}
	return m
}

// itemFromProps builds an item of kind from properties. Absent fields take
// their zero value, except fields that allow NaN, which default to NaN.
// Numbers may be strings; null is NaN.
func itemFromProps(kind mission.Kind, props map[string]json.RawMessage, pos mission.Position) (mission.Item, error) {
	t, ok := kindTypes[kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	v := reflect.New(t).Elem()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := jsonName(sf)
		if name == "-" {
			v.Field(i).Set(reflect.ValueOf(pos))
			continue
		}
		raw, ok := props[name]
		if !ok {
			if sf.Tag.Get("mission") == "nan" {
				v.Field(i).SetFloat(math.NaN())
			}
			continue
		}
		if err := setField(v.Field(i), raw); err != nil {
			return nil, fmt.Errorf("property %q: %w", name, err)
		}
	}
	return v.Interface().(mission.Item), nil
}

// setField decodes raw into the field fv leniently.
func setField(fv reflect.Value, raw json.RawMessage) error {
	switch fv.Kind() {
	case reflect.Float64:
		f, err := parseNum(raw)
		fv.SetFloat(f)
		return err
	case reflect.Int, reflect.Uint8, reflect.Uint16:
		f, err := parseNum(raw)
		if err != nil {
			return err
		}
		lo, hi := intRange(fv.Kind())
		n, ok := intOf(f, lo, hi)
		if !ok {
			return fmt.Errorf("%g is not an integer in %d..%d", f, lo, hi)
		}
		if fv.Kind() == reflect.Int {
			fv.SetInt(int64(n))
		} else {
			fv.SetUint(uint64(n))
		}
		return nil
	case reflect.Bool:
		var b flag
		err := json.Unmarshal(raw, &b)
		fv.SetBool(bool(b))
		return err
	case reflect.String:
		var s string
		err := json.Unmarshal(raw, &s)
		fv.SetString(s)
		return err
	case reflect.Array:
		var arr []num
		if err := json.Unmarshal(raw, &arr); err != nil {
			return err
		}
		if len(arr) != fv.Len() {
			return fmt.Errorf("want %d values, got %d", fv.Len(), len(arr))
		}
		for k, x := range arr {
			fv.Index(k).SetFloat(float64(x))
		}
		return nil
	}
	return fmt.Errorf("unsupported field kind %s", fv.Kind())
}

func intRange(k reflect.Kind) (int, int) {
	switch k {
	case reflect.Uint8:
		return 0, math.MaxUint8
	case reflect.Uint16:
		return 0, math.MaxUint16
	}
	return -1 << 31, 1<<31 - 1
}
