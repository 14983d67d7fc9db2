package station_test

import (
	"os"
	"testing"

	"skerry/video/decode"
)

// TestMain lets the test binary serve as a video decoder child process.
func TestMain(m *testing.M) {
	decode.ChildMain()
	os.Exit(m.Run())
}
