package gcs_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

var bg = context.Background()

// newParameters is the use case over a fleet of one vehicle, a-1 (armed
// when asked), whose parameters are a few of ArduCopter's.
func newParameters(t *testing.T, armed bool) (*gcs.Parameters, *gcstest.ParamLink, *gcs.Fleet) {
	clk := &gcstest.Clock{}
	f := &gcs.Fleet{Now: clk.Now, TickPeriod: time.Hour}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "a-1", Link: "l1", SystemID: 1, At: clk.Now(),
		Update: gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor", Mode: "LOITER", Armed: armed}})
	link := &gcstest.ParamLink{}
	for _, p := range []gcs.Param{
		{Name: "WPNAV_SPEED", Value: 1000, Type: gcs.ParamReal32},
		{Name: "FENCE_RADIUS", Value: 300, Type: gcs.ParamReal32},
		{Name: "FENCE_ENABLE", Value: 0, Type: gcs.ParamInt8},
		{Name: "RTL_ALT", Value: 1500, Type: gcs.ParamInt32},
		{Name: "STAT_BOOTCNT", Value: 3, Type: gcs.ParamInt32},
		{Name: "SERVO1_MIN", Value: 1100, Type: gcs.ParamInt16},
	} {
		link.Put("a-1", p.Name, p.Value, p.Type)
	}
	return &gcs.Parameters{Fleet: f, Link: link}, link, f
}

func names(t gcs.ParamTable) []string {
	var out []string
	for _, p := range t.Params {
		out = append(out, p.Name)
	}
	return out
}

func TestParametersRefreshAndSearch(t *testing.T) {
	p, _, _ := newParameters(t, false)
	tab, err := p.List(bg, "a-1", "")
	require.NoError(t, err)
	require.False(t, tab.Complete(), "not read yet")
	var seen []gcs.ParamProgress
	tab, err = p.Refresh(bg, "a-1", func(pr gcs.ParamProgress) { seen = append(seen, pr) })
	require.NoError(t, err)
	require.True(t, tab.Complete())
	require.Equal(t, []gcs.ParamProgress{{Received: 6, Total: 6}}, seen)

	tab, err = p.List(bg, "a-1", "fence_")
	require.NoError(t, err)
	require.Equal(t, []string{"FENCE_ENABLE", "FENCE_RADIUS"}, names(tab), "case-insensitive substring of the name")
	tab, err = p.List(bg, "a-1", "ALT")
	require.NoError(t, err)
	require.Equal(t, []string{"RTL_ALT"}, names(tab))

	_, err = p.List(bg, "zz-9", "")
	require.ErrorIs(t, err, gcs.ErrUnknownVehicle)
	_, err = p.Refresh(bg, "zz-9", nil)
	require.ErrorIs(t, err, gcs.ErrUnknownVehicle)
}

