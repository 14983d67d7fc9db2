package gcs

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// memJournal keeps orders in memory.
type memJournal struct {
	mu   sync.Mutex
	recs []OrderRecord
}

func (j *memJournal) Record(_ context.Context, r OrderRecord) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.recs = append(j.recs, r)
	return nil
}

func (j *memJournal) Recent(context.Context, int, bool) ([]OrderRecord, error) { return nil, nil }

func f64(v float64) *float64 { return &v }

func withCamera(f *Fleet, id VehicleID) {
	observe(f, id, CameraUpdate{Camera: VehicleCamera{Component: 100, HFOV: 60,
		Streams: []VideoStream{{Key: "c100s1", ID: 1, URI: "rtsp://10.0.0.5:8554/cam", Source: "mavlink"}}}})
}

func TestCameraOrdersAreValidated(t *testing.T) {
	cases := []struct {
		name string
		cmd  Command
		ok   bool
	}{
		{"pitch only", Command{Kind: CmdGimbal, Pitch: f64(-45)}, true},
		{"yaw only, earth frame", Command{Kind: CmdGimbal, Yaw: f64(-180), YawEarth: true}, true},
		{"nadir and limits", Command{Kind: CmdGimbal, Pitch: f64(-90), Yaw: f64(180)}, true},
		{"neither", Command{Kind: CmdGimbal}, false},
		{"pitch NaN", Command{Kind: CmdGimbal, Pitch: f64(math.NaN())}, false},
		{"pitch too high", Command{Kind: CmdGimbal, Pitch: f64(31)}, false},
		{"pitch below nadir", Command{Kind: CmdGimbal, Pitch: f64(-90.5)}, false},
		{"yaw Inf", Command{Kind: CmdGimbal, Yaw: f64(math.Inf(1))}, false},
		{"yaw too far", Command{Kind: CmdGimbal, Yaw: f64(181)}, false},
		{"look at a boat", Command{Kind: CmdLookAt, Lat: 36.14, Lon: -5.35}, true},
		{"look at null island", Command{Kind: CmdLookAt}, false},
		{"look at NaN", Command{Kind: CmdLookAt, Lat: math.NaN(), Lon: 1}, false},
		{"look off the globe", Command{Kind: CmdLookAt, Lat: 91, Lon: 1}, false},
		{"look into space", Command{Kind: CmdLookAt, Lat: 36, Lon: -5, Altitude: 1e6}, false},
		{"look at NaN altitude", Command{Kind: CmdLookAt, Lat: 36, Lon: -5, Altitude: math.NaN()}, false},
		{"look free", Command{Kind: CmdLookFree}, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			err := Validate("a-1", ca.cmd)
			if ca.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalidCommand)
		})
	}
}

func TestCameraOrdersFlyUnderTheLawAndAreJournalled(t *testing.T) {
	c, up := lawWorld(t) // flying, with an operation whose law refuses a go-to east
	j := &memJournal{}
	c.Journal = j
	ctx := context.Background()

	// No camera yet: refused, nothing sent.
	r := c.Do(ctx, []VehicleID{"a-1"}, Command{Kind: CmdGimbal, Pitch: f64(-30)})[0]
	require.ErrorIs(t, r.Err, ErrUnsupported)
	require.Contains(t, r.Error, "no camera")
	require.Empty(t, up.got)

	withCamera(c.Fleet, "a-1")
	// Pointing the camera into the prohibited zone does not move the vehicle.
	look := Command{Kind: CmdLookAt, Lat: 36.15, Lon: -5.378}
	r = c.Do(ctx, []VehicleID{"a-1"}, look)[0]
	require.True(t, r.OK, r.Error)
	require.Equal(t, look, up.got["a-1"])
	v, _ := c.Fleet.Vehicle("a-1")
	require.NotNil(t, v.Gimbal)
	require.Equal(t, &Position{Lat: 36.15, Lon: -5.378}, v.Gimbal.ROI)
	require.False(t, v.Gimbal.Pitch.Known(), "the ROI alone says nothing of the angles")

	// A gimbal report keeps the ROI; look_free forgets it.
	observe(c.Fleet, "a-1", GimbalUpdate{Gimbal: Gimbal{Component: 154, Pitch: -20, Yaw: 5, YawEarth: Unknown}})
	v, _ = c.Fleet.Vehicle("a-1")
	require.Equal(t, Reading(-20), v.Gimbal.Pitch)
	require.NotNil(t, v.Gimbal.ROI)
	r = c.Do(ctx, []VehicleID{"a-1"}, Command{Kind: CmdLookFree})[0]
	require.True(t, r.OK, r.Error)
	v, _ = c.Fleet.Vehicle("a-1")
	require.Nil(t, v.Gimbal.ROI)

	r = c.Do(ctx, []VehicleID{"a-1"}, Command{Kind: CmdGimbal, Pitch: f64(-90), Yaw: f64(0)})[0]
	require.True(t, r.OK, r.Error)

	// A refused look_at leaves no ROI behind.
	up.Answer = func(VehicleID, Command) error {
		return &RejectedError{Command: "MAV_CMD_DO_SET_ROI_LOCATION", Result: 4}
	}
	require.False(t, c.Do(ctx, []VehicleID{"a-1"}, look)[0].OK)
	v, _ = c.Fleet.Vehicle("a-1")
	require.Nil(t, v.Gimbal.ROI)

	var kinds []CommandKind
	for _, rec := range j.recs {
		kinds = append(kinds, rec.Command.Kind)
	}
	require.Equal(t, []CommandKind{CmdGimbal, CmdLookAt, CmdLookFree, CmdGimbal, CmdLookAt}, kinds)
	require.Equal(t, -90.0, *j.recs[3].Command.Pitch)
}
