package telemetry

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/gcs"
)

type evKind uint8

const (
	evFrame evKind = iota
	evOpen
	evClose
)

// inEvent is what link goroutines hand to the session goroutine.
type inEvent struct {
	l    *link
	ch   *gomavlib.Channel // nil on replay links
	fr   frame.Frame
	kind evKind
}

// vkey identifies a vehicle: its link group and system id.
type vkey struct {
	group int
	sysid uint8
}

// vehicle is one vehicle's session, owned by the session goroutine.
type vehicle struct {
	id        gcs.VehicleID
	key       vkey
	groupName string
	compid    uint8 // the autopilot component
	hb        common.MessageHeartbeat
	paths     []path
	active    int // index of the path commands go on; -1 none
	found     bool
	lost      bool
	winStart  time.Time // start of the rate/loss window
	lastLink  time.Time // last LinkUpdate
	dec       decodeState
	missionAt int // seq of the current mission item, -1 unknown
	text      textAssembler
	lastWarn  gcs.StatusText // last text of severity warning or worse
	conflict  string
	rejected  uint64 // updates refused as impossible
	altAMSL   float64
	altRel    float64
	homeAMSL  float64
	homeLat   float64
	homeLon   float64
	hasHome   bool
	ptab      ptable            // parameters (paramtable.go)
	cams      map[uint8]*camera // camera components (camera.go)
}

// path is one link's route to a vehicle.
type path struct {
	l        *link
	ch       *gomavlib.Channel // the remote this vehicle is bound to on the link
	remote   string
	up       bool
	lastSeen time.Time
	seq      [256]uint16 // per component: last sequence number + 1, 0 = none yet
	rx, lost uint32      // frames received and missed in the current window
	rate     float64
	loss     float64

	// a second remote sending this system id's autopilot heartbeat
	cand       *gomavlib.Channel
	candRemote string
	candHB     int
	candSeen   time.Time
	boundHB    bool // the bound remote sent a heartbeat since cand appeared
}

func remoteOf(l *link, ch *gomavlib.Channel) string {
	if ch == nil {
		return "tlog:" + l.addr
	}
	lbl := ch.String()
	if _, rest, ok := strings.Cut(lbl, ":"); ok {
		return rest
	}
	return lbl
}

func (s *Station) handle(ev inEvent) {
	switch ev.kind {
	case evFrame:
		s.handleFrame(ev.l, ev.ch, ev.fr, s.Now())
	case evClose:
		for _, v := range s.vehicles {
			if v.key.group != ev.l.group {
				continue
			}
			p := &v.paths[ev.l.pathIdx]
			if p.ch == ev.ch {
				p.ch = nil // a reconnect may bind the next remote at once
			}
			if p.cand == ev.ch {
				p.cand = nil
			}
		}
	}
}

// handleFrame routes one received frame to its vehicle session.
func (s *Station) handleFrame(l *link, ch *gomavlib.Channel, fr frame.Frame, now time.Time) {
	sysid := fr.GetSystemID()
	switch {
	case sysid == 255 && l.replay != nil:
		return // the recording station's own frames
	case sysid == 0:
		l.counters.sysid0.Add(1) // the broadcast address: no aircraft sends as it
		return
	}
	msg := fr.GetMessage()
	hb, isHB := msg.(*common.MessageHeartbeat)
	compid := fr.GetComponentID()
	cameraSide := isCameraComp(compid) || isGimbalComp(compid)
	isVehHB := isHB && isVehicleHeartbeat(hb) && !cameraSide
	v := s.vehicles[vkey{l.group, sysid}]
	if v == nil {
		if !isVehHB {
			return // only an autopilot's heartbeat makes a vehicle
		}
		v = s.newVehicle(l, fr, hb, now)
	}
	if cameraSide && compid != v.compid {
		s.cameraFrame(v, l, ch, fr, now)
		return
	}
	p := &v.paths[l.pathIdx]
	apHB := isVehHB && fr.GetComponentID() == v.compid
	if !s.bind(v, p, ch, apHB, now) {
		return
	}
	s.seePath(v, p, fr, now)
	if l.pathIdx != v.active {
		s.handleReply(v, msg, now) // duplicates of the active path's traffic
		return
	}
	s.decode(v, fr.GetComponentID(), msg, now)
}

