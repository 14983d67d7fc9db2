package telemetry

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/mission/mavlink"
)

// loopbackTiming scales the mission timeouts down for loopback, where an
// answer takes well under a millisecond; the fake vehicle re-requests every
// 8 ms, so the station's ack timeout must be longer.
var loopbackTiming = MissionTiming{MissionAckTimeout: 40 * time.Millisecond, MissionItemTimeout: 8 * time.Millisecond}

const fakeReRequest = 8 * time.Millisecond

// lossyTiming is tighter still for the loss test, whose time goes into
// waiting out lost messages: the vehicle re-requests every 2 ms.
var lossyTiming = MissionTiming{MissionAckTimeout: 10 * time.Millisecond, MissionItemTimeout: 2 * time.Millisecond}

// missionSetup starts a station with the loopback timing and an ArduCopter
// peer with the vehicle side of the mission protocol.
func missionSetup(t *testing.T, hb *common.MessageHeartbeat) (*Station, *collector, *peer, *fakeMission) {
	t.Helper()
	s := &Station{LinkTimeout: time.Hour, MissionTiming: loopbackTiming}
	c, p := commandSetup(t, s, hb)
	return s, c, p, newFakeMission(t, p, fakeReRequest)
}

func copter() *common.MessageHeartbeat { return copterHB(ardupilotmega.COPTER_MODE_LOITER, false) }

func transferError(t *testing.T, err error) *TransferError {
	t.Helper()
	require.ErrorIs(t, err, gcs.ErrTransfer)
	var te *TransferError
	require.ErrorAs(t, err, &te)
	return te
}

func TestTransferRoundTrip(t *testing.T) {
	s, _, _, f := missionSetup(t, copter())
	for _, kind := range []mavlink.MissionType{mavlink.TypeMission, mavlink.TypeFence, mavlink.TypeRally} {
		t.Run(kind.String(), func(t *testing.T) {
			items := testItems(kind, 12)
			var prog []int
			require.NoError(t, s.Upload(bg, "a-1", kind, items, func(done, total int) {
				require.Equal(t, 12, total)
				prog = append(prog, done)
			}))
			require.Equal(t, 12, prog[len(prog)-1])
			f.set(func(f *fakeMission) { require.Equal(t, items, f.store[kind]) })
			got, err := s.Download(bg, "a-1", kind, nil)
			require.NoError(t, err)
			require.Equal(t, items, got)
			require.NoError(t, s.Clear(bg, "a-1", kind))
			got, err = s.Download(bg, "a-1", kind, nil)
			require.NoError(t, err)
			require.Empty(t, got)
		})
	}
	require.NoError(t, s.Upload(bg, "a-1", mavlink.TypeMission, nil, nil), "an empty upload")
}

func TestTransferLegacy(t *testing.T) {
	s, _, _, f := missionSetup(t, copter())
	f.set(func(f *fakeMission) { f.legacyReq, f.legacyIt = true, true })
	items := testItems(mavlink.TypeMission, 5)
	for i := range items { // degrees that float32 holds exactly
		items[i].X, items[i].Y = 435_000_000+int32(i)*2_500_000, -12_500_000
	}
	items[4].Frame, items[4].Command, items[4].X, items[4].Y = 2, 177, 1, 3 // DO_JUMP, MAV_FRAME_MISSION
	require.NoError(t, s.Upload(bg, "a-1", mavlink.TypeMission, items, nil))
	f.set(func(f *fakeMission) { require.GreaterOrEqual(t, f.legacyN, 5) })
	got, err := s.Download(bg, "a-1", mavlink.TypeMission, nil)
	require.NoError(t, err)
	require.Equal(t, items, got)
}

func TestDownloadOutOfOrder(t *testing.T) {
	s, _, _, f := missionSetup(t, copter())
	items := testItems(mavlink.TypeFence, 10)
	require.NoError(t, s.Upload(bg, "a-1", mavlink.TypeFence, items, nil))
	f.set(func(f *fakeMission) { f.stray = true })
	got, err := s.Download(bg, "a-1", mavlink.TypeFence, nil)
	require.NoError(t, err)
	require.Equal(t, items, got)
}

func TestUploadOutOfRangeRequest(t *testing.T) {
	s, _, p, f := missionSetup(t, copter())
	f.set(func(f *fakeMission) { f.silent = true })
	errc := make(chan error, 1)
	go func() { errc <- s.Upload(bg, "a-1", mavlink.TypeRally, testItems(mavlink.TypeRally, 3), nil) }()
	time.Sleep(10 * time.Millisecond)
	p.send(&common.MessageMissionRequestInt{TargetSystem: 255, Seq: 7, MissionType: common.MAV_MISSION_TYPE_RALLY})
	te := transferError(t, <-errc)
	require.ErrorIs(t, te, errProtocol)
	require.Contains(t, te.Error(), "requested item 7 of 3")
}

