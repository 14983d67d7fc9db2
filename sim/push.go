package sim

import "time"

// pushDuration is how long a Push drifts the vehicle.
const pushDuration = 3 * time.Second

// pushDrift is a pending disturbance in m/s north/east.
type pushDrift struct {
	vn, ve float64
	left   time.Duration
}

// Push disturbs vehicle i as a strong gust would: it drifts northM/eastM
// metres over 3 s of simulated time on top of its own motion (no teleport).
// The flight controller resists as it resists wind, so a vehicle holding
// position ends up displaced by less. Used to cause fence breaches without
// the station commanding one.
func (s *Sim) Push(i int, northM, eastM float64) {
	v := s.vehicles[i]
	v.mu.Lock()
	defer v.mu.Unlock()
	sec := pushDuration.Seconds()
	v.push = pushDrift{vn: northM / sec, ve: eastM / sec, left: pushDuration}
}

// applyPush moves the vehicle by the pending drift for one step.
func (v *vehicle) applyPush(dt float64) {
	p := &v.push
	if p.left <= 0 || !v.st.armed || v.st.landed {
		return
	}
	v.st.lat, v.st.lon = offsetLatLon(v.st.lat, v.st.lon, p.vn*dt, p.ve*dt)
	p.left -= secs(dt)
}
