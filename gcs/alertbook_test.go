package gcs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// drainAlerts returns the alert changes a subscription holds now.
func drainAlerts(f *Fleet, s *EventSub) []Alert {
	f.Vehicles() // a round trip: everything observed before is on the stream
	var alerts []Alert
	for _, ev := range s.Next() {
		switch e := ev.(type) {
		case AlertEvent:
			alerts = append(alerts, e.Alert)
		case SnapshotEvent:
			alerts = append(alerts, e.Alerts...)
		}
	}
	return alerts
}

func TestAcknowledgeMarksAlertAndTellsSubscribers(t *testing.T) {
	f, clk := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "GUIDED", SystemStatus: "active"})
	observe(f, "a-1", BatteryUpdate{Battery: Battery{Remaining: 25, Voltage: 14.8}})
	s := f.Events.Subscribe()
	defer s.Cancel()
	require.Len(t, drainAlerts(f, s), 1, "the snapshot's active alert")

	clk.advance(time.Minute)
	a, err := f.Acknowledge(context.Background(), "a-1/battery_low", "Ana")
	require.NoError(t, err)
	require.True(t, a.Acked)
	require.Equal(t, "Ana", a.AckedBy)
	require.Equal(t, clk.now(), *a.AckedAt)
	require.True(t, a.Active)

	pushed := drainAlerts(f, s)
	require.Len(t, pushed, 1, "the acknowledgement travels like a raised alert")
	require.Equal(t, a, pushed[0])
	require.True(t, f.Alerts()[0].Acked)

	again, err := f.Acknowledge(context.Background(), "a-1/battery_low", "Bo")
	require.NoError(t, err)
	require.Equal(t, "Ana", again.AckedBy, "the first acknowledgement stands")
	require.Empty(t, drainAlerts(f, s), "nothing changed, nothing sent")
}

func TestAcknowledgeUnknownAlert(t *testing.T) {
	f, _ := newTestFleet(t)
	_, err := f.Acknowledge(context.Background(), "a-1/battery_low", "Ana")
	require.True(t, errors.Is(err, ErrUnknownAlert), err)
}

func TestReRaisedAlertIsNotAcknowledged(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "AUTO", SystemStatus: "active"})
	observe(f, "a-1", LinkUpdate{Lost: true})
	_, err := f.Acknowledge(context.Background(), "a-1/link_lost", "Ana")
	require.NoError(t, err)
	observe(f, "a-1", LinkUpdate{Lost: false})
	observe(f, "a-1", LinkUpdate{Lost: true})
	as := f.Alerts()
	require.Len(t, as, 2)
	require.True(t, as[0].Active)
	require.False(t, as[0].Acked, "the cause came back: a new alert to see")
	require.Nil(t, as[0].AckedAt)
	require.False(t, as[1].Active)
	require.True(t, as[1].Acked, "the cleared one keeps its acknowledgement")
}

func TestAcknowledgeClearedAlert(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "AUTO", SystemStatus: "active"})
	observe(f, "a-1", LinkUpdate{Lost: true})
	observe(f, "a-1", LinkUpdate{Lost: false})
	a, err := f.Acknowledge(context.Background(), "a-1/link_lost", "Ana")
	require.NoError(t, err)
	require.False(t, a.Active)
	require.True(t, a.Acked)
	require.True(t, f.Alerts()[0].Acked)
}

func TestAcknowledgeAfterClose(t *testing.T) {
	f, _ := newTestFleet(t)
	f.Close()
	_, err := f.Acknowledge(context.Background(), "a-1/link_lost", "Ana")
	require.ErrorIs(t, err, ErrFleetClosed)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g, _ := newTestFleet(t)
	_, err = g.Acknowledge(ctx, "x", "Ana")
	require.Error(t, err)
}
