package gcs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestCompareWithAFile(t *testing.T) {
	p, _, _ := newParameters(t, false)
	file := map[string]float64{"WPNAV_SPEED": 1000.0000001, "FENCE_RADIUS": 400, "RTL_ALT": 1500, "NOT_ON_IT": 1}
	_, err := p.Compare(bg, "a-1", file)
	require.ErrorIs(t, err, gcs.ErrParamsNotRead)
	_, err = p.Refresh(bg, "a-1", nil)
	require.NoError(t, err)
	c, err := p.Compare(bg, "a-1", file)
	require.NoError(t, err)
	require.Equal(t, 2, c.Same, "WPNAV_SPEED within float32 tolerance, RTL_ALT equal")
	require.Len(t, c.Changed, 1)
	require.Equal(t, "FENCE_RADIUS", c.Changed[0].Name)
	require.Equal(t, 400.0, *c.Changed[0].File)
	require.Equal(t, 300.0, *c.Changed[0].Vehicle)
	require.Len(t, c.Missing, 1)
	require.Equal(t, "NOT_ON_IT", c.Missing[0].Name)
	require.Nil(t, c.Missing[0].Vehicle)
	var only []string
	for _, d := range c.OnlyVehicle {
		only = append(only, d.Name)
	}
	require.Equal(t, []string{"FENCE_ENABLE", "SERVO1_MIN", "STAT_BOOTCNT"}, only)
}

func TestLoadIsADryRunFirstThenAppliesWhatIsChecked(t *testing.T) {
	p, link, _ := newParameters(t, false)
	_, err := p.Refresh(bg, "a-1", nil)
	require.NoError(t, err)
	file := map[string]float64{"WPNAV_SPEED": 800, "FENCE_RADIUS": 10, "SERVO1_MIN": 1000, "RTL_ALT": 2000,
		"STAT_BOOTCNT": 0, "NOT_ON_IT": 1}
	link.Keep = func(_ gcs.VehicleID, name string, v float64) float64 {
		if name == "STAT_BOOTCNT" {
			return 3
		}
		return v
	}
	rep, err := p.Load(bg, "a-1", file, false, "")
	require.NoError(t, err)
	require.Empty(t, link.Writes(), "a dry run writes nothing")
	require.False(t, rep.Applied)
	status := func(rep gcs.ParamLoadReport) map[string]string {
		m := map[string]string{}
		for _, c := range rep.Changes {
			m[c.Name] = c.Status
		}
		return m
	}
	require.Equal(t, map[string]string{"FENCE_RADIUS": gcs.LoadRefused, "NOT_ON_IT": gcs.LoadNotOnVehicle, "RTL_ALT": gcs.LoadWouldSet,
		"SERVO1_MIN": gcs.LoadWouldSet, "STAT_BOOTCNT": gcs.LoadWouldSet, "WPNAV_SPEED": gcs.LoadWouldSet}, status(rep))
	require.Equal(t, "a-1", rep.Confirm, "RTL_ALT is a safety parameter")
	require.Contains(t, rep.ConfirmWhy, "RTL_ALT")
	require.Equal(t, 1, rep.Refused)
	require.Equal(t, 1, rep.OnlyVehicle, "FENCE_ENABLE")

	_, err = p.Load(bg, "a-1", file, true, "")
	require.ErrorIs(t, err, gcs.ErrConfirmRequired)
	require.Empty(t, link.Writes(), "refused whole")

	rep, err = p.Load(bg, "a-1", file, true, "a-1")
	require.NoError(t, err)
	require.True(t, rep.Applied)
	require.Equal(t, map[string]string{"FENCE_RADIUS": gcs.LoadRefused, "NOT_ON_IT": gcs.LoadNotOnVehicle, "RTL_ALT": gcs.LoadSet,
		"SERVO1_MIN": gcs.LoadSet, "STAT_BOOTCNT": gcs.LoadKeptOther, "WPNAV_SPEED": gcs.LoadSet}, status(rep))
	require.Equal(t, []string{"a-1 RTL_ALT=2000", "a-1 SERVO1_MIN=1000", "a-1 STAT_BOOTCNT=0", "a-1 WPNAV_SPEED=800"}, link.Writes())
	require.Equal(t, 3, rep.Set)
	require.Equal(t, 1, rep.Failed)
	for _, c := range rep.Changes {
		if c.Name == "STAT_BOOTCNT" {
			require.Equal(t, 3.0, *c.Kept)
			require.Contains(t, c.Error, "kept 3")
		}
	}
}

func TestLoadWithoutSafetyChangesNeedsNoConfirmation(t *testing.T) {
	p, link, _ := newParameters(t, false)
	_, err := p.Refresh(bg, "a-1", nil)
	require.NoError(t, err)
	rep, err := p.Load(bg, "a-1", map[string]float64{"WPNAV_SPEED": 900}, true, "")
	require.NoError(t, err)
	require.Empty(t, rep.Confirm)
	require.Equal(t, 1, rep.Set)
	require.Equal(t, []string{"a-1 WPNAV_SPEED=900"}, link.Writes())
}
