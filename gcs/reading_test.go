package gcs

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

var readingCases = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 12.6, 65.535, 1e-7, -3.2e-9, 1e20, 1e21, 123456789.123, math.MaxFloat64, math.SmallestNonzeroFloat64}

func TestReadingEncodesAsFloat64OrNull(t *testing.T) {
	for _, f := range readingCases {
		want, err := json.Marshal(f)
		require.NoError(t, err)
		got, err := json.Marshal(Reading(f))
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "%v", f)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		got, err := json.Marshal(struct{ R Reading }{Reading(f)})
		require.NoError(t, err)
		require.JSONEq(t, `{"R": null}`, string(got))
	}
}

func TestReadingDecodesNullAsUnknown(t *testing.T) {
	var b Battery
	require.NoError(t, json.Unmarshal([]byte(`{"voltage": 12.5, "current": null}`), &b))
	require.Equal(t, Reading(12.5), b.Voltage)
	require.False(t, b.Current.Known())
	require.Error(t, json.Unmarshal([]byte(`{"voltage": "high"}`), &b))
}

func TestReadingFormatsUnknownPlainly(t *testing.T) {
	require.Equal(t, "battery 57% (12.6 V)", fmt.Sprintf("battery %.0f%% (%.1f V)", Reading(57), Reading(12.62)))
	require.Equal(t, "battery ?% (? V)", fmt.Sprintf("battery %.0f%% (%.1f V)", Unknown, Unknown))
	require.Equal(t, "unknown", Unknown.String())
	require.Equal(t, 3.0, Unknown.Or(3))
	require.Equal(t, 2.0, Reading(2).Or(3))
}

// FuzzReadingJSON: a Reading encodes exactly as encoding/json encodes the
// same float64, or as null when that cannot be encoded, and reads back.
func FuzzReadingJSON(f *testing.F) {
	for _, c := range readingCases {
		f.Add(math.Float64bits(c))
	}
	f.Add(math.Float64bits(math.NaN()))
	f.Fuzz(func(t *testing.T, bits uint64) {
		x := math.Float64frombits(bits)
		got, err := json.Marshal(Reading(x))
		require.NoError(t, err)
		want, err := json.Marshal(x)
		if err != nil {
			require.Equal(t, "null", string(got))
			return
		}
		require.Equal(t, string(want), string(got))
		var back Reading
		require.NoError(t, json.Unmarshal(got, &back))
		require.Equal(t, x, float64(back))
	})
}
