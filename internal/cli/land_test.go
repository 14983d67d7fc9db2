package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestServeRefusesABasemapThatIsNoGeoJSON: the basemap's land filters
// vessel detections, so a basemap the station cannot read is an error at
// start, not a console without a map.
func TestServeRefusesABasemapThatIsNoGeoJSON(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "map.svg")
	require.NoError(t, os.WriteFile(bad, []byte("<svg/>"), 0o600))
	var out, errs bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--http", "127.0.0.1:0", "--link", "a=udp-server:127.0.0.1:0", "--data=",
		"--land-margin", "40", "--basemap", bad}, &out, &errs)
	require.Equal(t, 1, code)
	require.Contains(t, errs.String(), "basemap: land:")
}

func TestLandMarginFlag(t *testing.T) {
	require.Equal(t, 40.0, landMargin(40))
	require.Negative(t, landMargin(0), "0 on the command line is no margin, not the station's default")
	require.Equal(t, -3.0, landMargin(-3))
}
