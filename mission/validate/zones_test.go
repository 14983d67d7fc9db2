package validate_test

import (
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/local"
	"skerry/mission/validate"
)

// square is a closed square ring of half-side h metres around c.
func square(c orb.Point, h float64) orb.Ring {
	pr := local.New(c)
	r := orb.Ring{}
	for _, d := range [][2]float64{{-h, -h}, {h, -h}, {h, h}, {-h, h}, {-h, -h}} {
		r = append(r, pr.Point(local.XY{X: d[0], Y: d[1]}))
	}
	return r
}

// offset is c moved east and north by metres.
func offset(c orb.Point, east, north float64) orb.Point {
	return local.New(c).Point(local.XY{X: east, Y: north})
}

func agl(m float64) airspace.Limit { return airspace.Limit{M: m, Ref: airspace.AGL} }

// layered zones round wp1, over the water:
//   - CAKE (as ED-318's Example_GeoZone_2_Layers): a 600 m square from 50
//     to 150 m, and in its north-east corner a 100 m square from 0 to 50 m;
//   - RING: a circle of 100 m from the surface up, and round it a square
//     ring (a 600 m square with a 240 m hole) from 100 m up.
func layeredZones() []airspace.Zone {
	c := offset(wp1Pt, 2000, 0)
	cake := zone("CAKE", airspace.Prohibited)
	cake.Volumes = []airspace.Volume{
		{Polygon: orb.Polygon{square(c, 300)}, Lower: agl(50), Upper: agl(150)},
		{Polygon: orb.Polygon{square(offset(c, 200, 200), 50)}, Lower: agl(0), Upper: agl(50)},
	}
	r := offset(wp1Pt, -2000, 0)
	ring := zone("RING", airspace.Prohibited)
	ring.Volumes = []airspace.Volume{
		{Circle: &airspace.Circle{Center: r, Radius: 100}, Lower: agl(0), Upper: airspace.Limit{Unlimited: true}},
		{Polygon: orb.Polygon{square(r, 300), square(r, 120)}, Lower: agl(100), Upper: airspace.Limit{Unlimited: true}},
	}
	return []airspace.Zone{cake, ring}
}

func TestLayersAreCheckedIn3D(t *testing.T) {
	op := baseOp(t, "state")
	op.Zones = airspace.NewIndex(layeredZones())
	cake, ring := offset(wp1Pt, 2000, 0), offset(wp1Pt, -2000, 0)
	cases := []struct {
		name   string
		at     orb.Point
		amsl   float64
		breach bool
	}{
		{"30 m over the 50-150 m layer", offset(cake, -150, -150), 30, false},
		{"100 m in the 50-150 m layer", offset(cake, -150, -150), 100, true},
		{"200 m over the 50-150 m layer", offset(cake, -150, -150), 200, false},
		{"30 m in the 0-50 m layer", offset(cake, 200, 200), 30, true},
		{"25 m under the ring from 100 m", offset(ring, 200, 0), 25, false},
		{"120 m in the ring from 100 m", offset(ring, 200, 0), 120, true},
		{"25 m in the circle from the surface", ring, 25, true},
		{"25 m within the margin of the circle", offset(ring, 110, 0), 25, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p := mission.Position{Point: ca.at, Alt: mission.AMSL(ca.amsl)}
			vs := validate.CheckLeg(p, p, op)
			if ca.breach {
				require.Len(t, vs, 1, "%v", vs)
				require.Equal(t, validate.RuleAirspace, vs[0].Rule)
			} else {
				require.Empty(t, vs)
			}
		})
	}
}

// A leg that climbs on its way takes the heights it has over each layer,
// not the heights of the whole leg.
func TestLayerSeesTheHeightsOverIt(t *testing.T) {
	op := baseOp(t, "state")
	op.Zones = airspace.NewIndex(layeredZones())
	cake := offset(wp1Pt, 2000, 0)
	// From 30 m over the cake's south-west corner, climbing to 140 m 3 km west.
	a := mission.Position{Point: offset(cake, -250, -250), Alt: mission.AMSL(30)}
	b := mission.Position{Point: offset(cake, -3250, -250), Alt: mission.AMSL(140)}
	require.Empty(t, validate.CheckLeg(a, b, op), "under the layer while over it")
	// The reverse climb crosses the layer at 140 m.
	a.Alt, b.Alt = mission.AMSL(140), mission.AMSL(30)
	require.NotEmpty(t, validate.CheckLeg(a, b, op))
}

// The same from a file: ED-318 layers are each checked in 3D.
func TestLayersFromAnED318File(t *testing.T) {
	f, err := os.Open("../airspace/testdata/ed318_layers.geojson")
	require.NoError(t, err)
	defer f.Close()
	zones, _, err := airspace.Read(f)
	require.NoError(t, err)
	op := baseOp(t, "state")
	op.Zones = airspace.NewIndex(zones)
	at := func(lon, lat, amsl float64) []validate.Violation {
		p := mission.Position{Point: orb.Point{lon, lat}, Alt: mission.AMSL(amsl)}
		return validate.CheckLeg(p, p, op)
	}
	require.Empty(t, at(-5.395, 36.098, 30), "30 m under the 50-150 m layer")
	require.NotEmpty(t, at(-5.395, 36.098, 60), "60 m in the 50-150 m layer")
	require.NotEmpty(t, at(-5.384, 36.106, 30), "30 m in the 0-50 m layer")
	require.Empty(t, at(-5.428, 36.080, 25), "25 m under the ring from 100 m")
	require.NotEmpty(t, at(-5.428, 36.080, 120), "120 m in the ring")
	require.NotEmpty(t, at(-5.420, 36.080, 25), "25 m in the circle")
}

// Violation messages read as text: a notice period in words, no HTML
// from a KML description.
func TestZoneMessagesAreText(t *testing.T) {
	op := baseOp(t, "state")
	z := zone("PORT", airspace.ReqAuthorisation)
	z.Authorities[0].IntervalBefore = "P10DT00H"
	op.Zones = airspace.NewIndex([]airspace.Zone{z})
	p := mission.Position{Point: orb.Point{-5.3985, 36.1520}, Alt: mission.AMSL(60)}
	vs := validate.CheckLeg(p, p, op)
	require.Len(t, vs, 1)
	require.Contains(t, vs[0].Message, "ask 10 days before")
	require.NotContains(t, vs[0].Message, "P10D")

	f, err := os.Open("../airspace/testdata/national_3d.kml")
	require.NoError(t, err)
	defer f.Close()
	zones, _, err := airspace.Read(f)
	require.NoError(t, err)
	op.Zones = airspace.NewIndex(zones)
	a := mission.Position{Point: orb.Point{-5.48, 36.07}, Alt: mission.AMSL(100)}
	b := mission.Position{Point: orb.Point{-5.44, 36.07}, Alt: mission.AMSL(100)}
	rep := validate.Check(&mission.Plan{Home: &a, Mission: []mission.Item{
		mission.Waypoint{Pos: a}, mission.Waypoint{Pos: b}}}, op)
	var msgs []string
	for _, v := range rep.Violations {
		if v.Rule == validate.RuleAirspace {
			msgs = append(msgs, v.Message)
		}
	}
	require.NotEmpty(t, msgs, "the leg crosses LED99")
	for _, m := range msgs {
		require.NotContains(t, m, "<")
		require.NotContains(t, m, "&amp;")
	}
	require.Contains(t, msgs[0], "Zona peligrosa Actividad: tiro & voladuras")
}
