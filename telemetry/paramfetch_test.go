package telemetry

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
)

// listPeer answers PARAM_REQUEST_LIST with n parameters (P000, P001, ...:
// int16 for even indices, real32 for odd ones, value = index × 1.5),
// leaving out the indices in drop, and answers reads by index unless the
// index is in dropAgain (each such read is dropped once).
type listPeer struct {
	*peer
	n         int
	mu        sync.Mutex
	drop      map[int]bool
	dropAgain map[int]int
	lists     int
	byIndex   []int // indices asked for, in order
}

func newListPeer(t *testing.T, s *Station, n int, drop []int, dropAgain map[int]int) *listPeer {
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	lp := &listPeer{peer: p, n: n, drop: map[int]bool{}, dropAgain: dropAgain}
	for _, i := range drop {
		lp.drop[i] = true
	}
	hook := func(m message.Message) {
		switch m := m.(type) {
		case *common.MessageParamRequestList:
			lp.mu.Lock()
			lp.lists++
			lp.mu.Unlock()
			for i := range n {
				if !lp.drop[i] {
					lp.send(lp.value(i))
				}
			}
		case *common.MessageParamRequestRead:
			lp.mu.Lock()
			i := int(m.ParamIndex)
			lp.byIndex = append(lp.byIndex, i)
			skip := lp.dropAgain[i] > 0
			if skip {
				lp.dropAgain[i]--
			}
			lp.mu.Unlock()
			if !skip && i < n {
				lp.send(lp.value(i))
			}
		}
	}
	p.hook.Store(&hook)
	return lp
}

func (lp *listPeer) value(i int) *common.MessageParamValue {
	typ := common.MAV_PARAM_TYPE_INT16
	if i%2 == 1 {
		typ = common.MAV_PARAM_TYPE_REAL32
	}
	return &common.MessageParamValue{ParamId: fmt.Sprintf("P%03d", i), ParamValue: float32(i) * 1.5, ParamType: typ,
		ParamCount: uint16(lp.n), ParamIndex: uint16(i)}
}

func (lp *listPeer) asked() []int {
	lp.mu.Lock()
	defer lp.mu.Unlock()
	return append([]int(nil), lp.byIndex...)
}

// readAll runs ReadAllParams in the background, keeping its progress.
type readAll struct {
	mu   sync.Mutex
	seen []gcs.ParamProgress
	errc chan error
}

func startReadAll(s *Station, id gcs.VehicleID) *readAll {
	r := &readAll{errc: make(chan error, 1)}
	go func() {
		r.errc <- s.ReadAllParams(context.Background(), id, func(p gcs.ParamProgress) {
			r.mu.Lock()
			r.seen = append(r.seen, p)
			r.mu.Unlock()
		})
	}()
	return r
}

func (r *readAll) last() gcs.ParamProgress {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) == 0 {
		return gcs.ParamProgress{}
	}
	return r.seen[len(r.seen)-1]
}

// received waits until the station has received n values of the read.
func received(t *testing.T, s *Station, id gcs.VehicleID, n int) {
	t.Helper()
	require.Eventually(t, func() bool {
		tab, err := s.ParamTable(bg, id)
		return err == nil && tab.Received == n
	}, 5*time.Second, time.Millisecond)
}

// TestReadAllParamsAsksForWhatIsMissing: three values of the stream are
// lost; after the quiet gap (by the injected clock) they are asked for by
// index, and the one lost again is asked for again after Retry.
func TestReadAllParamsAsksForWhatIsMissing(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour, ParamTiming: ParamTiming{Quiet: time.Second, Retry: 250 * time.Millisecond}}
	lp := newListPeer(t, s, 50, []int{3, 17, 42}, map[int]int{42: 1})
	r := startReadAll(s, "a-1")
	received(t, s, "a-1", 47)
	require.Empty(t, lp.asked(), "nothing asked while the stream may go on")

	clk.Advance(time.Second)
	received(t, s, "a-1", 49)
	require.Equal(t, []int{3, 17, 42}, lp.asked())
	clk.Advance(250 * time.Millisecond)
	require.NoError(t, <-r.errc)
	require.Equal(t, []int{3, 17, 42, 42}, lp.asked())
	require.Equal(t, gcs.ParamProgress{Received: 50, Total: 50}, r.last())

	tab, err := s.ParamTable(bg, "a-1")
	require.NoError(t, err)
	require.True(t, tab.Complete())
	require.False(t, tab.Reading)
	require.Equal(t, 50, tab.Count)
	require.Len(t, tab.Params, 50)
	require.Equal(t, gcs.Param{Name: "P042", Value: 63, Type: gcs.ParamInt16, Index: 42}, tab.Params[42])
	require.Equal(t, gcs.Param{Name: "P017", Value: 25.5, Type: gcs.ParamReal32, Index: 17}, tab.Params[17])
}

