package telemetry

import (
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

func TestParamReadWrite(t *testing.T) {
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	v, err := s.ReadParam(bg, "a-1", "WPNAV_SPEED")
	require.NoError(t, err)
	require.Equal(t, 500.0, v)
	req := (<-p.reqs).(*common.MessageParamRequestRead)
	require.Equal(t, common.MessageParamRequestRead{TargetSystem: 1, TargetComponent: 1, ParamId: "WPNAV_SPEED", ParamIndex: -1}, *req)

	require.NoError(t, s.WriteParam(bg, "a-1", "WPNAV_SPEED", 750.5))
	set := (<-p.reqs).(*common.MessageParamSet)
	require.Equal(t, float32(750.5), set.ParamValue)
	v, err = s.ReadParam(bg, "a-1", "WPNAV_SPEED")
	require.NoError(t, err)
	require.Equal(t, 750.5, v)

	_, err = s.ReadParam(bg, "a-1", "A_NAME_LONGER_THAN_16")
	require.ErrorIs(t, err, gcs.ErrUnknownParam)
}

// ArduPilot says nothing about unknown names: after the retries (by the
// injected clock) the answer is ErrUnknownParam, which is also ErrTimeout.
func TestParamUnknown(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour, CommandRetries: 2}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	errc := make(chan error, 1)
	go func() {
		_, err := s.ReadParam(bg, "a-1", "NO_SUCH_PARAM")
		errc <- err
	}()
	for range 3 {
		<-p.reqs
		clk.Advance(3 * time.Second)
	}
	err := <-errc
	require.ErrorIs(t, err, gcs.ErrUnknownParam)
	require.ErrorIs(t, err, gcs.ErrTimeout)
	require.Empty(t, p.reqs)
}