func TestParameterSetChecksConfirmsAndReadsBack(t *testing.T) {
	p, link, _ := newParameters(t, false)
	res, err := p.Set(bg, "a-1", "WPNAV_SPEED", 750.5, "")
	require.NoError(t, err)
	require.Equal(t, gcs.ParamSetResult{Vehicle: "a-1", Name: "WPNAV_SPEED", Type: gcs.ParamReal32, Requested: 750.5,
		Previous: 1000, Kept: 750.5, OK: true}, res)

	_, err = p.Set(bg, "a-1", "WPNAV_SPEED", 5000, "")
	require.ErrorIs(t, err, gcs.ErrParamRange)
	_, err = p.Set(bg, "a-1", "FENCE_ENABLE", 1.5, "a-1")
	require.ErrorIs(t, err, gcs.ErrParamRange, "an int8 takes whole numbers")
	_, err = p.Set(bg, "a-1", "SERVO1_MIN", math.NaN(), "")
	require.ErrorIs(t, err, gcs.ErrParamRange)
	_, err = p.Set(bg, "a-1", "NAME_OF_SEVENTEEN", 1, "")
	require.ErrorIs(t, err, gcs.ErrParamName)
	_, err = p.Set(bg, "a-1", "NO_SUCH", 1, "")
	require.ErrorIs(t, err, gcs.ErrUnknownParam)

	_, err = p.Set(bg, "a-1", "FENCE_RADIUS", 500, "")
	var need *gcs.ConfirmRequiredError
	require.ErrorAs(t, err, &need)
	require.Equal(t, "a-1", need.Need)
	require.Contains(t, need.Why, "FENCE_RADIUS can make a-1 unsafe")
	_, err = p.Set(bg, "a-1", "FENCE_RADIUS", 500, "a-2")
	require.ErrorIs(t, err, gcs.ErrConfirmRequired, "the confirmation names the vehicle")
	require.Equal(t, []string{"a-1 WPNAV_SPEED=750.5"}, link.Writes(), "nothing refused was sent")
	res, err = p.Set(bg, "a-1", "FENCE_RADIUS", 500, "a-1")
	require.NoError(t, err)
	require.Equal(t, 500.0, res.Kept)

	link.Keep = func(_ gcs.VehicleID, name string, v float64) float64 {
		if name == "STAT_BOOTCNT" {
			return 3 // read only
		}
		return v
	}
	res, err = p.Set(bg, "a-1", "STAT_BOOTCNT", 0, "")
	var rej *gcs.RejectedError
	require.ErrorAs(t, err, &rej)
	require.False(t, res.OK)
	require.Equal(t, 3.0, res.Kept)
	require.Equal(t, "STAT_BOOTCNT kept 3, not 0", res.Error)
}

func TestAnyWriteToAnArmedVehicleIsConfirmed(t *testing.T) {
	p, link, _ := newParameters(t, true)
	info, err := p.Get(bg, "a-1", "SERVO1_MIN")
	require.NoError(t, err)
	require.Equal(t, "a-1", info.Confirm)
	require.Contains(t, info.ConfirmWhy, "a-1 is armed")
	require.Equal(t, gcs.ParamLimits{Min: -32768, Max: 32767, Integer: true, Source: "int16"}, info.Limits)
	_, err = p.Set(bg, "a-1", "SERVO1_MIN", 1000, "")
	require.ErrorIs(t, err, gcs.ErrConfirmRequired)
	require.Empty(t, link.Writes())
	_, err = p.Set(bg, "a-1", "SERVO1_MIN", 1000, "a-1")
	require.NoError(t, err)
}

func TestGetGivesLimitsAndNoConfirmationForPlainParameters(t *testing.T) {
	p, _, _ := newParameters(t, false)
	info, err := p.Get(bg, "a-1", "FENCE_RADIUS")
	require.NoError(t, err)
	require.Equal(t, 300.0, info.Value)
	require.Equal(t, 30.0, info.Limits.Min)
	require.Equal(t, "a-1", info.Confirm)
	info, err = p.Get(bg, "a-1", "WPNAV_SPEED")
	require.NoError(t, err)
	require.Empty(t, info.Confirm)
	_, err = p.Get(bg, "a-1", "bad name")
	require.ErrorIs(t, err, gcs.ErrParamName)
}

func TestParameterCallsRefuseASharedSystemID(t *testing.T) {
	p, link, f := newParameters(t, false)
	f.Observe(gcs.Observation{Vehicle: "a-1", Link: "l1", SystemID: 1, Update: gcs.ConflictUpdate{Detail: "two remotes"}})
	_, err := p.Set(bg, "a-1", "WPNAV_SPEED", 500, "")
	require.ErrorIs(t, err, gcs.ErrSysidConflict)
	_, err = p.Refresh(bg, "a-1", nil)
	require.ErrorIs(t, err, gcs.ErrSysidConflict)
	require.Empty(t, link.Writes())
}

func TestParameterLinkFailureIsReported(t *testing.T) {
	p, link, _ := newParameters(t, false)
	link.Fail = func(gcs.VehicleID) error { return gcs.ErrLinkLost }
	res, err := p.Set(bg, "a-1", "WPNAV_SPEED", 500, "")
	require.True(t, errors.Is(err, gcs.ErrLinkLost))
	require.False(t, res.OK)
}
