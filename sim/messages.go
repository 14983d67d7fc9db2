package sim

import (
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
)

// buildMessage returns the current value of a message the vehicle can
// send, or nil.
func (v *vehicle) buildMessage(id uint32) message.Message {
	switch id {
	case 0:
		return v.msgHeartbeat()
	case 1:
		return v.msgSysStatus()
	case 2:
		return &common.MessageSystemTime{TimeUnixUsec: uint64(v.sim.start.Add(v.t).UnixMicro()), TimeBootMs: v.bootMs()}
	case 24:
		return v.msgGPSRaw()
	case 30:
		return &common.MessageAttitude{TimeBootMs: v.bootMs(), Roll: float32(v.st.roll), Pitch: float32(v.st.pitch), Yaw: float32(wrapPi(v.st.yaw))}
	case 33:
		return v.msgGlobalPosition()
	case 74:
		return v.msgVFRHUD()
	case 147:
		return v.msgBatteryStatus()
	case 148:
		return v.msgAutopilotVersion()
	case 168:
		return v.msgWind()
	case 242:
		return v.msgHomePosition()
	case 245:
		return &common.MessageExtendedSysState{LandedState: v.landedState()}
	case 42:
		return v.msgMissionCurrent()
	case 162:
		if !v.fenceOn() {
			return nil
		}
		return v.msgFenceStatus()
	}
	return nil
}

// msgHeartbeat is ArduPilot's HEARTBEAT.
func (v *vehicle) msgHeartbeat() *common.MessageHeartbeat {
	typ := common.MAV_TYPE_QUADROTOR
	if v.plane {
		typ = common.MAV_TYPE_FIXED_WING
	}
	base := common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED | common.MAV_MODE_FLAG_STABILIZE_ENABLED | common.MAV_MODE_FLAG_MANUAL_INPUT_ENABLED
	if v.modes()[v.st.mode].needsGPS {
		base |= common.MAV_MODE_FLAG_GUIDED_ENABLED
	}
	if v.st.armed {
		base |= common.MAV_MODE_FLAG_SAFETY_ARMED
	}
	status := common.MAV_STATE_ACTIVE
	if v.st.landed {
		status = common.MAV_STATE_STANDBY
	}
	if v.fs.gcsActive || v.fs.battLevel > 0 || v.fs.ekfActive {
		status = common.MAV_STATE_CRITICAL
	}
	return &common.MessageHeartbeat{Type: typ, Autopilot: common.MAV_AUTOPILOT_ARDUPILOTMEGA,
		BaseMode: base, CustomMode: v.st.mode, SystemStatus: status, MavlinkVersion: 3}
}

// sensorsPresent are the SYS_STATUS sensors an ArduPilot vehicle reports.
const sensorsPresent = common.MAV_SYS_STATUS_SENSOR_3D_GYRO | common.MAV_SYS_STATUS_SENSOR_3D_ACCEL |
	common.MAV_SYS_STATUS_SENSOR_3D_MAG | common.MAV_SYS_STATUS_SENSOR_ABSOLUTE_PRESSURE |
	common.MAV_SYS_STATUS_SENSOR_GPS | common.MAV_SYS_STATUS_SENSOR_ANGULAR_RATE_CONTROL |
	common.MAV_SYS_STATUS_SENSOR_ATTITUDE_STABILIZATION | common.MAV_SYS_STATUS_SENSOR_YAW_POSITION |
	common.MAV_SYS_STATUS_SENSOR_Z_ALTITUDE_CONTROL | common.MAV_SYS_STATUS_SENSOR_XY_POSITION_CONTROL |
	common.MAV_SYS_STATUS_SENSOR_MOTOR_OUTPUTS | common.MAV_SYS_STATUS_SENSOR_BATTERY |
	common.MAV_SYS_STATUS_AHRS | common.MAV_SYS_STATUS_PREARM_CHECK

// msgSysStatus reports sensors, pre-arm state and battery.
func (v *vehicle) msgSysStatus() *common.MessageSysStatus {
	health := sensorsPresent
	if !v.gpsOK() {
		health &^= common.MAV_SYS_STATUS_SENSOR_GPS
	}
	if v.fs.battLevel > 0 {
		health &^= common.MAV_SYS_STATUS_SENSOR_BATTERY
	}
	if !v.prearmOK() {
		health &^= common.MAV_SYS_STATUS_PREARM_CHECK
	}
	return &common.MessageSysStatus{
		OnboardControlSensorsPresent: sensorsPresent, OnboardControlSensorsEnabled: sensorsPresent,
		OnboardControlSensorsHealth: health, Load: 150,
		VoltageBattery: uint16(v.batt.voltage * 1000), CurrentBattery: int16(v.batt.current * 100),
		BatteryRemaining: int8(math.Round(v.batt.remainingPct(v))),
	}
}

// msgGPSRaw reports the simulated GPS (fix 3D, or no fix during GPSLoss).
func (v *vehicle) msgGPSRaw() *common.MessageGpsRawInt {
	s := &v.st
	m := &common.MessageGpsRawInt{TimeUsec: uint64(v.t / time.Microsecond), FixType: common.GPS_FIX_TYPE_NO_FIX,
		Eph: 65535, Epv: 65535, Vel: 65535, Cog: 65535}
	if !v.gpsOK() {
		return m
	}
	m.FixType = common.GPS_FIX_TYPE_3D_FIX
	m.Lat, m.Lon, m.Alt = degE7(s.lat), degE7(s.lon), int32(s.alt*1000)
	m.Eph, m.Epv, m.SatellitesVisible = 121, 200, 10
	vn, ve := v.groundVel()
	m.Vel = uint16(math.Min(math.Hypot(vn, ve)*100, 65534))
	m.Cog = uint16(wrap2Pi(math.Atan2(ve, vn)) * 18000 / math.Pi)
	m.HAcc, m.VAcc, m.VelAcc = 300, 500, 100
	return m
}