// TestReadAllParamsGivesUpOnAParameterThatNeverComes: after Tries requests
// by index the read fails, saying how many are missing; the table keeps
// what arrived.
func TestReadAllParamsGivesUpOnAParameterThatNeverComes(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour, ParamTiming: ParamTiming{Quiet: time.Second, Retry: 250 * time.Millisecond, Tries: 3}}
	lp := newListPeer(t, s, 20, []int{5}, map[int]int{5: 100})
	r := startReadAll(s, "a-1")
	received(t, s, "a-1", 19)
	clk.Advance(time.Second)
	for i := 1; i <= 3; i++ {
		require.Eventually(t, func() bool { return len(lp.asked()) == i }, 5*time.Second, time.Millisecond)
		clk.Advance(250 * time.Millisecond)
	}
	err := <-r.errc
	require.ErrorIs(t, err, gcs.ErrTimeout)
	require.ErrorContains(t, err, "1 of 20 never arrived after 4 requests each")
	tab, err := s.ParamTable(bg, "a-1")
	require.NoError(t, err)
	require.False(t, tab.Complete())
	require.Len(t, tab.Params, 19)
	require.Contains(t, tab.Error, "never arrived")
}

// TestReadAllParamsAsksForTheListAgain: a PARAM_REQUEST_LIST nobody
// answers is sent again every CommandTimeout; a second caller joins the
// read under way instead of starting another.
func TestReadAllParamsAsksForTheListAgain(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour}
	lp := newListPeer(t, s, 10, nil, nil)
	lists := make(chan struct{}, 10)
	deaf := true
	var mu sync.Mutex
	hook := func(m message.Message) {
		if _, ok := m.(*common.MessageParamRequestList); ok {
			lists <- struct{}{}
			mu.Lock()
			d := deaf
			mu.Unlock()
			if !d {
				for i := range 10 {
					lp.send(lp.value(i))
				}
			}
		}
	}
	lp.hook.Store(&hook)
	r1 := startReadAll(s, "a-1")
	<-lists
	r2 := startReadAll(s, "a-1")
	require.Eventually(t, func() bool {
		r2.mu.Lock()
		defer r2.mu.Unlock()
		return len(r2.seen) > 0
	}, 5*time.Second, time.Millisecond, "the second caller hears the read's progress at once")
	mu.Lock()
	deaf = false
	mu.Unlock()
	clk.Advance(3 * time.Second)
	<-lists
	require.NoError(t, <-r1.errc)
	require.NoError(t, <-r2.errc)
	require.Empty(t, lists, "one read for both callers")
	require.Equal(t, gcs.ParamProgress{Received: 10, Total: 10}, r2.last())
}

// TestReadAllParamsCallerMayLeave: a caller whose context ends stops
// waiting; the read goes on and completes the table.
func TestReadAllParamsCallerMayLeave(t *testing.T) {
	clk := gcstest.NewClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := &Station{Now: clk.Now, LinkTimeout: time.Hour}
	newListPeer(t, s, 30, []int{7}, nil)
	ctx, cancel := context.WithCancel(bg)
	errc := make(chan error, 1)
	go func() { errc <- s.ReadAllParams(ctx, "a-1", nil) }()
	received(t, s, "a-1", 29)
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	clk.Advance(time.Second)
	require.Eventually(t, func() bool {
		tab, err := s.ParamTable(bg, "a-1")
		return err == nil && tab.Complete() && len(tab.Params) == 30
	}, 5*time.Second, time.Millisecond)
}

func TestParamTableOfAnUnknownVehicle(t *testing.T) {
	s := &Station{}
	commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	_, err := s.ParamTable(bg, "zz-1")
	require.ErrorIs(t, err, gcs.ErrUnknownVehicle)
	require.ErrorIs(t, s.ReadAllParams(bg, "zz-1", nil), gcs.ErrUnknownVehicle)
}
