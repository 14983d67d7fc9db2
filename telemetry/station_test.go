package telemetry

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestLinkURLs(t *testing.T) {
	cases := []struct {
		url, kind, addr string
		ok              bool
	}{
		{"udp-server:127.0.0.1:14550", "udp-server", "127.0.0.1:14550", true},
		{"tcp-client:localhost:5760", "tcp-client", "localhost:5760", true},
		{"serial:/dev/ttyUSB0:57600", "serial", "/dev/ttyUSB0:57600", true},
		{"tlog:/tmp/x.tlog?speed=0", "tlog", "/tmp/x.tlog", true},
		{"http://x", "", "", false},
		{"udp-server", "", "", false},
	}
	for _, ca := range cases {
		t.Run(ca.url, func(t *testing.T) {
			kind, addr, _, err := parseLinkURL(ca.url)
			if !ca.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, [2]string{ca.kind, ca.addr}, [2]string{kind, addr})
		})
	}
}

func TestConfigErrors(t *testing.T) {
	sink := func(gcs.Observation) {}
	cases := []struct {
		name  string
		links []LinkConfig
	}{
		{"none", nil},
		{"bad name", []LinkConfig{{Name: "a/b", URL: "udp-server:127.0.0.1:0"}}},
		{"duplicate", []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}, {Name: "a", URL: "udp-server:127.0.0.1:0"}}},
		{"redundant with nothing", []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0", RedundantWith: "b"}}},
		{"missing tlog", []LinkConfig{{URL: "tlog:/nonexistent/file.tlog"}}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			s := &Station{Links: ca.links, Sink: sink}
			require.Error(t, s.Initialize())
		})
	}
}

func TestDefaults(t *testing.T) {
	s := &Station{Links: []LinkConfig{{URL: "udp-server:127.0.0.1:0"}, {URL: "tcp-server:127.0.0.1:0"}}}
	startStation(t, s)
	require.Equal(t, 3*time.Second, s.LinkTimeout)
	require.Equal(t, time.Second, s.HeartbeatPeriod)
	require.Equal(t, 3*time.Second, s.CommandTimeout)
	require.Equal(t, 3, s.retries)
	require.Equal(t, 4, s.StreamRate)
	addrs := s.Addrs()
	require.Len(t, addrs, 2)
	for _, name := range []string{"l1", "l2"} {
		_, port, err := net.SplitHostPort(addrs[name])
		require.NoError(t, err)
		require.NotEqual(t, "0", port)
	}
}