func (s *Station) newVehicle(l *link, fr frame.Frame, hb *common.MessageHeartbeat, now time.Time) *vehicle {
	n := 0
	for _, o := range s.links {
		if o.group == l.group {
			n++
		}
	}
	v := &vehicle{
		id:        gcs.VehicleID(l.groupName + "-" + strconv.Itoa(int(fr.GetSystemID()))),
		key:       vkey{l.group, fr.GetSystemID()},
		groupName: l.groupName,
		compid:    fr.GetComponentID(),
		hb:        *hb,
		paths:     make([]path, n),
		active:    -1,
		missionAt: -1,
		winStart:  now,
	}
	for _, o := range s.links {
		if o.group == l.group {
			v.paths[o.pathIdx].l = o
		}
	}
	s.vehicles[v.key] = v
	s.byID[v.id] = v
	s.Log.Info("vehicle found", "vehicle", v.id, "link", l.name)
	s.emit(v, now, decodeHeartbeat(hb)) // the first observation is an Identity
	return v
}

// bind decides whether a frame's remote is this vehicle's remote on the
// link. A new remote replaces a silent one (the vehicle reconnected from
// another port); two remotes alive at once with the same system id are a
// conflict: reported, and the first one is kept.
func (s *Station) bind(v *vehicle, p *path, ch *gomavlib.Channel, apHB bool, now time.Time) bool {
	if p.ch == ch && (ch != nil || p.remote != "") {
		if apHB && p.cand != nil {
			p.boundHB = true
		}
		return true
	}
	if p.ch == nil {
		p.ch, p.remote, p.cand = ch, remoteOf(p.l, ch), nil
		return true
	}
	if !apHB {
		return false
	}
	if p.cand != ch {
		p.cand, p.candRemote, p.candHB, p.boundHB = ch, remoteOf(p.l, ch), 0, false
	}
	p.candHB++
	p.candSeen = now
	if p.boundHB {
		s.reportConflict(v, p, now)
		return false
	}
	if p.candHB >= 2 || now.Sub(p.lastSeen) >= s.LinkTimeout {
		s.Log.Info("vehicle moved", "vehicle", v.id, "from", p.remote, "to", p.candRemote)
		p.ch, p.remote, p.cand = ch, p.candRemote, nil
		return true
	}
	return false
}

func (s *Station) reportConflict(v *vehicle, p *path, now time.Time) {
	detail := fmt.Sprintf("system id %d on link %s is used by %s and %s", v.key.sysid, p.l.name, p.remote, p.candRemote)
	s.conflLog.log(s.Log, now, "two vehicles share a system id", "vehicle", v.id, "detail", detail)
	if v.conflict == "" {
		v.conflict = detail
		s.emit(v, now, gcs.ConflictUpdate{Detail: detail})
	}
}

// seePath updates a path's liveness and sequence-loss accounting.
func (s *Station) seePath(v *vehicle, p *path, fr frame.Frame, now time.Time) {
	p.lastSeen = now
	c, seq := fr.GetComponentID(), fr.GetSequenceNumber()
	if last := p.seq[c]; last != 0 {
		if gap := seq - uint8(last-1) - 1; gap < 128 { // larger: reordered or restarted
			p.lost += uint32(gap)
		}
	}
	p.seq[c] = uint16(seq) + 1
	p.rx++
	changed := !p.up
	p.up = true
	if v.active < 0 || !v.paths[v.active].up || now.Sub(v.paths[v.active].lastSeen) > s.LinkTimeout/3 {
		// Fail over as soon as the active path goes quiet while this one
		// talks, so telemetry keeps flowing; the path is declared down
		// (and alerted) only after LinkTimeout.
		changed = changed || v.active != p.l.pathIdx
		v.active = p.l.pathIdx
	}
	if !v.found || v.lost {
		if v.lost {
			s.Log.Info("vehicle link regained", "vehicle", v.id)
		}
		v.found, v.lost, changed = true, false, true
		s.discover(v)
	}
	if changed {
		s.emitLink(v, now)
	}
}

