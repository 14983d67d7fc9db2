package gcs

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParamLimits(t *testing.T) {
	cases := []struct {
		name  string
		typ   ParamType
		value float64
		ok    bool
		why   string
	}{
		{"WPNAV_SPEED", ParamReal32, 750.5, true, ""},
		{"WPNAV_SPEED", ParamReal32, 5, false, "10 to 2000"},
		{"FENCE_RADIUS", ParamReal32, 29, false, "30 to 10000"},
		{"FENCE_RADIUS", ParamReal32, 10000, true, ""},
		{"FENCE_ALT_MAX", ParamReal32, 1000.5, false, "10 to 1000"},
		{"FENCE_MARGIN", ParamReal32, 0.5, false, "1 to 10"},
		{"FENCE_ENABLE", ParamInt8, 2, false, "0 to 1"},
		{"FENCE_ENABLE", ParamInt8, 0.5, false, "whole number"},
		{"FENCE_TYPE", ParamInt8, 15, true, ""},
		{"FENCE_TYPE", ParamInt8, 16, false, "0 to 15"},
		{"RTL_ALT", ParamInt32, 1500, true, ""},
		{"RTL_ALT", ParamInt32, 100, false, "200 to 300000"},
		{"SERVO1_MIN", ParamInt16, 32767, true, ""},
		{"SERVO1_MIN", ParamInt16, 32768, false, "-32768 to 32767"},
		{"X_U8", ParamUint8, -1, false, "0 to 255"},
		{"X_I8", ParamInt8, -128, true, ""},
		{"X_U16", ParamUint16, 65535, true, ""},
		{"X_U32", ParamUint32, 4294967296, false, "0 to 4294967295"},
		{"X_I32", ParamInt32, -2147483649, false, "-2147483648"},
		{"X_REAL", ParamReal32, 1e39, false, "3.4028234663852886e+38"},
		{"X_REAL", ParamReal32, math.NaN(), false, "not a number"},
		{"X_REAL", ParamReal32, math.Inf(1), false, "not a number"},
		{"X_UNTYPED", "", 1e30, true, ""},
		{"X_UNTYPED", "", math.Inf(-1), false, "not a number"},
	}
	for _, ca := range cases {
		t.Run(ca.name+"="+num(ca.value), func(t *testing.T) {
			err := LimitsOf(ca.name, ca.typ).Check(ca.name, ca.value)
			if ca.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrParamRange)
			require.Contains(t, err.Error(), ca.why)
		})
	}
}

func TestParamLimitsSayWhereTheyComeFrom(t *testing.T) {
	l := LimitsOf("FENCE_ALT_MAX", ParamReal32)
	require.Equal(t, ParamLimits{Min: 10, Max: 1000, Source: "real32; ArduPilot AC_Fence: metres above home"}, l)
	require.Equal(t, "int8", LimitsOf("NOT_KNOWN", ParamInt8).Source)
	require.True(t, LimitsOf("NOT_KNOWN", ParamInt8).Integer)
	for name, k := range knownRanges {
		require.Less(t, k.min, k.max, name)
		require.NotEmpty(t, k.source, name)
		require.NoError(t, ValidParamName(name))
	}
}

func TestValidParamName(t *testing.T) {
	for _, ok := range []string{"RTL_ALT", "A", "SERVO16_FUNCTION", "x_lower_9"} {
		require.NoError(t, ValidParamName(ok), ok)
	}
	for _, bad := range []string{"", "SEVENTEEN_CHARS__", "FENCE ALT", "FENCE-ALT", "ÉTÉ", "A,B", "A\x00"} {
		require.ErrorIs(t, ValidParamName(bad), ErrParamName, bad)
	}
}

func TestSafetyParams(t *testing.T) {
	for _, n := range []string{"FENCE_RADIUS", "FS_GCS_ENABLE", "BATT_FS_LOW_ACT", "BATT_LOW_VOLT", "ARMING_CHECK", "RTL_ALT",
		"GF_ACTION", "COM_DL_LOSS_T", "NAV_DLL_ACT", "SYSID_THISMAV", "SYSID_MYGCS"} {
		require.True(t, SafetyParam(n), n)
	}
	for _, n := range []string{"WPNAV_SPEED", "SERVO1_MIN", "BATT_CAPACITY", "BATT2_FS_LOW_ACT", "SYSID_ENFORCE", "XFENCE_"} {
		require.False(t, SafetyParam(n), n)
	}
}

func TestSameParamValue(t *testing.T) {
	require.True(t, SameParamValue(0.135, float64(float32(0.135))), "a file's decimal against the vehicle's float32")
	require.True(t, SameParamValue(0.1234568, float64(float32(0.12345679))), "7 digits")
	require.True(t, SameParamValue(1500, 1500))
	require.False(t, SameParamValue(1500, 1501))
	require.False(t, SameParamValue(0.135, 0.136))
	require.False(t, SameParamValue(0, 0.01))
}
