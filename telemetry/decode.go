package telemetry

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/gcs"
)

// degE7 converts MAVLink's integer degrees×1e7 to degrees. It and toDegE7
// are the only places the station converts between the two.
func degE7(v int32) float64 { return float64(v) / 1e7 }

// toDegE7 converts degrees to MAVLink's integer degrees×1e7.
func toDegE7(deg float64) int32 { return int32(math.Round(deg * 1e7)) }

// lowerSuffix turns an enum label such as "MAV_TYPE_QUADROTOR" into "quadrotor".
func lowerSuffix(label, prefix string) string {
	return strings.ToLower(strings.TrimPrefix(label, prefix))
}

// Name tables, computed once so decoding allocates no strings.
var (
	typeNames   [256]string
	stateNames  [256]string
	sensorNames [32]string
	landedNames = [5]string{"", "on_ground", "in_air", "takeoff", "landing"}
)

func init() {
	for i := range 256 {
		typeNames[i] = lowerSuffix(common.MAV_TYPE(i).String(), "MAV_TYPE_")
		stateNames[i] = lowerSuffix(common.MAV_STATE(i).String(), "MAV_STATE_")
	}
	for b := range 32 {
		l := strings.TrimPrefix(common.MAV_SYS_STATUS_SENSOR(1<<b).String(), "MAV_SYS_STATUS_SENSOR_")
		sensorNames[b] = lowerSuffix(l, "MAV_SYS_STATUS_")
	}
}

// autopilotName names the autopilot family a heartbeat reports.
func autopilotName(a common.MAV_AUTOPILOT) string {
	switch a {
	case common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		return "ardupilot"
	case common.MAV_AUTOPILOT_PX4:
		return "px4"
	}
	return "generic"
}

// isVehicleHeartbeat tells a flying (or driving, diving) autopilot from
// ground stations, cameras, gimbals, ADS-B receivers, trackers and other
// components that never make a vehicle.
func isVehicleHeartbeat(hb *common.MessageHeartbeat) bool {
	if hb.Autopilot == common.MAV_AUTOPILOT_INVALID {
		return false
	}
	switch hb.Type {
	case common.MAV_TYPE_GCS, common.MAV_TYPE_ANTENNA_TRACKER, common.MAV_TYPE_ONBOARD_CONTROLLER,
		common.MAV_TYPE_GIMBAL, common.MAV_TYPE_ADSB, common.MAV_TYPE_CAMERA,
		common.MAV_TYPE_CHARGING_STATION, common.MAV_TYPE_FLARM, common.MAV_TYPE_SERVO,
		common.MAV_TYPE_ODID, common.MAV_TYPE_BATTERY, common.MAV_TYPE_PARACHUTE,
		common.MAV_TYPE_LOG, common.MAV_TYPE_OSD, common.MAV_TYPE_IMU, common.MAV_TYPE_GPS,
		common.MAV_TYPE_WINCH, common.MAV_TYPE_ILLUMINATOR, common.MAV_TYPE_GRIPPER, common.MAV_TYPE_RADIO:
		return false
	}
	return true
}

// modeName names the flight mode a heartbeat reports.
func modeName(hb *common.MessageHeartbeat) string {
	switch hb.Autopilot {
	case common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		return apModeName(classOf(hb.Type), hb.CustomMode)
	case common.MAV_AUTOPILOT_PX4:
		return px4ModeName(hb.CustomMode)
	}
	if hb.BaseMode&common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED != 0 {
		return "MODE_" + strconv.FormatUint(uint64(hb.CustomMode), 10)
	}
	return ""
}

func decodeHeartbeat(hb *common.MessageHeartbeat) gcs.Identity {
	return gcs.Identity{
		Type:         typeNames[uint8(hb.Type)],
		Autopilot:    autopilotName(hb.Autopilot),
		Mode:         modeName(hb),
		Armed:        hb.BaseMode&common.MAV_MODE_FLAG_SAFETY_ARMED != 0,
		SystemStatus: stateNames[uint8(hb.SystemStatus)],
	}
}

// MAVLink marks unknown values in-band; these turn each marker into
// gcs.Unknown, so that no marker is ever shown as a number (65.535 V,
// -1 %, 655.35).

// u16 is v/div, unknown at UINT16_MAX.
func u16(v uint16, div float64) gcs.Reading {
	if v == math.MaxUint16 {
		return gcs.Unknown
	}
	return gcs.Reading(float64(v) / div)
}