// decode turns a message from the vehicle's active path into observations.
func (s *Station) decode(v *vehicle, compid uint8, msg message.Message, now time.Time) {
	switch m := msg.(type) {
	case *common.MessageHeartbeat:
		if compid == v.compid && isVehicleHeartbeat(m) {
			v.hb = *m
			s.emit(v, now, decodeHeartbeat(m))
		}
	case *common.MessageStatustext:
		if t, ok := v.text.add(m, now); ok {
			if t.Severity <= int(common.MAV_SEVERITY_WARNING) {
				v.lastWarn = t
			}
			s.emit(v, now, gcs.TextUpdate{Text: t})
			s.textArrived(v, t)
		}
	case *common.MessageCommandAck, *common.MessageParamValue:
		s.handleReply(v, msg, now)
	case *common.MessageAisVessel: // from the autopilot or an AIS receiver component
		s.onAISVessel(v, m, now)
	case *common.MessageGimbalDeviceAttitudeStatus: // ArduPilot's mount reports as the autopilot
		if compid == v.compid {
			s.emit(v, now, decodeGimbal(m, compid, now))
		}
	case *common.MessageMissionRequestInt, *common.MessageMissionRequest, *common.MessageMissionCount,
		*common.MessageMissionItemInt, *common.MessageMissionItem, *common.MessageMissionAck:
		if compid == v.compid {
			s.onMissionMsg(v, msg, now)
		}
	default:
		if compid != v.compid {
			return
		}
		u, ok := decodeTelemetry(msg, &v.dec, now)
		if !ok || noFix(u) {
			return
		}
		if why := implausible(u); why != "" {
			v.rejected++
			s.emit(v, now, gcs.RejectedUpdate{Count: v.rejected, Last: why})
			return
		}
		switch m := msg.(type) {
		case *common.MessageGlobalPositionInt:
			v.altAMSL, v.altRel = float64(m.Alt)/1000, float64(m.RelativeAlt)/1000
		case *common.MessageHomePosition:
			v.homeAMSL, v.hasHome = float64(m.Altitude)/1000, true
			v.homeLat, v.homeLon = degE7(m.Latitude), degE7(m.Longitude)
		case *common.MessageMissionCurrent:
			v.missionAt = int(m.Seq)
		}
		s.emit(v, now, u)
	}
}

// handleReply passes acknowledgements and parameter values to waiters.
func (s *Station) handleReply(v *vehicle, msg message.Message, now time.Time) {
	switch m := msg.(type) {
	case *common.MessageCommandAck:
		s.onAck(v, m, now)
	case *common.MessageParamValue:
		s.onParam(v, m, now)
	}
}

func (s *Station) emit(v *vehicle, now time.Time, u gcs.Update) {
	s.Sink(gcs.Observation{Vehicle: v.id, Link: v.groupName, SystemID: v.key.sysid, At: now, Update: u})
}

// send writes a message to the vehicle on its active path, addressed to
// it (see address).
func (s *Station) send(v *vehicle, msg message.Message) bool {
	if v.active < 0 {
		return false
	}
	p := &v.paths[v.active]
	if p.ch == nil || p.l.node == nil {
		return false
	}
	address(msg, v.key.sysid, v.compid)
	return p.l.node.WriteMessageTo(p.ch, msg) == nil
}
