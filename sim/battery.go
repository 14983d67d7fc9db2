package sim

import (
	"fmt"
	"math"
	"time"
)

// battery simulates a 3S LiPo: open-circuit voltage falls with charge
// along a LiPo discharge curve,
// and the terminal voltage sags with current through the internal
// resistance.
type battery struct {
	usedMAh float64
	voltage float64 // V at the terminals
	current float64 // A
}

// Battery model constants.
const (
	battCells      = 3
	battResistance = 0.02 // Ω, pack internal resistance
)

// newBattery returns a full battery.
func newBattery() battery { return battery{voltage: battCells * 4.2} }

// remainingPct is the remaining capacity in percent.
func (b *battery) remainingPct(v *vehicle) float64 {
	cap := v.params.get("BATT_CAPACITY")
	if cap <= 0 {
		return 100
	}
	return clamp(100*(1-b.usedMAh/cap), 0, 100)
}

// step drains the battery for dt seconds of what the vehicle is doing.
func (b *battery) step(v *vehicle, dt float64) {
	b.current = v.currentDraw()
	b.usedMAh += b.current * dt / 3.6
	ocv := battCells * cellVoltage(b.remainingPct(v)/100)
	b.voltage = math.Max(ocv-b.current*battResistance, 0)
}

// lipoCurve is a LiPo cell's resting voltage at 0%, 5%, 10%, 20%, ...,
// 100% charge: flat in the middle, steep at both ends.
var lipoCurve = [...]struct{ soc, volts float64 }{
	{0, 3.27}, {0.05, 3.61}, {0.1, 3.69}, {0.2, 3.73}, {0.3, 3.77}, {0.4, 3.79},
	{0.5, 3.82}, {0.6, 3.87}, {0.7, 3.92}, {0.8, 3.98}, {0.9, 4.06}, {1, 4.2},
}

// cellVoltage interpolates the resting voltage of one cell at charge soc (0..1).
func cellVoltage(soc float64) float64 {
	soc = clamp(soc, 0, 1)
	for i := 1; i < len(lipoCurve); i++ {
		a, b := lipoCurve[i-1], lipoCurve[i]
		if soc <= b.soc {
			return a.volts + (b.volts-a.volts)*(soc-a.soc)/(b.soc-a.soc)
		}
	}
	return lipoCurve[len(lipoCurve)-1].volts
}

// currentDraw is the current in amperes: little when idle, most when
// hovering, climbing or flying fast.
func (v *vehicle) currentDraw() float64 {
	s := &v.st
	switch {
	case !s.armed:
		return 0.3
	case s.landed:
		return 1.5
	case v.plane:
		return 8 + 3*math.Max(s.vu, 0)
	}
	return 14 + 4*math.Max(s.vu, 0) - 2*math.Max(-s.vu, 0) + 0.4*math.Hypot(s.vn, s.ve)
}

// battLevelName names failsafe levels as AP_BattMonitor does.
func battLevelName(level int) string {
	if level >= 2 {
		return "critical"
	}
	return "low"
}

// checkBatteryFailsafe raises the battery failsafe level when the voltage
// stays below BATT_LOW_VOLT / BATT_CRT_VOLT for BATT_LOW_TIMER seconds and
// runs BATT_FS_LOW_ACT / BATT_FS_CRT_ACT, as AP_BattMonitor does.
func (v *vehicle) checkBatteryFailsafe(dt float64) {
	level := 0
	volt := v.batt.voltage
	if crt := v.params.get("BATT_CRT_VOLT"); crt > 0 && volt < crt {
		level = 2
	} else if low := v.params.get("BATT_LOW_VOLT"); low > 0 && volt < low {
		level = 1
	}
	if level <= v.fs.battLevel {
		v.fs.battBelow = 0
		return
	}
	v.fs.battBelow += secs(dt)
	if v.fs.battBelow.Seconds() < v.params.get("BATT_LOW_TIMER") {
		return
	}
	v.fs.battLevel, v.fs.battBelow = level, 0
	v.statusText(sevWarning, fmt.Sprintf("Battery 1 is %s %.2fV used %.0f mAh", battLevelName(level), volt, v.batt.usedMAh))
	act := v.params.get("BATT_FS_LOW_ACT")
	if level == 2 {
		act = v.params.get("BATT_FS_CRT_ACT")
	}
	v.batteryAction(int(act))
}

// batteryAction runs a copter battery failsafe action (0 none, 1 land,
// 2 RTL, 3 SmartRTL or RTL, 4 SmartRTL or land, 5 terminate) or a plane one
// (0 none, 1 RTL, 2 land = RTL here, 3 terminate).
func (v *vehicle) batteryAction(act int) {
	if !v.st.armed || act == 0 {
		return
	}
	if v.st.landed {
		v.disarm()
		return
	}
	if v.plane {
		if act == 3 {
			v.cmdTerminate(1)
			return
		}
		v.setMode(planeRTL, "battery")
		return
	}
	switch act {
	case 1, 4:
		v.setMode(copterLand, "battery")
	case 2, 3:
		v.rtlOrLand("battery")
	case 5:
		v.cmdTerminate(1)
	}
}

// secs converts float seconds to a Duration.
func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
