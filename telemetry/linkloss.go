package telemetry

import (
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// linkUpdatePeriod paces the periodic LinkUpdate carrying rate and loss.
const linkUpdatePeriod = time.Second

// tick runs on the session goroutine every tickPeriod: link loss, periodic
// link status, command and parameter deadlines, recorder flushes.
func (s *Station) tick(now time.Time) {
	for _, v := range s.vehicles {
		s.checkVehicle(v, now)
	}
	s.checkCommands(now)
	s.checkParams(now)
	s.checkFetches(now)
	s.checkTransfers(now)
	if now.Sub(s.lastTick) >= time.Second {
		s.lastTick = now
		for _, l := range s.links {
			if l.rec != nil {
				if err := l.rec.flush(); err != nil {
					l.errLog.log(s.Log, now, "writing tlog", "link", l.name, "err", err)
				}
			}
		}
	}
}

// checkVehicle declares silent paths down, fails over to the freshest
// healthy path, declares the vehicle lost when none is left, and sends a
// LinkUpdate on any change and about once a second.
func (s *Station) checkVehicle(v *vehicle, now time.Time) {
	changed := false
	for i := range v.paths {
		p := &v.paths[i]
		if p.up && now.Sub(p.lastSeen) >= s.LinkTimeout {
			p.up, changed = false, true
			s.Log.Info("path lost", "vehicle", v.id, "link", p.l.name, "remote", p.remote)
		}
		if p.cand != nil && now.Sub(p.candSeen) >= s.LinkTimeout {
			p.cand = nil
			if v.conflict != "" {
				v.conflict = ""
				s.emit(v, now, gcs.ConflictUpdate{})
			}
		}
	}
	if v.active >= 0 && !v.paths[v.active].up {
		v.active, changed = bestPath(v), true
	}
	if !v.lost && v.found && v.active < 0 {
		v.lost, changed = true, true
		s.Log.Warn("vehicle link lost", "vehicle", v.id)
		s.failVehicle(v, gcs.ErrLinkLost)
	}
	if changed || (!v.lost && now.Sub(v.lastLink) >= linkUpdatePeriod) {
		s.emitLink(v, now)
	}
}

// bestPath picks the most recently heard healthy path, -1 if none.
func bestPath(v *vehicle) int {
	best := -1
	for i := range v.paths {
		if v.paths[i].up && (best < 0 || v.paths[i].lastSeen.After(v.paths[best].lastSeen)) {
			best = i
		}
	}
	return best
}

// emitLink sends the vehicle's path status, closing the rate/loss window
// when it is long enough to say something.
func (s *Station) emitLink(v *vehicle, now time.Time) {
	if el := now.Sub(v.winStart).Seconds(); el >= 0.5 {
		for i := range v.paths {
			p := &v.paths[i]
			p.rate = float64(p.rx) / el
			p.loss = 0
			if n := p.rx + p.lost; n > 0 {
				p.loss = float64(p.lost) / float64(n)
			}
			p.rx, p.lost = 0, 0
		}
		v.winStart = now
	}
	paths := make([]gcs.PathStatus, len(v.paths))
	for i := range v.paths {
		p := &v.paths[i]
		paths[i] = gcs.PathStatus{
			Link: p.l.name, Remote: p.remote, Up: p.up, Active: i == v.active,
			LastSeen: p.lastSeen, Loss: p.loss, Rate: p.rate,
		}
	}
	v.lastLink = now
	s.emit(v, now, gcs.LinkUpdate{Paths: paths, Lost: v.lost})
}

// discover asks a newly found (or found again) vehicle for its firmware
// version, home position and telemetry streams. Replies are not awaited.
func (s *Station) discover(v *vehicle) {
	if v.paths[v.active].l.replay != nil {
		return
	}
	req := func(id float32) {
		s.send(v, &common.MessageCommandLong{Command: common.MAV_CMD_REQUEST_MESSAGE, Param1: id})
	}
	interval := func(id, hz float32) {
		s.send(v, &common.MessageCommandLong{
			Command: common.MAV_CMD_SET_MESSAGE_INTERVAL, Param1: id, Param2: 1e6 / hz,
		})
	}
	req(148) // AUTOPILOT_VERSION
	req(242) // HOME_POSITION
	// EXTENDED_SYS_STATE (the landed state) is in none of ArduPilot's
	// stream groups: it comes only when asked for by id, whatever the
	// stream rates. Without it "on the ground" is never known.
	interval(245, landedStateHz)
	if s.StreamRate < 0 {
		return
	}
	if v.hb.Autopilot == common.MAV_AUTOPILOT_PX4 {
		for _, id := range []float32{1, 24, 30, 33, 74, 147} {
			interval(id, float32(s.StreamRate))
		}
		return
	}
	s.send(v, &common.MessageRequestDataStream{
		ReqStreamId: common.MAV_DATA_STREAM_ALL, ReqMessageRate: uint16(min(s.StreamRate, math.MaxUint16)), StartStop: 1,
	})
}

// landedStateHz is the rate EXTENDED_SYS_STATE is asked for.
const landedStateHz = 2
