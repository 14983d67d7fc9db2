package notify

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/notify/notifytest"
)

// A dispatcher closed in the middle of a backlog (the station stopped)
// and a new one on the same outbox: every report arrives, once per id at
// the receiver, in order.
func TestRestartDeliversTheRestOnce(t *testing.T) {
	clk := &notifytest.Clock{}
	ob := &notifytest.Outbox{}
	s := newSink(t, "k", clk)
	units := func(context.Context) ([]gcs.Unit, error) { return []gcs.Unit{unit("cutter", s.srv.URL, "k")}, nil }
	want := ob.Add(reports("cutter", 0, 200)...)

	first := &Dispatcher{Outbox: ob, Units: units, Now: clk.Now, After: clk.After}
	require.NoError(t, first.Initialize())
	advanceUntil(t, clk, time.Millisecond, func() bool { return s.count() >= 20 })
	first.Close()
	left := ob.Undelivered()
	require.Positive(t, left)

	// No event stream this time: the dispatcher finds them in the outbox.
	second := &Dispatcher{Outbox: ob, Units: units, Now: clk.Now, After: clk.After}
	require.NoError(t, second.Initialize())
	defer second.Close()
	advanceUntil(t, clk, 10*time.Millisecond, func() bool { return ob.Undelivered() == 0 })
	requireInOrder(t, s.received(), want)
	require.Equal(t, uint64(200), s.rv.Stats().Handled)

	// Later reports, still without events: found at the next recheck.
	more := ob.Add(reports("cutter", 200, 2)...)
	advanceUntil(t, clk, time.Second, func() bool { return ob.Undelivered() == 0 })
	requireInOrder(t, s.received(), append(want, more...))
}