// msgGlobalPosition is the fused position (vz positive down).
func (v *vehicle) msgGlobalPosition() *common.MessageGlobalPositionInt {
	s := &v.st
	vn, ve := v.groundVel()
	return &common.MessageGlobalPositionInt{TimeBootMs: v.bootMs(), Lat: degE7(s.lat), Lon: degE7(s.lon),
		Alt: int32(s.alt * 1000), RelativeAlt: int32(v.relAlt() * 1000),
		Vx: cms16(vn), Vy: cms16(ve), Vz: cms16(-s.vu),
		Hdg: uint16(wrap2Pi(s.yaw) * 18000 / math.Pi)}
}

// msgVFRHUD is the HUD summary.
func (v *vehicle) msgVFRHUD() *common.MessageVfrHud {
	s := &v.st
	gs := math.Hypot(v.groundVel())
	as := gs
	if v.plane {
		as = s.airspeed
	}
	return &common.MessageVfrHud{Airspeed: float32(as), Groundspeed: float32(gs),
		Heading: int16(wrap2Pi(s.yaw) * 180 / math.Pi), Throttle: uint16(s.throttle * 100),
		Alt: float32(s.alt), Climb: float32(s.vu)}
}

// msgBatteryStatus reports the battery of a BATT_MONITOR=4 (analog) sensor.
func (v *vehicle) msgBatteryStatus() *common.MessageBatteryStatus {
	m := &common.MessageBatteryStatus{BatteryFunction: common.MAV_BATTERY_FUNCTION_ALL,
		Type: common.MAV_BATTERY_TYPE_LIPO, Temperature: math.MaxInt16,
		CurrentBattery: int16(v.batt.current * 100), CurrentConsumed: int32(v.batt.usedMAh),
		EnergyConsumed: -1, BatteryRemaining: int8(math.Round(v.batt.remainingPct(v))),
		ChargeState: common.MAV_BATTERY_CHARGE_STATE_OK}
	for i := range m.Voltages {
		m.Voltages[i] = math.MaxUint16
	}
	m.Voltages[0] = uint16(v.batt.voltage * 1000)
	switch v.fs.battLevel {
	case 1:
		m.ChargeState = common.MAV_BATTERY_CHARGE_STATE_LOW
	case 2:
		m.ChargeState = common.MAV_BATTERY_CHARGE_STATE_CRITICAL
	}
	return m
}

// msgWind reports the wind the vehicle estimates (ardupilotmega WIND).
func (v *vehicle) msgWind() *ardupilotmega.MessageWind {
	wn, we := v.windNE()
	from := wrap2Pi(math.Atan2(-we, -wn)) * 180 / math.Pi
	return &ardupilotmega.MessageWind{Direction: float32(from), Speed: float32(math.Hypot(wn, we))}
}

// msgHomePosition reports home.
func (v *vehicle) msgHomePosition() *common.MessageHomePosition {
	s := &v.st
	return &common.MessageHomePosition{Latitude: degE7(s.homeLat), Longitude: degE7(s.homeLon),
		Altitude: int32(s.homeAlt * 1000), Q: [4]float32{1, 0, 0, 0}, TimeUsec: uint64(v.t / time.Microsecond)}
}

// msgAutopilotVersion identifies the firmware as ArduPilot 4.5.7 official.
func (v *vehicle) msgAutopilotVersion() *common.MessageAutopilotVersion {
	caps := common.MAV_PROTOCOL_CAPABILITY_MAVLINK2 | common.MAV_PROTOCOL_CAPABILITY_PARAM_FLOAT |
		common.MAV_PROTOCOL_CAPABILITY_MISSION_INT | common.MAV_PROTOCOL_CAPABILITY_COMMAND_INT |
		common.MAV_PROTOCOL_CAPABILITY_SET_POSITION_TARGET_GLOBAL_INT | common.MAV_PROTOCOL_CAPABILITY_FLIGHT_TERMINATION
	return &common.MessageAutopilotVersion{Capabilities: caps, FlightSwVersion: 4<<24 | 5<<16 | 7<<8 | 255,
		Uid: uint64(v.link.idx)<<8 | uint64(v.sysid)}
}

// landedState maps the state to MAV_LANDED_STATE.
func (v *vehicle) landedState() common.MAV_LANDED_STATE {
	s := &v.st
	info := v.modes()[s.mode]
	switch {
	case s.landed:
		return common.MAV_LANDED_STATE_ON_GROUND
	case info.landing || (info.returning && s.rtlPhase == 2 && !v.plane):
		return common.MAV_LANDED_STATE_LANDING
	case s.vu > 0.3 && v.agl() < 5:
		return common.MAV_LANDED_STATE_TAKEOFF
	}
	return common.MAV_LANDED_STATE_IN_AIR
}

// groundVel is the velocity over the ground, north and east in m/s: the
// vehicle's own plus any Push drift, as GPS would measure it.
func (v *vehicle) groundVel() (float64, float64) {
	vn, ve := v.st.vn, v.st.ve
	if p := v.push; p.left > 0 && v.st.armed && !v.st.landed {
		vn, ve = vn+p.vn, ve+p.ve
	}
	return vn, ve
}

// cms16 converts m/s to MAVLink's int16 cm/s, saturating instead of
// wrapping.
func cms16(ms float64) int16 {
	return int16(math.Max(math.Min(ms*100, math.MaxInt16), math.MinInt16))
}
