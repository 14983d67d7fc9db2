package station_test

import (
	"os"
	"testing"

	"skerry/video/decode"
)

// TestMain lets the test binary serve as a video decoder child process,
// and as a station child process (stationChild).
func TestMain(m *testing.M) {
	decode.ChildMain()
	stationChild()
	os.Exit(m.Run())
}