// Separate SITL instances all use system id 1: on two links they are two
// vehicles, and ground stations, cameras and gimbals are none.
func TestVehiclesPerLinkAndSysid(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}, {Name: "b", URL: "tcp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	pa := udpPeer(t, s, "a", 1)
	pb := newPeer(t, gomavlib.EndpointTCPClient{Address: s.Addrs()["b"]}, 1)
	pa2 := udpPeer(t, s, "a", 2)
	other := udpPeer(t, s, "a", 3)
	for range 3 {
		pa.send(copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
		pb.send(copterHB(ardupilotmega.COPTER_MODE_GUIDED, true))
		pa2.send(copterHB(ardupilotmega.COPTER_MODE_RTL, false))
		other.send(
			&common.MessageHeartbeat{Type: common.MAV_TYPE_GCS, Autopilot: common.MAV_AUTOPILOT_INVALID},
			&common.MessageHeartbeat{Type: common.MAV_TYPE_CAMERA, Autopilot: common.MAV_AUTOPILOT_INVALID},
			&common.MessageHeartbeat{Type: common.MAV_TYPE_GIMBAL, Autopilot: common.MAV_AUTOPILOT_INVALID},
			&common.MessageHeartbeat{Type: common.MAV_TYPE_ADSB, Autopilot: common.MAV_AUTOPILOT_INVALID},
		)
		time.Sleep(10 * time.Millisecond) // pacing only: UDP on loopback
	}
	o := c.wait(t, 0, isIdentity("a-1"))
	require.Equal(t, "LOITER", o.Update.(gcs.Identity).Mode)
	require.Equal(t, "a", o.Link)
	require.Equal(t, uint8(1), o.SystemID)
	o = c.wait(t, 0, isIdentity("b-1"))
	require.Equal(t, gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", Armed: true, SystemStatus: "active"}, o.Update)
	c.wait(t, 0, isIdentity("a-2"))
	require.Equal(t, map[gcs.VehicleID]bool{"a-1": true, "b-1": true, "a-2": true}, c.vehicles())

	// the first observation of each vehicle is its Identity
	first := map[gcs.VehicleID]gcs.Update{}
	for _, o := range c.all() {
		if _, ok := first[o.Vehicle]; !ok {
			first[o.Vehicle] = o.Update
		}
	}
	for id, u := range first {
		require.IsType(t, gcs.Identity{}, u, id)
	}
}

// The station's heartbeat: system 255, component 190, MAV_TYPE_GCS,
// MAV_AUTOPILOT_INVALID, on every link with a remote.
func TestGCSHeartbeat(t *testing.T) {
	s := &Station{Links: []LinkConfig{{URL: "udp-server:127.0.0.1:0"}}, HeartbeatPeriod: 20 * time.Millisecond}
	startStation(t, s)
	p := udpPeer(t, s, "l1", 1)
	p.send(copterHB(0, false))
	hb := <-p.gcsHB
	require.Equal(t, common.MAV_TYPE_GCS, hb.Type)
	require.Equal(t, common.MAV_AUTOPILOT_INVALID, hb.Autopilot)
}

func TestGCSHeartbeatIDs(t *testing.T) {
	s := &Station{Links: []LinkConfig{{URL: "udp-server:127.0.0.1:0"}}, HeartbeatPeriod: 20 * time.Millisecond}
	startStation(t, s)
	n := &gomavlib.Node{
		Endpoints: []gomavlib.EndpointConf{gomavlib.EndpointUDPClient{Address: s.Addrs()["l1"]}},
		Dialect:   ardupilotmega.Dialect, OutVersion: gomavlib.V2, OutSystemID: 1, HeartbeatDisable: true,
	}
	require.NoError(t, n.Initialize())
	defer n.Close()
	_, ok := (<-n.Events()).(*gomavlib.EventChannelOpen)
	require.True(t, ok)
	n.WriteMessageAll(copterHB(0, false)) //nolint:errcheck
	ctx, cancel := context.WithTimeout(bg, 5*time.Second)
	defer cancel()
	for {
		select {
		case evt := <-n.Events():
			if fe, ok := evt.(*gomavlib.EventFrame); ok {
				if _, ok := fe.Message().(*common.MessageHeartbeat); ok {
					require.Equal(t, byte(255), fe.SystemID())
					require.Equal(t, byte(190), fe.ComponentID())
					return
				}
			}
		case <-ctx.Done():
			t.Fatal("no GCS heartbeat")
		}
	}
}

func TestTelemetryReachesSink(t *testing.T) {
	s := &Station{Links: []LinkConfig{{URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	p := udpPeer(t, s, "l1", 5)
	p.send(copterHB(ardupilotmega.COPTER_MODE_AUTO, true))
	c.wait(t, 0, isIdentity("l1-5"))
	p.send(&common.MessageGlobalPositionInt{Lat: 436_000_000, Lon: 73_000_000, Alt: 100_000, RelativeAlt: 40_000, Hdg: 18000},
		&common.MessageStatustext{Severity: common.MAV_SEVERITY_INFO, Text: "Mission: 1 WP"})
	o := c.wait(t, 0, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.GlobalPosition); return ok })
	require.Equal(t, gcs.Position{Lat: 43.6, Lon: 7.3, AltAMSL: 100, AltRel: 40}, o.Update.(gcs.GlobalPosition).Position)
	o = c.wait(t, 0, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.TextUpdate); return ok })
	require.Equal(t, "Mission: 1 WP", o.Update.(gcs.TextUpdate).Text.Text)
	// the position request on discovery, and the stream request
	require.Eventually(t, func() bool { return s.Stats()["l1"].FramesOut >= 3 }, 5*time.Second, 5*time.Millisecond)
}

// A tcp-client link (like SITL's 5760) connects to the vehicle and
// reconnects when the connection drops.
func TestTCPClientLink(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	s := &Station{Links: []LinkConfig{{Name: "sitl", URL: "tcp-client:" + ln.Addr().String()}}}
	c := startStation(t, s)
	p := newPeer(t, gomavlib.EndpointCustomServer{Listen: func() (net.Listener, error) { return ln, nil }}, 1)
	p.send(copterHB(ardupilotmega.COPTER_MODE_STABILIZE, false))
	o := c.wait(t, 0, isIdentity("sitl-1"))
	require.Equal(t, "STABILIZE", o.Update.(gcs.Identity).Mode)
	require.NoError(t, s.Execute(bg, "sitl-1", gcs.Command{Kind: gcs.CmdArm}))
	require.NotEmpty(t, s.Addrs()["sitl"])
}

// The start-up banner names a tcp-client link's target and says it is
// connecting until it is (before, it printed an empty address).
func TestDescribeSaysATCPClientIsConnecting(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	target := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there yet
	s := &Station{Links: []LinkConfig{{Name: "sitl", URL: "tcp-client:" + target}, {Name: "gcs", URL: "udp-server:127.0.0.1:0"}}}
	startStation(t, s)
	d := s.Describe()
	require.Equal(t, "tcp-client to "+target+" (connecting)", d["sitl"])
	require.Regexp(t, `^udp-server 127\.0\.0\.1:\d+$`, d["gcs"])
	require.Equal(t, "tcp-client to 10.0.0.5:5760 from 127.0.0.1:4000", describeLink("tcp-client", "10.0.0.5:5760", "127.0.0.1:4000"))
	require.Equal(t, "serial /dev/ttyUSB0", describeLink("serial", "/dev/ttyUSB0", ""))
}
