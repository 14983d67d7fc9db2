package telemetry

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
)

// simStation is a station with one link and the simulator (one ArduCopter,
// ~1100 parameters, streamed at ArduPilot's pace) sending to it over
// loopback UDP.
func simStation(t *testing.T, s *Station, speedup float64) (*Station, *sim.Sim) {
	t.Helper()
	s.Links = []LinkConfig{{Name: "sim", URL: "udp-server:127.0.0.1:0"}}
	c := startStation(t, s)
	sm, err := sim.New(sim.Config{Vehicles: 1, Speedup: speedup, Seed: 3,
		Links: []sim.LinkConfig{{Paths: []string{"udp:" + s.Addrs()["sim"]}}}})
	require.NoError(t, err)
	require.NoError(t, sm.Start())
	t.Cleanup(sm.Close)
	c.wait(t, 0, isLink("sim-1", found))
	return s, sm
}

// TestReadAllParamsFromTheSimulator reads every parameter of a simulated
// ArduCopter, first on a clean link, then with a tenth of the vehicle's
// frames lost: the read completes either way, the lost ones asked for by
// index, and the progress counts up to the total.
func TestReadAllParamsFromTheSimulator(t *testing.T) {
	for _, loss := range []float64{0, 0.1} {
		t.Run(map[float64]string{0: "clean", 0.1: "10% loss"}[loss], func(t *testing.T) {
			s, sm := simStation(t, &Station{}, 10)
			sm.SetFaults(0, 0, sim.Faults{DropOut: loss})
			var seen []gcs.ParamProgress
			start := time.Now()
			err := s.ReadAllParams(bg, "sim-1", func(p gcs.ParamProgress) { seen = append(seen, p) })
			took := time.Since(start)
			require.NoError(t, err)
			tab, err := s.ParamTable(bg, "sim-1")
			require.NoError(t, err)
			t.Logf("%d parameters in %s with %.0f%% of the vehicle's frames lost (simulator at 10×: 250 a simulated second); %d progress reports",
				len(tab.Params), took.Round(time.Millisecond), loss*100, len(seen))
			require.True(t, tab.Complete())
			require.Greater(t, tab.Count, 900)
			require.Len(t, tab.Params, tab.Count)
			last := seen[len(seen)-1]
			require.Equal(t, gcs.ParamProgress{Received: tab.Count, Total: tab.Count}, last)
			for i := 1; i < len(seen); i++ {
				require.GreaterOrEqual(t, seen[i].Received, seen[i-1].Received, "progress only counts up")
			}
			p, ok := tab.Lookup("FENCE_RADIUS")
			require.True(t, ok)
			require.Equal(t, 300.0, p.Value)
			require.Equal(t, gcs.ParamReal32, p.Type)
			require.GreaterOrEqual(t, p.Index, 0)
		})
	}
}

// TestSetParamReadsBackWhatTheSimulatorKeeps writes a float and an integer
// parameter: the float is kept, the integer rounded by the vehicle, which
// the station reports with the value kept.
func TestSetParamReadsBackWhatTheSimulatorKeeps(t *testing.T) {
	// An unknown name is answered by silence: one try, briefly.
	s, _ := simStation(t, &Station{CommandTimeout: 500 * time.Millisecond, CommandRetries: -1}, 5)
	p, err := s.SetParam(bg, "sim-1", "FENCE_RADIUS", 450)
	require.NoError(t, err)
	require.Equal(t, gcs.Param{Name: "FENCE_RADIUS", Value: 450, Type: gcs.ParamReal32, Index: -1}, p, "an answer to PARAM_SET has no index")

	p, err = s.SetParam(bg, "sim-1", "RTL_ALT", 1500.7)
	var rej *gcs.RejectedError
	require.True(t, errors.As(err, &rej), "%v", err)
	require.Equal(t, 1501.0, p.Value)
	require.Equal(t, gcs.ParamInt32, p.Type)

	got, err := s.GetParam(bg, "sim-1", "RTL_ALT")
	require.NoError(t, err)
	require.Equal(t, 1501.0, got.Value)
	_, err = s.GetParam(bg, "sim-1", "NO_SUCH_PARAM")
	require.ErrorIs(t, err, gcs.ErrUnknownParam)
}