// signed is v/div, unknown at -1.
func signed[T int8 | int16 | int32](v T, div float64) gcs.Reading {
	if v == -1 {
		return gcs.Unknown
	}
	return gcs.Reading(float64(v) / div)
}

// real32 is f, unknown when NaN or infinite.
func real32(f float32) gcs.Reading {
	r := gcs.Reading(f)
	if !r.Known() {
		return gcs.Unknown
	}
	return r
}

// compass is deg normalised to 0..360; unknown stays unknown.
func compass(deg gcs.Reading) gcs.Reading {
	if !deg.Known() {
		return gcs.Unknown
	}
	d := math.Mod(float64(deg), 360)
	if d < 0 {
		d += 360
	}
	return gcs.Reading(d)
}

func decodeGlobalPosition(m *common.MessageGlobalPositionInt) gcs.GlobalPosition {
	return gcs.GlobalPosition{
		Position: gcs.Position{
			Lat: degE7(m.Lat), Lon: degE7(m.Lon),
			AltAMSL: float64(m.Alt) / 1000, AltRel: float64(m.RelativeAlt) / 1000,
		},
		Velocity: gcs.Velocity{North: float64(m.Vx) / 100, East: float64(m.Vy) / 100, Down: float64(m.Vz) / 100},
		Heading:  u16(m.Hdg, 100),
	}
}

const radToDeg = 180 / math.Pi

func decodeAttitude(m *common.MessageAttitude) gcs.AttitudeUpdate {
	return gcs.AttitudeUpdate{Attitude: gcs.Attitude{
		Roll: real32(m.Roll) * radToDeg, Pitch: real32(m.Pitch) * radToDeg, Yaw: compass(real32(m.Yaw) * radToDeg),
	}}
}

// sensorList lists the sensors present in a SYS_STATUS. The previous list is
// reused when nothing changed, so the steady state allocates nothing; lists
// handed out are never modified.
type sensorList struct {
	present, enabled, health uint32
	list                     []gcs.Sensor
}

func (c *sensorList) get(present, enabled, health uint32) []gcs.Sensor {
	present &^= uint32(common.MAV_SYS_STATUS_PREARM_CHECK)
	if c.list != nil && c.present == present && c.enabled == enabled && c.health == health {
		return c.list
	}
	list := make([]gcs.Sensor, 0, bits.OnesCount32(present))
	for b := range 32 {
		bit := uint32(1) << b
		if present&bit != 0 {
			list = append(list, gcs.Sensor{Name: sensorNames[b], Enabled: enabled&bit != 0, Healthy: health&bit != 0})
		}
	}
	c.present, c.enabled, c.health, c.list = present, enabled, health, list
	return list
}

func decodeSysStatus(m *common.MessageSysStatus, cache *sensorList) gcs.SystemHealth {
	prearm := uint32(common.MAV_SYS_STATUS_PREARM_CHECK)
	present, enabled, health := uint32(m.OnboardControlSensorsPresent), uint32(m.OnboardControlSensorsEnabled), uint32(m.OnboardControlSensorsHealth)
	known := present&prearm != 0
	return gcs.SystemHealth{
		Health: gcs.Health{
			Sensors:     cache.get(present, enabled, health),
			PrearmKnown: known,
			PrearmOK:    known && health&prearm != 0,
		},
		Battery: gcs.Battery{
			Voltage:   u16(m.VoltageBattery, 1000),
			Current:   signed(m.CurrentBattery, 100),
			Remaining: signed(m.BatteryRemaining, 1),
		},
	}
}

// decodeBattery sums the cell voltages the vehicle reports (UINT16_MAX:
// no cell; 0 in the extension: none); with none the voltage is unknown.
func decodeBattery(m *common.MessageBatteryStatus) gcs.BatteryUpdate {
	var mv float64
	cells := 0
	for _, c := range m.Voltages {
		if c != math.MaxUint16 {
			mv += float64(c)
			cells++
		}
	}
	for _, c := range m.VoltagesExt {
		if c != math.MaxUint16 && c != 0 {
			mv += float64(c)
			cells++
		}
	}
	volts := gcs.Unknown
	if cells > 0 {
		volts = gcs.Reading(mv / 1000)
	}
	return gcs.BatteryUpdate{Battery: gcs.Battery{
		Voltage: volts, Current: signed(m.CurrentBattery, 100),
		Remaining: signed(m.BatteryRemaining, 1), ConsumedMAh: signed(m.CurrentConsumed, 1),
	}}
}