func TestUploadGivesUpAfterRestarts(t *testing.T) {
	s, _, _, f := missionSetup(t, copter())
	f.set(func(f *fakeMission) { f.nackSeq, f.nack, f.nackEvery = 2, common.MAV_MISSION_ERROR, true })
	err := s.Upload(bg, "a-1", mavlink.TypeMission, testItems(mavlink.TypeMission, 5), nil)
	te := transferError(t, err)
	require.Equal(t, int(common.MAV_MISSION_ERROR), te.Result)
	require.True(t, te.Partial)
}

func TestUploadAckErrors(t *testing.T) {
	s, _, _, f := missionSetup(t, copter())
	for r := common.MAV_MISSION_ERROR; r <= common.MAV_MISSION_OPERATION_CANCELLED; r++ {
		t.Run(r.String(), func(t *testing.T) {
			f.set(func(f *fakeMission) { f.nackSeq, f.nack = 2, r })
			err := s.Upload(bg, "a-1", mavlink.TypeMission, testItems(mavlink.TypeMission, 5), nil)
			if r == common.MAV_MISSION_INVALID_SEQUENCE {
				require.NoError(t, err, "ArduPilot's INVALID_SEQUENCE is ignored, as QGC does")
				return
			}
			if r == common.MAV_MISSION_OPERATION_CANCELLED || r == common.MAV_MISSION_ERROR {
				require.NoError(t, err, "an upload ArduPilot gave up on (or stopped receiving) is started again")
				return
			}
			te := transferError(t, err)
			require.Equal(t, int(r), te.Result)
			require.Equal(t, r.String(), te.ResultName)
			require.Equal(t, [2]int{2, 5}, [2]int{te.Done, te.Total})
			require.True(t, te.Partial, "ArduPilot writes mission items as they arrive")
			require.Contains(t, te.Error(), "ArduPilot has no cancel")
			require.Contains(t, te.Error(), missionResults[r])
		})
	}
	t.Run("fence is committed at the end", func(t *testing.T) {
		f.set(func(f *fakeMission) { f.nackSeq, f.nack = 1, common.MAV_MISSION_NO_SPACE })
		te := transferError(t, s.Upload(bg, "a-1", mavlink.TypeFence, testItems(mavlink.TypeFence, 4), nil))
		require.False(t, te.Partial)
	})
	t.Run("clear refused", func(t *testing.T) {
		f.set(func(f *fakeMission) { f.clearRes = common.MAV_MISSION_DENIED })
		te := transferError(t, s.Clear(bg, "a-1", mavlink.TypeMission))
		require.Equal(t, "MAV_MISSION_DENIED", te.ResultName)
		require.Equal(t, "clear", te.Op)
	})
}

func TestTransferLinkLost(t *testing.T) {
	s := &Station{LinkTimeout: 300 * time.Millisecond, MissionTiming: loopbackTiming}
	_, p := commandSetup(t, s, copter())
	f := newFakeMission(t, p, fakeReRequest)
	f.set(func(f *fakeMission) { f.silentAt = 4 })
	stop := make(chan struct{})
	go func() { // heartbeats until the vehicle goes silent
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				f.set(func(f *fakeMission) {
					if !f.silent {
						p.send(copter())
					}
				})
			}
		}
	}()
	defer close(stop)
	// the station gives up only when the link is lost, not on its retries
	s.do(bg, func() { s.MissionItemRetries, s.MissionRetryBase = 1000, 1000 }) //nolint:errcheck
	te := transferError(t, s.Upload(bg, "a-1", mavlink.TypeMission, testItems(mavlink.TypeMission, 10), nil))
	require.ErrorIs(t, te, gcs.ErrLinkLost)
	require.True(t, te.Partial)
	require.Equal(t, 4, te.Done)
	require.Contains(t, te.Error(), "may now hold a partial mission")
}

func TestTransferCancel(t *testing.T) {
	s, _, _, f := missionSetup(t, copter())
	f.set(func(f *fakeMission) { f.silentAt = 2 })
	ctx, cancel := context.WithCancel(bg)
	errc := make(chan error, 1)
	go func() {
		errc <- s.Upload(ctx, "a-1", mavlink.TypeMission, testItems(mavlink.TypeMission, 6), func(done, _ int) {
			if done == 2 {
				cancel()
			}
		})
	}()
	te := transferError(t, <-errc)
	require.ErrorIs(t, te, context.Canceled)
	require.True(t, te.Partial)
	select {
	case a := <-f.acks:
		require.Equal(t, common.MAV_MISSION_OPERATION_CANCELLED, a.Type)
	case <-time.After(5 * time.Second):
		t.Fatal("the vehicle got no OPERATION_CANCELLED")
	}
}

