package telemetry

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// decodeCases pairs messages with the update they must become. They also
// seed FuzzDecode.
var decodeCases = []struct {
	name string
	msg  message.Message
	want gcs.Update
}{
	{"global position", &common.MessageGlobalPositionInt{
		Lat: 436_123_456, Lon: 73_987_654, Alt: 120_500, RelativeAlt: 50_250,
		Vx: 150, Vy: -250, Vz: 30, Hdg: 9050,
	}, gcs.GlobalPosition{
		Position: gcs.Position{Lat: 43.6123456, Lon: 7.3987654, AltAMSL: 120.5, AltRel: 50.25},
		Velocity: gcs.Velocity{North: 1.5, East: -2.5, Down: 0.3}, Heading: 90.5,
	}},
	{"attitude", &common.MessageAttitude{Roll: math.Pi / 6, Pitch: -math.Pi / 12, Yaw: -math.Pi / 2},
		gcs.AttitudeUpdate{Attitude: gcs.Attitude{Roll: 30, Pitch: -15, Yaw: 270}}},
	{"vfr hud", &common.MessageVfrHud{Airspeed: 12.5, Groundspeed: 11, Climb: -1.25},
		gcs.HUD{AirSpeed: 12.5, GroundSpeed: 11, ClimbRate: -1.25}},
	{"sys status", &common.MessageSysStatus{
		OnboardControlSensorsPresent: common.MAV_SYS_STATUS_SENSOR_3D_GYRO | common.MAV_SYS_STATUS_SENSOR_GPS | common.MAV_SYS_STATUS_PREARM_CHECK,
		OnboardControlSensorsEnabled: common.MAV_SYS_STATUS_SENSOR_3D_GYRO | common.MAV_SYS_STATUS_SENSOR_GPS,
		OnboardControlSensorsHealth:  common.MAV_SYS_STATUS_SENSOR_3D_GYRO,
		VoltageBattery:               12_600, CurrentBattery: 1_550, BatteryRemaining: 87,
	}, gcs.SystemHealth{
		Health: gcs.Health{Sensors: []gcs.Sensor{
			{Name: "3d_gyro", Enabled: true, Healthy: true},
			{Name: "gps", Enabled: true, Healthy: false},
		}, PrearmKnown: true, PrearmOK: false},
		Battery: gcs.Battery{Voltage: 12.6, Current: 15.5, Remaining: 87},
	}},
	{"sys status unknown current", &common.MessageSysStatus{VoltageBattery: 11_100, CurrentBattery: -1, BatteryRemaining: -1},
		gcs.SystemHealth{Health: gcs.Health{Sensors: []gcs.Sensor{}}, Battery: gcs.Battery{Voltage: 11.1, Current: gcs.Unknown, Remaining: gcs.Unknown}}},
	{"sys status unknown voltage", &common.MessageSysStatus{VoltageBattery: math.MaxUint16, CurrentBattery: 0, BatteryRemaining: 0},
		gcs.SystemHealth{Health: gcs.Health{Sensors: []gcs.Sensor{}}, Battery: gcs.Battery{Voltage: gcs.Unknown}}},
	{"battery without cells", &common.MessageBatteryStatus{
		Voltages:       [10]uint16{math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16},
		CurrentBattery: -1, CurrentConsumed: -1, BatteryRemaining: -1,
	}, gcs.BatteryUpdate{Battery: gcs.Battery{Voltage: gcs.Unknown, Current: gcs.Unknown, Remaining: gcs.Unknown, ConsumedMAh: gcs.Unknown}}},
	{"gps booting (ArduPilot: eph unknown)", &common.MessageGpsRawInt{FixType: common.GPS_FIX_TYPE_NO_FIX, SatellitesVisible: 255, Eph: math.MaxUint16},
		gcs.GPSUpdate{GPS: gcs.GPS{Fix: 1, Satellites: gcs.Unknown, HDOP: gcs.Unknown}}},
	{"attitude NaN", &common.MessageAttitude{Roll: float32(math.NaN()), Pitch: float32(math.Inf(1)), Yaw: float32(math.NaN())},
		gcs.AttitudeUpdate{Attitude: gcs.Attitude{Roll: gcs.Unknown, Pitch: gcs.Unknown, Yaw: gcs.Unknown}}},
	{"vfr hud NaN", &common.MessageVfrHud{Airspeed: float32(math.NaN()), Groundspeed: 3, Climb: float32(math.Inf(-1))},
		gcs.HUD{AirSpeed: gcs.Unknown, GroundSpeed: 3, ClimbRate: gcs.Unknown}},
	{"global position heading unknown", &common.MessageGlobalPositionInt{Lat: 1, Lon: 1, Hdg: math.MaxUint16},
		gcs.GlobalPosition{Position: gcs.Position{Lat: 1e-7, Lon: 1e-7}, Heading: gcs.Unknown}},
	{"battery", &common.MessageBatteryStatus{
		Voltages:       [10]uint16{4200, 4100, 4000, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16, math.MaxUint16},
		CurrentBattery: 2000, CurrentConsumed: 1234, BatteryRemaining: 55,
	}, gcs.BatteryUpdate{Battery: gcs.Battery{Voltage: 12.3, Current: 20, Remaining: 55, ConsumedMAh: 1234}}},
	{"gps", &common.MessageGpsRawInt{FixType: common.GPS_FIX_TYPE_RTK_FIXED, SatellitesVisible: 17, Eph: 70},
		gcs.GPSUpdate{GPS: gcs.GPS{Fix: 6, Satellites: 17, HDOP: 0.7}}},
	{"home", &common.MessageHomePosition{Latitude: -338_688_000, Longitude: 1_512_093_000, Altitude: 25_000},
		gcs.HomeUpdate{Home: gcs.Position{Lat: -33.8688, Lon: 151.2093, AltAMSL: 25}}},
	{"landed", &common.MessageExtendedSysState{LandedState: common.MAV_LANDED_STATE_IN_AIR},
		gcs.LandedUpdate{Landed: "in_air"}},
	{"wind", &ardupilotmega.MessageWind{Direction: -90, Speed: 5.5, SpeedZ: 0.5},
		gcs.WindUpdate{Wind: gcs.Wind{Direction: 270, Speed: 5.5, SpeedZ: 0.5}}},
	{"version", &common.MessageAutopilotVersion{FlightSwVersion: 4<<24 | 5<<16 | 7<<8 | 255},
		gcs.VersionUpdate{Firmware: "4.5.7"}},
	{"version beta", &common.MessageAutopilotVersion{FlightSwVersion: 1<<24 | 15<<16 | 0<<8 | 128},
		gcs.VersionUpdate{Firmware: "1.15.0-beta"}},
	{"mission current 4.4+", &common.MessageMissionCurrent{Seq: 3, Total: 12, MissionState: common.MISSION_STATE_ACTIVE,
		MissionId: 0xdeadbeef, FenceId: 7, RallyPointsId: 9},
		gcs.MissionProgress{Current: 3, Total: 12, State: "active", MissionID: 0xdeadbeef, FenceID: 7, RallyID: 9}},
	{"mission current seq only", &common.MessageMissionCurrent{Seq: 5},
		gcs.MissionProgress{Current: 5, Total: -1, State: "unknown"}},
	{"mission current no mission", &common.MessageMissionCurrent{Total: 65535, MissionState: common.MISSION_STATE_NO_MISSION},
		gcs.MissionProgress{Total: 0, State: "no_mission"}},
	{"mission current paused", &common.MessageMissionCurrent{Seq: 2, Total: 4, MissionState: common.MISSION_STATE_PAUSED},
		gcs.MissionProgress{Current: 2, Total: 4, State: "paused"}},
	{"item reached", &common.MessageMissionItemReached{Seq: 4}, gcs.ItemReached{Seq: 4}},
	{"fence ok", &common.MessageFenceStatus{}, gcs.FenceStatus{Fence: gcs.FenceState{Type: "none"}}},
	{"fence breached, boot unknown", &common.MessageFenceStatus{BreachStatus: 1, BreachCount: 2, BreachType: common.FENCE_BREACH_MAXALT, BreachTime: 61_000},
		gcs.FenceStatus{Fence: gcs.FenceState{Breached: true, Count: 2, Type: "max_alt", At: decodeNow}}},
}

