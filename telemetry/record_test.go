package telemetry

import (
	"path/filepath"
	"testing"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// lastState folds observations into the per-vehicle fields the replay
// must reproduce.
type replayState struct {
	Mode  string
	Armed bool
	Pos   gcs.Position
}

func lastState(obs []gcs.Observation) map[gcs.VehicleID]replayState {
	m := map[gcs.VehicleID]replayState{}
	for _, o := range obs {
		st := m[o.Vehicle]
		switch u := o.Update.(type) {
		case gcs.Identity:
			st.Mode, st.Armed = u.Mode, u.Armed
		case gcs.GlobalPosition:
			st.Pos = u.Position
		default:
			continue
		}
		m[o.Vehicle] = st
	}
	return m
}

// A recorded session replayed through a tlog: link gives the same vehicles,
// positions, modes and armed states; the recording station's own frames
// make no vehicle; commands on a replay are unsupported.
func TestRecordReplay(t *testing.T) {
	dir := t.TempDir()
	rec := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}, RecordDir: dir}
	c := startStation(t, rec)
	p1 := udpPeer(t, rec, "a", 1)
	p2 := udpPeer(t, rec, "a", 2)
	p1.send(copterHB(ardupilotmega.COPTER_MODE_GUIDED, true),
		&common.MessageGlobalPositionInt{Lat: 436_000_000, Lon: 73_000_000, Alt: 100_000, RelativeAlt: 40_000})
	p2.send(copterHB(ardupilotmega.COPTER_MODE_RTL, false),
		&common.MessageGlobalPositionInt{Lat: -336_000_000, Lon: 1_510_000_000, Alt: 5_000, RelativeAlt: 1_000})
	for _, id := range []gcs.VehicleID{"a-1", "a-2"} {
		c.wait(t, 0, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.GlobalPosition); return ok && o.Vehicle == id })
	}
	require.NoError(t, rec.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdArm})) // outgoing traffic, recorded too
	p1.close()
	p2.close()
	rec.Close()
	want := lastState(c.all())

	files, err := filepath.Glob(filepath.Join(dir, "a-*.tlog"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	play := &Station{Links: []LinkConfig{{Name: "a", URL: "tlog:" + files[0] + "?speed=0"}}}
	c2 := startStation(t, play)
	for _, id := range []gcs.VehicleID{"a-1", "a-2"} {
		c2.wait(t, 0, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.GlobalPosition); return ok && o.Vehicle == id })
	}
	require.Eventually(t, func() bool { return play.Stats()["a"].FramesIn > 4 }, 5e9, 1e6)
	require.Equal(t, want, lastState(c2.all()))
	require.Equal(t, map[gcs.VehicleID]bool{"a-1": true, "a-2": true}, c2.vehicles())
	require.ErrorIs(t, play.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdArm}), gcs.ErrUnsupported)
	require.Equal(t, files[0], play.Addrs()["a"])
	st := play.Stats()["a"]
	require.Zero(t, st.BadCRC+st.Junk+st.Malformed)
}