// A second transfer of the same kind is refused; telemetry goes on
// meanwhile.
func TestTransferBusy(t *testing.T) {
	s, c, p, f := missionSetup(t, copter())
	require.NoError(t, s.Upload(bg, "a-1", mavlink.TypeRally, testItems(mavlink.TypeRally, 3), nil))
	f.set(func(f *fakeMission) { f.silentAt = 1 })
	s.do(bg, func() { s.MissionItemRetries, s.MissionRetryBase = 1000, 1000 }) //nolint:errcheck
	ctx, cancel := context.WithCancel(bg)
	errc := make(chan error, 1)
	go func() { errc <- s.Upload(ctx, "a-1", mavlink.TypeMission, testItems(mavlink.TypeMission, 6), nil) }()
	require.Eventually(t, func() bool {
		silent := false
		f.set(func(f *fakeMission) { silent = f.silent })
		return silent
	}, 5*time.Second, time.Millisecond)
	err := s.Upload(bg, "a-1", mavlink.TypeMission, nil, nil)
	require.ErrorIs(t, err, ErrBusy)
	require.ErrorIs(t, err, gcs.ErrTransfer)
	n := c.len()
	p.send(&common.MessageMissionCurrent{Seq: 3})
	c.wait(t, n, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.MissionProgress); return ok })
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
}

// Transfers for different vehicles run at the same time.
func TestTransferConcurrentVehicles(t *testing.T) {
	s := &Station{LinkTimeout: time.Hour, MissionTiming: loopbackTiming, Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}}
	c := startStation(t, s)
	var wg sync.WaitGroup
	for sys := uint8(1); sys <= 4; sys++ {
		p := udpPeer(t, s, "a", sys)
		newFakeMission(t, p, fakeReRequest)
		p.send(copter())
		id := gcs.VehicleID(fmt.Sprintf("a-%d", sys))
		c.wait(t, 0, isLink(id, found))
		wg.Add(1)
		go func() {
			defer wg.Done()
			items := testItems(mavlink.TypeMission, 30)
			require.NoError(t, s.Upload(bg, id, mavlink.TypeMission, items, nil))
			got, err := s.Download(bg, id, mavlink.TypeMission, nil)
			require.NoError(t, err)
			require.Equal(t, items, got)
		}()
	}
	wg.Wait()
}

// With seeded 20 % loss in each direction, 20 transfers (upload then
// download) of a 100-item mission all succeed within the default budget.
func TestTransferLossy(t *testing.T) {
	s := &Station{LinkTimeout: time.Hour, MissionTiming: lossyTiming}
	_, p := commandSetup(t, s, copter())
	f := newFakeMission(t, p, 2*time.Millisecond)
	f.setLoss(0.2, 0.2, 42)
	items := testItems(mavlink.TypeMission, 100)
	for i := range 20 {
		require.NoError(t, s.Upload(bg, "a-1", mavlink.TypeMission, items, nil), "upload %d", i)
		got, err := s.Download(bg, "a-1", mavlink.TypeMission, nil)
		require.NoError(t, err, "download %d", i)
		require.Equal(t, items, got)
	}
	t.Logf("%.1f retries per transfer", float64(s.xferRetries.Load())/40)
}

// A download right after an upload whose final ACK was lost can meet a
// late MAV_MISSION_ERROR that ArduPilot sent for the re-sent last item:
// it is not the answer to MISSION_REQUEST_LIST, and the download goes on.
func TestDownloadIgnoresALateErrorFromTheUploadBefore(t *testing.T) {
	s := &Station{LinkTimeout: time.Hour, MissionTiming: loopbackTiming}
	_, p := commandSetup(t, s, copter())
	f := newFakeMission(t, p, fakeReRequest)
	items := testItems(mavlink.TypeMission, 5)
	require.NoError(t, s.Upload(bg, "a-1", mavlink.TypeMission, items, nil))
	f.set(func(f *fakeMission) { f.staleAck = true })
	got, err := s.Download(bg, "a-1", mavlink.TypeMission, nil)
	require.NoError(t, err)
	require.Equal(t, items, got)
}

func TestTransferErrors(t *testing.T) {
	s, _, _, _ := missionSetup(t, copter())
	te := transferError(t, s.Upload(bg, "a-9", mavlink.TypeMission, nil, nil))
	require.ErrorIs(t, te, gcs.ErrUnknownVehicle)
	te = transferError(t, s.Clear(bg, "a-1", 7))
	require.ErrorIs(t, te, gcs.ErrInvalidCommand)
}

func TestBudget(t *testing.T) {
	var m MissionTiming
	m.defaults()
	require.Equal(t, []int{10, 110, 210, 510}, []int{m.budget(0), m.budget(100), m.budget(200), m.budget(500)})
	require.Equal(t, 1500*time.Millisecond, m.MissionAckTimeout)
	require.Equal(t, 250*time.Millisecond, m.MissionItemTimeout)
}