// decodeNow is the receive time the decode table uses.
var decodeNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func TestDecodeTelemetry(t *testing.T) {
	for _, ca := range decodeCases {
		t.Run(ca.name, func(t *testing.T) {
			got, ok := decodeTelemetry(ca.msg, &decodeState{}, decodeNow)
			require.True(t, ok)
			require.Equal(t, rounded(ca.want), rounded(got))
		})
	}
}

// rounded returns a copy of an update with every float rounded to 1e-4,
// so that radian-degree conversions compare, and NaN (unknown, which
// equals nothing) made +Inf, which the decoder never produces.
func rounded(u gcs.Update) any {
	v := reflect.New(reflect.TypeOf(u)).Elem()
	v.Set(reflect.ValueOf(u))
	roundValue(v)
	return v.Interface()
}

func roundValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Float64:
		if math.IsNaN(v.Float()) {
			v.SetFloat(math.Inf(1))
			return
		}
		v.SetFloat(math.Round(v.Float()*1e4) / 1e4)
	case reflect.Struct:
		for i := range v.NumField() {
			roundValue(v.Field(i))
		}
	}
}

func TestDecodeUnknownHeading(t *testing.T) {
	u, _ := decodeTelemetry(&common.MessageGlobalPositionInt{Hdg: math.MaxUint16}, &decodeState{}, decodeNow)
	require.False(t, u.(gcs.GlobalPosition).Heading.Known())
}

