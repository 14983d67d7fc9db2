package gcs

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission/airspace"
)

// The live watch sees each layer of a zone in 3D: under a layer that
// starts at 100 m a vehicle at 40 m is clear, though another layer of the
// same zone elsewhere reaches down to the surface.
func TestWatchSeesEachLayer(t *testing.T) {
	agl := func(m float64) airspace.Limit { return airspace.Limit{M: m, Ref: airspace.AGL} }
	ring := orb.Polygon{
		{{-5.395, 36.145}, {-5.383, 36.145}, {-5.383, 36.155}, {-5.395, 36.155}, {-5.395, 36.145}},
		{{-5.391, 36.148}, {-5.391, 36.152}, {-5.387, 36.152}, {-5.387, 36.148}, {-5.391, 36.148}},
	}
	zone := airspace.Zone{ID: "RING", Restriction: airspace.Prohibited, Source: "test", Volumes: []airspace.Volume{
		{Circle: &airspace.Circle{Center: orb.Point{-5.389, 36.15}, Radius: 100}, Lower: agl(0), Upper: airspace.Limit{Unlimited: true}},
		{Polygon: ring, Lower: agl(100), Upper: airspace.Limit{Unlimited: true}},
	}}
	op, err := NewOperation(Operation{Zones: []airspace.Zone{zone}})
	require.NoError(t, err)
	v := &Vehicle{ID: "a-1", Armed: true, HasPosition: true, Landed: "in_air",
		Position: Position{Lat: 36.15, Lon: -5.394, AltAMSL: 42, AltRel: 40}, Home: &Position{Lat: 36.15, Lon: -5.41, AltAMSL: 2}}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	cfg := FenceWatchConfig{}.withDefaults()
	require.Empty(t, op.watch(v, cfg, now).Breach, "40 m under the ring from 100 m")
	v.Position.AltAMSL = 120
	require.Equal(t, "airspace", op.watch(v, cfg, now).Breach, "120 m in the ring")
	v.Position = Position{Lat: 36.15, Lon: -5.389, AltAMSL: 42, AltRel: 40}
	require.Equal(t, "airspace", op.watch(v, cfg, now).Breach, "40 m in the circle from the surface")
}
