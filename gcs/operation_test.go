package gcs

import (
	"context"
	"errors"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission/airspace"
)

func TestUploadRefusesAnUnlawfulPlanWithItsViolations(t *testing.T) {
	m, mv, _ := newMissions(t, "ardupilot")
	zone := airspace.Zone{ID: "NOFLY", Name: "closed for the test", Restriction: airspace.Prohibited,
		Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: orb.Point{-5.431, 36.131}, Radius: 50},
			Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}}
	op, err := NewOperation(Operation{Zones: []airspace.Zone{zone}})
	require.NoError(t, err)
	m.Operation = &OperationStore{}
	m.Operation.Set(op)

	rep, err := m.Upload(context.Background(), "a-1", testPlan(), nil)
	require.True(t, errors.Is(err, ErrUnlawfulPlan), "%v", err)
	require.Contains(t, err.Error(), "NOFLY")
	require.NotNil(t, rep.Check)
	require.False(t, rep.Check.Lawful)
	require.Empty(t, mv.stored, "nothing reached the vehicle")

	op, err = NewOperation(Operation{Zones: []airspace.Zone{zone}, Authorisations: []string{"NOFLY"}})
	require.NoError(t, err)
	zone.Restriction = airspace.ReqAuthorisation
	op.Zones[0].Restriction = airspace.ReqAuthorisation
	op, err = NewOperation(*op)
	require.NoError(t, err)
	m.Operation.Set(op)
	rep, err = m.Upload(context.Background(), "a-1", testPlan(), nil)
	require.NoError(t, err, "an authorisation held for a REQ_AUTHORISATION zone")
	require.True(t, rep.Check.Lawful)
}
