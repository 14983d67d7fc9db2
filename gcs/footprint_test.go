package gcs

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// metresFrom is the north and east offset of (lat, lon) from (lat0, lon0).
func metresFrom(lat0, lon0, lat, lon float64) (north, east float64) {
	return (lat - lat0) * degToRad * earthRadius, (lon - lon0) * degToRad * earthRadius * math.Cos(lat0*degToRad)
}

func TestPixelToSea(t *testing.T) {
	base := CameraPose{Lat: 36.1, Lon: -5.3, AltAMSL: 100, HFOV: 90, Aspect: 1}
	with := func(f func(*CameraPose)) CameraPose { p := base; f(&p); return p }
	cases := []struct {
		name        string
		pose        CameraPose
		u, v        float64
		north, east float64 // metres from below the camera
		clipped     bool
		ok          bool
	}{
		{"nadir centre", with(func(p *CameraPose) { p.Pitch = -90 }), 0.5, 0.5, 0, 0, false, true},
		{"nadir top-left: north-west", with(func(p *CameraPose) { p.Pitch = -90 }), 0, 0, 100, -100, false, true},
		{"nadir bottom-right: south-east", with(func(p *CameraPose) { p.Pitch = -90 }), 1, 1, -100, 100, false, true},
		{"nadir facing east: top is east", with(func(p *CameraPose) { p.Pitch = -90; p.Yaw = 90 }), 0.5, 0, 0, 100, false, true},
		{"45° down facing east", with(func(p *CameraPose) { p.Pitch = -45; p.Yaw = 90 }), 0.5, 0.5, 0, 100, false, true},
		{"30° down facing south", with(func(p *CameraPose) { p.Pitch = -30; p.Yaw = 180 }), 0.5, 0.5, -100 * math.Sqrt(3), 0, false, true},
		{"sea 20 m above datum", with(func(p *CameraPose) { p.Pitch = -45; p.SeaAMSL = 20 }), 0.5, 0.5, 80, 0, false, true},
		{"horizon: clipped at 2 km", with(func(p *CameraPose) { p.Pitch = 0 }), 0.5, 0.5, 2000, 0, true, true},
		{"sky: clipped at 2 km on its bearing", with(func(p *CameraPose) { p.Pitch = 20; p.Yaw = 270 }), 0.5, 0.5, 0, -2000, true, true},
		{"shallow: beyond the range", with(func(p *CameraPose) { p.Pitch = -1; p.MaxRange = 500 }), 0.5, 0.5, 500, 0, true, true},
		{"rolled 90°: image right is down", with(func(p *CameraPose) { p.Pitch = 0; p.Roll = 90 }), 1, 0.5, 100, 0, false, true},
		{"camera under water", with(func(p *CameraPose) { p.AltAMSL = -1 }), 0.5, 0.5, 0, 0, false, false},
		{"NaN pitch", with(func(p *CameraPose) { p.Pitch = math.NaN() }), 0.5, 0.5, 0, 0, false, false},
		{"no field of view", with(func(p *CameraPose) { p.HFOV = 0 }), 0.5, 0.5, 0, 0, false, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			pt, ok := ca.pose.PixelToSea(ca.u, ca.v)
			require.Equal(t, ca.ok, ok)
			if !ok {
				return
			}
			n, e := metresFrom(ca.pose.Lat, ca.pose.Lon, pt.Lat, pt.Lon)
			require.InDelta(t, ca.north, n, 0.01, "north")
			require.InDelta(t, ca.east, e, 0.01, "east")
			require.InDelta(t, math.Hypot(ca.north, ca.east), pt.Range, 0.01)
			require.Equal(t, ca.clipped, pt.Clipped)
		})
	}
}

func TestVFOVFollowsTheAspect(t *testing.T) {
	require.InDelta(t, 90.0, CameraPose{HFOV: 90, Aspect: 1}.VFOV(), 1e-9)
	require.InDelta(t, 2*math.Atan(9.0/16)/degToRad, CameraPose{HFOV: 90}.VFOV(), 1e-9, "16:9 by default")
}

