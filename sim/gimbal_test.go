package sim

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestGimbalQuaternionRoundTrip(t *testing.T) {
	for _, ca := range []struct{ pitch, yaw float64 }{
		{0, 0}, {-30, 0}, {-90, 0}, {30, 179}, {-45, -120}, {-89, 45}, {10, -179.5},
	} {
		g := gimbal{pitch: ca.pitch, yaw: ca.yaw}
		p, y := quaternionAngles(g.quaternion())
		require.InDelta(t, ca.pitch, p, 0.05) // float32 near ±90°
		if math.Abs(ca.pitch) < 89.9 {
			require.InDelta(t, 0, wrap180(ca.yaw-y), 1e-3)
		}
	}
}

func TestGimbalSlewsAtBoundedRate(t *testing.T) {
	pose := gimbalPose{heading: 10}
	cases := []struct {
		name             string
		set              func(g *gimbal)
		after            time.Duration
		wantP, wantY     float64
		finalP, finalYaw float64
	}{
		{"pitch down at 60°/s", func(g *gimbal) { g.setAngles(-90, 0, math.NaN(), math.NaN(), false, pose) },
			500 * time.Millisecond, -60, 0, -90, 0},
		{"limits", func(g *gimbal) { g.setAngles(80, math.NaN(), 0, 0, false, pose) },
			500 * time.Millisecond, 0, 0, gimbalMaxPitch, 0},
		{"slow rate", func(g *gimbal) { g.setAngles(math.NaN(), 90, 0, 10, false, pose) },
			time.Second, -30, 10, -30, 90},
		{"yaw left", func(g *gimbal) { g.setAngles(math.NaN(), -170, 0, 0, false, pose) },
			time.Second, -30, -60, -30, -170},
		{"earth frame", func(g *gimbal) { g.setAngles(-30, 100, 0, 0, true, pose) },
			time.Second, -30, 60, -30, 90},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			g := newGimbal()
			g.advance(0, pose)
			ca.set(&g)
			g.advance(ca.after, pose)
			require.InDelta(t, ca.wantP, g.pitch, 1e-6)
			require.InDelta(t, ca.wantY, g.yaw, 1e-6)
			g.advance(ca.after+10*time.Second, pose)
			require.InDelta(t, ca.finalP, g.pitch, 1e-6)
			require.InDelta(t, ca.finalYaw, g.yaw, 1e-6)
		})
	}
}

func TestGimbalFollowsROI(t *testing.T) {
	g := newGimbal()
	pose := gimbalPose{lat: 36.1, lon: -5.4, alt: 100, heading: 90}
	lat, lon := offsetLatLon(pose.lat, pose.lon, 100, 0) // 100 m north, at sea level
	g.setROI(lat, lon, 0)
	g.advance(0, pose)
	g.advance(10*time.Second, pose)
	require.InDelta(t, -45, g.pitch, 0.01)
	require.InDelta(t, -90, g.yaw, 0.01, "north seen from a vehicle heading east")
	pose.heading = 0 // the vehicle turns: the gimbal keeps the ROI
	g.advance(20*time.Second, pose)
	require.InDelta(t, 0, g.yaw, 0.01)
	g.clearROI()
	g.advance(30*time.Second, pose)
	require.InDelta(t, gimbalDefaultPitch, g.pitch, 0.01)
}