func TestDecodeHeartbeat(t *testing.T) {
	cases := []struct {
		name string
		hb   *common.MessageHeartbeat
		want gcs.Identity
	}{
		{"copter guided armed", copterHB(ardupilotmega.COPTER_MODE_GUIDED, true),
			gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", Armed: true, SystemStatus: "active"}},
		{"plane fbwa", &common.MessageHeartbeat{Type: common.MAV_TYPE_FIXED_WING, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA,
			BaseMode: common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, CustomMode: 5, SystemStatus: common.MAV_STATE_CRITICAL},
			gcs.Identity{Type: "fixed_wing", Autopilot: "ardupilot", Mode: "FBWA", SystemStatus: "critical"}},
		{"rover hold", &common.MessageHeartbeat{Type: common.MAV_TYPE_GROUND_ROVER, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA, CustomMode: 4, SystemStatus: common.MAV_STATE_STANDBY},
			gcs.Identity{Type: "ground_rover", Autopilot: "ardupilot", Mode: "HOLD", SystemStatus: "standby"}},
		{"sub surface", &common.MessageHeartbeat{Type: common.MAV_TYPE_SUBMARINE, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA, CustomMode: 9},
			gcs.Identity{Type: "submarine", Autopilot: "ardupilot", Mode: "SURFACE", SystemStatus: "uninit"}},
		{"hexa unknown mode", &common.MessageHeartbeat{Type: common.MAV_TYPE_HEXAROTOR, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA, CustomMode: 99},
			gcs.Identity{Type: "hexarotor", Autopilot: "ardupilot", Mode: "MODE_99", SystemStatus: "uninit"}},
		{"px4 mission", &common.MessageHeartbeat{Type: common.MAV_TYPE_QUADROTOR, Autopilot: common.MAV_AUTOPILOT_PX4,
			BaseMode: common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED | common.MAV_MODE_FLAG_SAFETY_ARMED, CustomMode: 4<<16 | 4<<24, SystemStatus: common.MAV_STATE_ACTIVE},
			gcs.Identity{Type: "quadrotor", Autopilot: "px4", Mode: "AUTO.MISSION", Armed: true, SystemStatus: "active"}},
		{"px4 posctl", &common.MessageHeartbeat{Type: common.MAV_TYPE_QUADROTOR, Autopilot: common.MAV_AUTOPILOT_PX4, CustomMode: 3 << 16},
			gcs.Identity{Type: "quadrotor", Autopilot: "px4", Mode: "POSCTL", SystemStatus: "uninit"}},
		{"generic", &common.MessageHeartbeat{Type: common.MAV_TYPE_QUADROTOR, Autopilot: common.MAV_AUTOPILOT_GENERIC},
			gcs.Identity{Type: "quadrotor", Autopilot: "generic", SystemStatus: "uninit"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, decodeHeartbeat(ca.hb))
		})
	}
}