func TestCameraFootprint(t *testing.T) {
	p := CameraPose{Lat: 36.1, Lon: -5.3, AltAMSL: 100, HFOV: 90, Aspect: 1, Pitch: -90}
	fp := p.Footprint()
	require.NotNil(t, fp)
	require.False(t, fp.Clipped)
	want := [][2]float64{{100, -100}, {100, 100}, {-100, 100}, {-100, -100}} // clockwise from top-left
	for i, c := range fp.Corners {
		n, e := metresFrom(p.Lat, p.Lon, c.Lat, c.Lon)
		require.InDelta(t, want[i][0], n, 0.01)
		require.InDelta(t, want[i][1], e, 0.01)
	}
	p.Pitch = -10 // the top corners look above the horizon
	fp = p.Footprint()
	require.True(t, fp.Clipped)
	n, e := metresFrom(p.Lat, p.Lon, fp.Corners[0].Lat, fp.Corners[0].Lon)
	require.InDelta(t, DefaultMaxRange, math.Hypot(n, e), 0.5, "clipped at the range")
	require.Less(t, e, 0.0, "on the corner's bearing, north-west")
	p.AltAMSL = 0
	require.Nil(t, p.Footprint(), "on the sea, nothing to project")
}

func TestBodyFixedCameraFollowsTheAttitude(t *testing.T) {
	cases := []struct {
		name             string
		yaw, pitch, roll float64
		north, east      float64 // where the centre ray meets the sea from 100 m
		topNorth         bool    // the image's top points north of the centre
	}{
		{"level, facing north", 0, 0, 0, 0, 0, true},
		{"level, facing east", 90, 0, 0, 0, 0, false},
		// Nose up, the belly (and the camera) turns forward; right wing
		// down, it turns left.
		{"nose up 10°: looks ahead", 0, 10, 0, 100 * math.Tan(10*degToRad), 0, true},
		{"right wing down 10°: looks left", 0, 0, 10, 0, -100 * math.Tan(10*degToRad), true},
		{"facing east, nose up 10°", 90, 10, 0, 0, 100 * math.Tan(10*degToRad), false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			y, pi, r := bodyNadir(ca.yaw, ca.pitch, ca.roll)
			p := CameraPose{Lat: 36.1, Lon: -5.3, AltAMSL: 100, HFOV: 60, Yaw: y, Pitch: pi, Roll: r}
			pt, ok := p.PixelToSea(0.5, 0.5)
			require.True(t, ok)
			n, e := metresFrom(p.Lat, p.Lon, pt.Lat, pt.Lon)
			require.InDelta(t, ca.north, n, 0.01)
			require.InDelta(t, ca.east, e, 0.01)
			top, _ := p.PixelToSea(0.5, 0)
			require.Equal(t, ca.topNorth, top.Lat > pt.Lat+1e-6)
		})
	}
}

func TestFleetKeepsTheFootprint(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{})
	observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.3, AltAMSL: 120, AltRel: 100}, Heading: 90})
	v, _ := f.Vehicle("a-1")
	require.Nil(t, v.Footprint, "no camera")

	observe(f, "a-1", CameraUpdate{Camera: VehicleCamera{Component: 100, Streams: []VideoStream{
		{Key: "c100s1", ID: 1, URI: "rtsp://x/cam", HFOV: 80, Width: 1280, Height: 720, Source: "mavlink"}}}})
	v, _ = f.Vehicle("a-1")
	require.NotNil(t, v.Footprint, "body-fixed nadir camera, heading from the position")
	require.Equal(t, "c100s1", v.Footprint.Stream)
	require.Len(t, v.Footprint.Corners, 4)
	require.False(t, v.Footprint.Clipped)

	// A gimbal looking at the horizon, yaw in the vehicle frame.
	observe(f, "a-1", GimbalUpdate{Gimbal: Gimbal{Component: 154, Pitch: 0, Yaw: -90, YawEarth: Unknown}})
	v, _ = f.Vehicle("a-1")
	require.True(t, v.Footprint.Clipped)
	n, e := metresFrom(36.1, -5.3, v.Footprint.Corners[0].Lat, v.Footprint.Corners[0].Lon)
	require.Greater(t, n, 1000.0, "heading 90 + yaw -90: looking north")
	require.Less(t, e, 0.0)

	// A gimbal whose angles are unknown gives no footprint.
	observe(f, "a-1", GimbalUpdate{Gimbal: Gimbal{Component: 154, Pitch: Unknown, Yaw: Unknown, YawEarth: Unknown}})
	v, _ = f.Vehicle("a-1")
	require.Nil(t, v.Footprint)
}

func TestNewVehicleHasNoCamerasAsAnEmptyList(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{})
	v, _ := f.Vehicle("a-1")
	b, err := json.Marshal(v)
	require.NoError(t, err)
	require.Contains(t, string(b), `"cameras":[]`)
	require.NotContains(t, string(b), `"gimbal"`)
	require.NotContains(t, string(b), `"footprint"`)
}
