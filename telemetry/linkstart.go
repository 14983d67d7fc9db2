package telemetry

// Opening the links: naming and grouping them, starting each gomavlib
// node and draining its events into the station.

import (
	"fmt"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
)

// planLinks names links, checks them and forms redundancy groups.
func (s *Station) planLinks() error {
	byName := map[string]int{}
	for i, c := range s.Links {
		l := &link{idx: i, name: c.Name, group: i, errLog: limiter{period: time.Second}}
		if l.name == "" {
			l.name = fmt.Sprintf("l%d", i+1)
		}
		if !linkName.MatchString(l.name) {
			return fmt.Errorf("telemetry: link name %q is not URL-safe", l.name)
		}
		if _, dup := byName[l.name]; dup {
			return fmt.Errorf("telemetry: link name %q used twice", l.name)
		}
		var err error
		if l.kind, l.addr, l.query, err = parseLinkURL(c.URL); err != nil {
			return err
		}
		byName[l.name] = i
		s.links = append(s.links, l)
	}
	parent := make([]int, len(s.links))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for i, c := range s.Links {
		if c.RedundantWith == "" {
			continue
		}
		j, ok := byName[c.RedundantWith]
		if !ok || j == i {
			return fmt.Errorf("telemetry: link %s: RedundantWith %q is not another link", s.links[i].name, c.RedundantWith)
		}
		a, b := find(i), find(j)
		parent[max(a, b)] = min(a, b)
	}
	size := map[int]int{}
	for _, l := range s.links {
		l.group = find(l.idx) // the smallest index of the group is its root
		l.groupName = s.links[l.group].name
		l.pathIdx = size[l.group]
		size[l.group]++
	}
	return nil
}

func (s *Station) openLink(l *link) error {
	var err error
	if s.RecordDir != "" && l.kind != "tlog" {
		if l.rec, err = newRecorder(s.RecordDir, l.name, s.Now(), s.dialectRW); err != nil {
			return err
		}
	}
	if l.kind == "tlog" {
		l.local = l.addr
		l.replay, err = newReplayer(l, s.dialectRW)
		return err
	}
	ep, err := s.endpoint(l)
	if err != nil {
		return err
	}
	l.node = &gomavlib.Node{
		Endpoints:              []gomavlib.EndpointConf{ep},
		Dialect:                ardupilotmega.Dialect,
		OutVersion:             gomavlib.V2,
		OutSystemID:            255,
		OutComponentID:         190, // MAV_COMP_ID_MISSIONPLANNER, as QGC
		HeartbeatPeriod:        s.HeartbeatPeriod,
		HeartbeatSystemType:    6, // MAV_TYPE_GCS
		HeartbeatAutopilotType: 8, // MAV_AUTOPILOT_INVALID
	}
	return l.node.Initialize()
}

// startLink starts the goroutine that drains a link into the session
// goroutine.
func (s *Station) startLink(l *link) {
	s.wg.Add(1)
	if l.replay != nil {
		go func() {
			defer s.wg.Done()
			// a replay waits for the session goroutine instead of dropping
			l.replay.run(l, s.done, func(fr frame.Frame) { s.pushWait(inEvent{l: l, fr: fr}) })
		}()
		return
	}
	go func() {
		defer s.wg.Done()
		s.drain(l)
	}()
}

// drain reads a node's (unbuffered) event channel in one tight loop and
// hands frames off to the bounded session queue, dropping (and counting)
// when it is full so that no link ever stalls the others.
func (s *Station) drain(l *link) {
	for evt := range l.node.Events() {
		switch e := evt.(type) {
		case *gomavlib.EventFrame:
			l.counters.in.Add(1)
			if l.rec != nil {
				l.rec.writeFrame(s.Now(), e.Frame)
			}
			s.push(inEvent{l: l, ch: e.Channel, fr: e.Frame})
		case *gomavlib.EventParseError:
			l.counters.countParseError(e.Error)
			l.errLog.log(s.Log, s.Now(), "bad MAVLink input", "link", l.name, "channel", e.Channel.String(), "err", e.Error)
		case *gomavlib.EventChannelOpen:
			s.pushWait(inEvent{l: l, ch: e.Channel, kind: evOpen})
		case *gomavlib.EventChannelClose:
			s.pushWait(inEvent{l: l, ch: e.Channel, kind: evClose})
		}
	}
}
