package cli

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestParseCameras(t *testing.T) {
	got, err := parseCameras([]string{"radio-1=rtsp://10.0.0.5:8554/cam", "radio-1=rtsps://h/x", "sim1-2=rtsp://127.0.0.1:8554/a"})
	require.NoError(t, err)
	require.Equal(t, map[gcs.VehicleID][]string{
		"radio-1": {"rtsp://10.0.0.5:8554/cam", "rtsps://h/x"},
		"sim1-2":  {"rtsp://127.0.0.1:8554/a"},
	}, got)
	for _, bad := range []string{"rtsp://h/x", "=rtsp://h/x", "v=http://h/x", "v=rtsp://", "v=%zz"} {
		_, err := parseCameras([]string{bad})
		require.Error(t, err, bad)
	}
}
