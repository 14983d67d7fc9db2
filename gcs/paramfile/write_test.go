package paramfile

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var table = []Param{
	{Name: "WPNAV_SPEED", Value: 750.5, Type: "real32"},
	{Name: "ATC_RAT_RLL_P", Value: float64(float32(0.135)), Type: "real32"},
	{Name: "FENCE_ENABLE", Value: 1, Type: "int8"},
	{Name: "RTL_ALT", Value: 3000, Type: "int32"},
	{Name: "TINY", Value: float64(float32(1e-10)), Type: "real32"},
}

func TestWriteMissionPlanner(t *testing.T) {
	var b bytes.Buffer
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	require.NoError(t, Write(&b, MissionPlanner, table, Meta{Vehicle: "sim1-2", At: at}))
	require.Equal(t, "# Skerry: parameters of sim1-2, read 2026-11-25T12:00:00Z\n"+
		"ATC_RAT_RLL_P,0.135\nFENCE_ENABLE,1\nRTL_ALT,3000\nTINY,0.0000000001\nWPNAV_SPEED,750.5\n", b.String())
}

func TestWriteQGroundControl(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, QGroundControl, table, Meta{Vehicle: "sim1-2", SysID: 2}))
	require.Equal(t, "# Onboard parameters for Vehicle 2\n#\n# Skerry: parameters of sim1-2\n#\n# Vehicle-Id Component-Id Name Value Type\n"+
		"2\t1\tATC_RAT_RLL_P\t0.135\t9\n2\t1\tFENCE_ENABLE\t1\t2\n2\t1\tRTL_ALT\t3000\t6\n2\t1\tTINY\t0.0000000001\t9\n2\t1\tWPNAV_SPEED\t750.5\t9\n", b.String())
}

func TestWriteReadsBackTheSame(t *testing.T) {
	for _, format := range []Format{MissionPlanner, QGroundControl} {
		var b bytes.Buffer
		require.NoError(t, Write(&b, format, table, Meta{}))
		f, err := Read(&b)
		require.NoError(t, err)
		require.Equal(t, format, f.Format)
		require.Empty(t, f.Issues)
		for _, p := range table {
			require.Equal(t, float32(p.Value), float32(f.Values()[p.Name]), "%s %s", format, p.Name)
		}
	}
}

func TestWriteIsStrict(t *testing.T) {
	cases := []struct {
		p   Param
		why string
	}{
		{Param{Name: "A", Value: math.NaN()}, "not a number"},
		{Param{Name: "A", Value: math.Inf(1)}, "not a number"},
		{Param{Name: "A", Value: 2.5, Type: "int8"}, "whole number"},
		{Param{Name: "A", Value: 1e39, Type: "real32"}, "beyond"},
		{Param{Name: "BAD NAME", Value: 1}, "only letters"},
		{Param{Name: strings.Repeat("A", 17), Value: 1}, "1 to 16"},
	}
	for _, ca := range cases {
		var b bytes.Buffer
		err := Write(&b, MissionPlanner, []Param{{Name: "OK", Value: 1}, ca.p}, Meta{})
		require.ErrorContains(t, err, ca.why)
		require.Zero(t, b.Len(), "nothing written")
	}
	require.Error(t, Write(&bytes.Buffer{}, "csv", table, Meta{}))
}
