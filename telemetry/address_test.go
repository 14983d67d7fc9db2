package telemetry

import (
	"testing"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

func TestAddressFillsOnlyMissingTargets(t *testing.T) {
	sp := &common.MessageSetPositionTargetGlobalInt{LatInt: 1}
	address(sp, 7, 1)
	require.Equal(t, [2]uint8{7, 1}, [2]uint8{sp.TargetSystem, sp.TargetComponent})

	cam := &common.MessageCommandLong{TargetSystem: 7, TargetComponent: 100}
	address(cam, 7, 1)
	require.Equal(t, uint8(100), cam.TargetComponent, "a target the caller set is kept")

	hb := &common.MessageHeartbeat{}
	address(hb, 7, 1) // no target fields: nothing to do, no panic
	require.Equal(t, &common.MessageHeartbeat{}, hb)
}
