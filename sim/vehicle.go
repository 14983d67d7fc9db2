package sim

import (
	"log/slog"
	"math/rand"
	"sync"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// state is the simulated truth of one vehicle. Positions are degrees and
// metres AMSL; velocities are north/east/up in m/s.
type state struct {
	lat, lon, alt float64
	ground        float64 // ground (or quay) height AMSL under the vehicle
	vn, ve, vu    float64
	yaw           float64 // rad, 0 = north, clockwise
	roll, pitch   float64 // rad
	airspeed      float64 // plane
	armed         bool
	landed        bool
	mode          uint32
	terminated    bool // flight termination: falling

	homeSet                   bool
	homeLat, homeLon, homeAlt float64

	hasTarget              bool // copter position target (GUIDED, LOITER...)
	tgtLat, tgtLon, tgtAlt float64
	rtlPhase               int // 0 climb, 1 return, 2 land

	circleCenterSet      bool
	circleLat, circleLon float64
	circleAngle          float64

	loiterLat, loiterLon, loiterAlt float64 // plane loiter centre

	landedFor time.Duration // time spent landed while armed (auto-disarm)
	throttle  float64       // 0..1, for VFR_HUD and battery

	speedOverride float64 // m/s from DO_CHANGE_SPEED / DO_REPOSITION, 0 = parameter

	rtlLat, rtlLon, rtlAlt float64 // RTL destination (home or rally) and least altitude AMSL
}

// vehicle is one simulated autopilot. mu guards every field below it; the
// scheduler shard that steps the vehicle and the socket readers that deliver
// its messages both take it.
type vehicle struct {
	sim     *Sim
	index   int
	link    *link
	sysid   uint8
	plane   bool
	log     *slog.Logger
	baseLat float64
	baseLon float64
	baseAlt float64

	mu      sync.Mutex
	st      state
	params  params
	pstream paramStream // a PARAM_REQUEST_LIST being answered
	streams streamSet
	eps     []*endpoint
	bootAt  time.Duration // sim time of the last boot
	t       time.Duration // sim time this vehicle has been stepped to
	batt    battery
	gps     gpsState
	fs      failsafes
	gust    gust
	rng     *rand.Rand // physics randomness (gusts), seeded
	buf     []byte     // frame encoding buffer
	store   stores     // mission, fence and rally items (persist across reboots)
	auto    autoState  // mission executor
	fence   fenceState // fence breaches
	push    pushDrift  // pending Push disturbance

	cam *vehicleCamera // camera and gimbal components; nil without a camera
}

// VehicleInfo is a snapshot of one vehicle for tests and the CLI.
type VehicleInfo struct {
	Index    int     // position in Sim.Vehicles()
	Link     int     // link index
	Paths    int     // number of paths of the link
	SystemID uint8   // MAVLink system id (unique within the link)
	Lat      float64 // degrees
	Lon      float64 // degrees
	AltAMSL  float64 // metres above mean sea level
	RelAlt   float64 // metres above home
	Mode     string  // ArduPilot mode name, e.g. "GUIDED"
	Armed    bool
	Battery  float64 // remaining, percent
	Landed   bool
	GPSFix   bool // 3D fix present
}

// info returns a snapshot; the caller holds no lock.
func (v *vehicle) info() VehicleInfo {
	v.mu.Lock()
	defer v.mu.Unlock()
	return VehicleInfo{
		Index: v.index, Link: v.link.idx, Paths: len(v.link.paths), SystemID: v.sysid,
		Lat: v.st.lat, Lon: v.st.lon, AltAMSL: v.st.alt, RelAlt: v.st.alt - v.st.homeAlt,
		Mode: v.modeName(), Armed: v.st.armed, Battery: v.batt.remainingPct(v),
		Landed: v.st.landed, GPSFix: v.gpsOK(),
	}
}

// boot (re)initialises the vehicle on the ground at its base, disarmed, as
// after power-on: sequence numbers restart at 0 and boot texts are sent.
// Parameters persist across reboots, as ArduPilot's do.
func (v *vehicle) boot(now time.Duration) {
	v.bootAt = now
	v.t = now
	v.st = state{lat: v.baseLat, lon: v.baseLon, alt: v.baseAlt, ground: v.baseAlt, landed: true}
	v.st.yaw = float64(v.index%8) * 0.785
	if v.plane {
		v.st.mode = planeManual
	} else {
		v.st.mode = copterStabilize
	}
	v.batt = newBattery()
	v.gps = gpsState{}
	v.fs = failsafes{}
	v.auto, v.fence, v.push = autoState{}, fenceState{}, pushDrift{}
	v.store.xfer = [3]transfer{}
	v.pstream = paramStream{}
	v.streams = newStreamSet(v.sim.cfg.StreamHz, v.sim.cfg.PoseHz, now)
	for _, ep := range v.eps {
		ep.seq = 0
	}
	v.setHome()
	v.bootTexts()
}

// bootTexts sends the STATUSTEXT lines ArduPilot prints at boot.
func (v *vehicle) bootTexts() {
	if v.plane {
		v.statusText(sevInfo, "ArduPlane V4.5.7 (2a3dc4b7)")
	} else {
		v.statusText(sevInfo, "ArduCopter V4.5.7 (2a3dc4b7)")
		v.statusText(sevInfo, "Frame: QUAD/X")
	}
	v.statusText(sevInfo, "skerry-sim")
}

// setHome sets home to the current position and sends HOME_POSITION.
func (v *vehicle) setHome() {
	v.st.homeSet = true
	v.st.homeLat, v.st.homeLon, v.st.homeAlt = v.st.lat, v.st.lon, v.st.alt
	v.send(v.msgHomePosition())
}

// bootMs is the time since boot in milliseconds of simulated time.
func (v *vehicle) bootMs() uint32 { return uint32((v.t - v.bootAt) / time.Millisecond) }

// relAlt is the altitude above home in metres.
func (v *vehicle) relAlt() float64 { return v.st.alt - v.st.homeAlt }

// agl is the height above the ground under the vehicle.
func (v *vehicle) agl() float64 { return v.st.alt - v.st.ground }

// MAV_SEVERITY shorthands.
const (
	sevCritical = common.MAV_SEVERITY_CRITICAL
	sevWarning  = common.MAV_SEVERITY_WARNING
	sevInfo     = common.MAV_SEVERITY_INFO
)

// statusText sends a STATUSTEXT (ArduPilot wording is kept by callers).
func (v *vehicle) statusText(sev common.MAV_SEVERITY, text string) {
	if len(text) > 50 {
		text = text[:50]
	}
	v.send(&common.MessageStatustext{Severity: sev, Text: text})
}