func decodeGPS(m *common.MessageGpsRawInt) gcs.GPSUpdate {
	sats := gcs.Reading(m.SatellitesVisible)
	if m.SatellitesVisible == math.MaxUint8 {
		sats = gcs.Unknown
	}
	return gcs.GPSUpdate{GPS: gcs.GPS{Fix: int(m.FixType), Satellites: sats, HDOP: u16(m.Eph, 100)}}
}

func decodeHome(m *common.MessageHomePosition) gcs.HomeUpdate {
	// HOME_POSITION carries AMSL altitude; home is at 0 m relative to itself.
	return gcs.HomeUpdate{Home: gcs.Position{Lat: degE7(m.Latitude), Lon: degE7(m.Longitude), AltAMSL: float64(m.Altitude) / 1000}}
}

func decodeLanded(m *common.MessageExtendedSysState) gcs.LandedUpdate {
	if int(m.LandedState) < len(landedNames) {
		return gcs.LandedUpdate{Landed: landedNames[m.LandedState]}
	}
	return gcs.LandedUpdate{}
}

func decodeWind(m *ardupilotmega.MessageWind) gcs.WindUpdate {
	return gcs.WindUpdate{Wind: gcs.Wind{Direction: compass(real32(m.Direction)), Speed: real32(m.Speed), SpeedZ: real32(m.SpeedZ)}}
}

// versionString formats flight_sw_version (major<<24 | minor<<16 | patch<<8 | type)
// as "4.5.7"; FIRMWARE_VERSION_TYPE other than official (255) is appended.
func versionString(v uint32) string {
	s := strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." + strconv.Itoa(int(v>>8&0xff))
	switch v & 0xff {
	case 0:
		s += "-dev"
	case 64:
		s += "-alpha"
	case 128:
		s += "-beta"
	case 192:
		s += "-rc"
	}
	return s
}

// decodeTelemetry turns telemetry messages into updates, with the
// vehicle's decoding state. ok is false for messages the station does not
// decode.
func decodeTelemetry(msg message.Message, st *decodeState, now time.Time) (gcs.Update, bool) {
	if u, ok := decodeMission(msg, st, now); ok {
		return u, true
	}
	switch m := msg.(type) {
	case *common.MessageGlobalPositionInt:
		return decodeGlobalPosition(m), true
	case *common.MessageAttitude:
		return decodeAttitude(m), true
	case *common.MessageVfrHud:
		return gcs.HUD{AirSpeed: real32(m.Airspeed), GroundSpeed: real32(m.Groundspeed), ClimbRate: real32(m.Climb)}, true
	case *common.MessageSysStatus:
		return decodeSysStatus(m, &st.sensors), true
	case *common.MessageBatteryStatus:
		if m.Id != 0 {
			return nil, false // only the main battery
		}
		return decodeBattery(m), true
	case *common.MessageGpsRawInt:
		return decodeGPS(m), true
	case *common.MessageHomePosition:
		return decodeHome(m), true
	case *common.MessageExtendedSysState:
		return decodeLanded(m), true
	case *ardupilotmega.MessageWind:
		return decodeWind(m), true
	case *common.MessageAutopilotVersion:
		return gcs.VersionUpdate{Firmware: versionString(m.FlightSwVersion)}, true
	}
	return nil, false
}

// textAssembler joins STATUSTEXT chunks (id != 0, chunk_seq 0..n; a chunk
// shorter than 50 characters ends the text).
type textAssembler struct {
	id   uint16
	next uint8
	buf  strings.Builder
}

// add returns the complete text, if this chunk completes one.
func (a *textAssembler) add(m *common.MessageStatustext, at time.Time) (gcs.StatusText, bool) {
	if m.Id == 0 {
		return gcs.StatusText{At: at, Severity: int(m.Severity), Text: m.Text}, true
	}
	if m.Id != a.id || m.ChunkSeq != a.next {
		a.buf.Reset()
		a.id, a.next = m.Id, 0
		if m.ChunkSeq != 0 {
			return gcs.StatusText{}, false // joined mid-text: drop it
		}
	}
	a.buf.WriteString(m.Text)
	a.next++
	if len(m.Text) >= 50 {
		return gcs.StatusText{}, false
	}
	t := a.buf.String()
	a.buf.Reset()
	a.id, a.next = 0, 0
	return gcs.StatusText{At: at, Severity: int(m.Severity), Text: t}, true
}