func TestVehicleHeartbeat(t *testing.T) {
	cases := []struct {
		name string
		typ  common.MAV_TYPE
		ap   common.MAV_AUTOPILOT
		want bool
	}{
		{"copter", common.MAV_TYPE_QUADROTOR, common.MAV_AUTOPILOT_ARDUPILOTMEGA, true},
		{"plane px4", common.MAV_TYPE_FIXED_WING, common.MAV_AUTOPILOT_PX4, true},
		{"gcs", common.MAV_TYPE_GCS, common.MAV_AUTOPILOT_INVALID, false},
		{"gcs claiming autopilot", common.MAV_TYPE_GCS, common.MAV_AUTOPILOT_GENERIC, false},
		{"camera", common.MAV_TYPE_CAMERA, common.MAV_AUTOPILOT_INVALID, false},
		{"gimbal", common.MAV_TYPE_GIMBAL, common.MAV_AUTOPILOT_INVALID, false},
		{"adsb", common.MAV_TYPE_ADSB, common.MAV_AUTOPILOT_INVALID, false},
		{"companion", common.MAV_TYPE_ONBOARD_CONTROLLER, common.MAV_AUTOPILOT_INVALID, false},
		{"tracker", common.MAV_TYPE_ANTENNA_TRACKER, common.MAV_AUTOPILOT_ARDUPILOTMEGA, false},
		{"quad with invalid autopilot", common.MAV_TYPE_QUADROTOR, common.MAV_AUTOPILOT_INVALID, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, isVehicleHeartbeat(&common.MessageHeartbeat{Type: ca.typ, Autopilot: ca.ap}))
		})
	}
}

func TestStatusTextChunks(t *testing.T) {
	at := time.Unix(0, 0)
	var a textAssembler
	long := "PreArm: this is a rather long status text that is s"
	require.Len(t, long[:50], 50)
	_, ok := a.add(&common.MessageStatustext{Severity: 2, Text: long[:50], Id: 7, ChunkSeq: 0}, at)
	require.False(t, ok)
	got, ok := a.add(&common.MessageStatustext{Severity: 2, Text: "plit", Id: 7, ChunkSeq: 1}, at)
	require.True(t, ok)
	require.Equal(t, gcs.StatusText{At: at, Severity: 2, Text: long[:50] + "plit"}, got)
	got, ok = a.add(&common.MessageStatustext{Severity: 6, Text: "plain"}, at)
	require.True(t, ok)
	require.Equal(t, "plain", got.Text)
	_, ok = a.add(&common.MessageStatustext{Severity: 6, Text: "tail", Id: 9, ChunkSeq: 3}, at)
	require.False(t, ok, "a chunk without its start is dropped")
}

func TestSensorListReused(t *testing.T) {
	var c sensorList
	a := c.get(3, 3, 1)
	b := c.get(3, 3, 1)
	require.Equal(t, &a[0], &b[0])
	d := c.get(3, 3, 3)
	require.True(t, d[1].Healthy)
	require.False(t, a[1].Healthy, "lists handed out never change")
}
