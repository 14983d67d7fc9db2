package gcs

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
)

// memVehicle is a fake vehicle holding what was transferred to it and its
// parameters.
type memVehicle struct {
	fakeUplink
	mu     sync.Mutex
	stored map[mission.MissionType][]mission.MAVItem
	params map[string]float64
}

func (m *memVehicle) Upload(_ context.Context, _ VehicleID, k mission.MissionType, items []mission.MAVItem, progress func(int, int)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stored[k] = append([]mission.MAVItem(nil), items...)
	if progress != nil {
		progress(len(items), len(items))
	}
	return nil
}

func (m *memVehicle) Download(_ context.Context, _ VehicleID, k mission.MissionType, _ func(int, int)) ([]mission.MAVItem, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mission.MAVItem(nil), m.stored[k]...), nil
}

func (m *memVehicle) Clear(_ context.Context, _ VehicleID, k mission.MissionType) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.stored, k)
	return nil
}

func (m *memVehicle) WriteParam(_ context.Context, _ VehicleID, name string, v float64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.params[name] = v
	return nil
}

func (m *memVehicle) ReadParam(_ context.Context, _ VehicleID, name string) (float64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.params[name]
	if !ok {
		return 0, ErrUnknownParam
	}
	return v, nil
}

func testPlan() *mission.Plan {
	rel := func(m float64) mission.Altitude { return mission.Altitude{M: m, Ref: mission.AltRelative} }
	ceiling := rel(90)
	home := mission.At(36.13, -5.43, mission.Altitude{M: 3, Ref: mission.AltAMSL})
	return &mission.Plan{
		Home: &home,
		Mission: []mission.Item{
			mission.Takeoff{Pos: mission.At(36.13, -5.43, rel(30)), Yaw: math.NaN()},
			mission.Waypoint{Pos: mission.At(36.131, -5.431, rel(40))},
			mission.RTL{},
		},
		Fence: mission.Fence{
			Zones:   []mission.Zone{mission.InclusionPolygon(orb.Ring{{-5.44, 36.125}, {-5.42, 36.125}, {-5.42, 36.135}, {-5.44, 36.135}})},
			Ceiling: &ceiling,
		},
		Rally: []mission.RallyPoint{{Pos: mission.At(36.128, -5.428, rel(20))}},
	}
}

func newMissions(t *testing.T, autopilot string) (*Missions, *memVehicle, *Fleet) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Autopilot: autopilot, Type: "quadrotor", Mode: "STABILIZE"})
	mv := &memVehicle{stored: map[mission.MissionType][]mission.MAVItem{}, params: map[string]float64{}}
	return &Missions{Fleet: f, Transfer: mv, Params: mv}, mv, f
}

func TestUploadPutsTheWholePlanAndArmsTheFence(t *testing.T) {
	m, mv, f := newMissions(t, "ardupilot")
	rep, err := m.Upload(context.Background(), "a-1", testPlan(), nil)
	require.NoError(t, err)
	require.Equal(t, 4, rep.Mission, "home at seq 0 for ArduPilot")
	require.Equal(t, 4, rep.Fence)
	require.Equal(t, 1, rep.Rally)
	require.Equal(t, map[string]float64{"FENCE_ALT_MAX": 90, "FENCE_TYPE": 5, "FENCE_ENABLE": 1}, mv.params)
	v, _ := f.Vehicle("a-1")
	require.True(t, v.Watch.Watching)

	plan, rep, err := m.Download(context.Background(), "a-1", nil)
	require.NoError(t, err)
	require.False(t, rep.Issues.HasErrors(), rep.Issues)
	require.Len(t, plan.Mission, 3)
	require.Equal(t, 90.0, plan.Fence.Ceiling.M)
	require.Len(t, plan.Rally, 1)

	require.NoError(t, m.Clear(context.Background(), "a-1", mission.TypeFence))
	v, _ = f.Vehicle("a-1")
	require.False(t, v.Watch.Watching)
}

func TestUploadRefusesWhatArduPilotWouldEnforceDifferently(t *testing.T) {
	m, mv, _ := newMissions(t, "ardupilot")
	p := testPlan()
	second := mission.InclusionCircle(orb.Point{-5.40, 36.13}, 300)
	second.Group = 1
	p.Fence.Zones = append(p.Fence.Zones, second)
	_, err := m.Upload(context.Background(), "a-1", p, nil)
	require.ErrorIs(t, err, ErrFenceSemantics)
	require.Contains(t, err.Error(), "2 groups")
	require.Empty(t, mv.stored, "nothing was sent")

	p = testPlan()
	p.Fence.Ceiling = &mission.Altitude{M: 120, Ref: mission.AltAMSL}
	_, err = m.Upload(context.Background(), "a-1", p, nil)
	require.ErrorIs(t, err, ErrFenceSemantics, "AMSL needs the vehicle's home")

	p = testPlan()
	p.Mission = append(p.Mission, mission.Waypoint{Pos: mission.At(95, 0, mission.Altitude{M: 10, Ref: mission.AltRelative})})
	rep, err := m.Upload(context.Background(), "a-1", p, nil)
	require.True(t, errors.Is(err, ErrInvalidPlan))
	require.True(t, rep.Issues.HasErrors())

	_, err = m.Upload(context.Background(), "zz-1", testPlan(), nil)
	require.ErrorIs(t, err, ErrUnknownVehicle)
}
