package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestOrderJournalKeepsOverridesAcrossRestarts(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	j := s.Orders()
	at := time.Date(2026, 12, 2, 14, 2, 0, 0, time.UTC)
	require.NoError(t, j.Record(ctx, gcs.OrderRecord{At: at, Vehicle: "l1-1", Command: gcs.Command{Kind: gcs.CmdReturn}, OK: true}))
	over := gcs.OrderRecord{At: at.Add(time.Second), Vehicle: "l1-4", OK: true,
		Command:    gcs.Command{Kind: gcs.CmdGoTo, Lat: 36.151, Lon: -5.347, Altitude: 30},
		Override:   &gcs.Override{By: "Pilot Ana Ruiz", Reason: "ATC cleared the crossing"},
		Overridden: []string{"airspace: leg within 20 m of zone LXGB01"}}
	require.NoError(t, j.Record(ctx, over))
	require.NoError(t, j.Record(ctx, gcs.OrderRecord{At: at.Add(2 * time.Second), Vehicle: "l1-2", Command: gcs.Command{Kind: gcs.CmdGoTo, Lat: 36.151, Lon: -5.347},
		Error: "goto refused: ...", OK: false}))
	require.NoError(t, s.Close())

	s, err := Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	all, err := s.Orders().Recent(ctx, 10, false)
	require.NoError(t, err)
	require.Len(t, all, 3)
	require.Equal(t, gcs.VehicleID("l1-2"), all[0].Vehicle, "newest first")
	require.False(t, all[0].OK)
	require.Nil(t, all[0].Override)
	got, err := s.Orders().Recent(ctx, 10, true)
	require.NoError(t, err)
	require.Equal(t, []gcs.OrderRecord{over}, got)
}

func TestOrderJournalPrunesOnlyWhatNoOverrideKeeps(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	j := &Orders{s: s, MaxOrders: 10}
	at := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	for i := range 1000 {
		r := gcs.OrderRecord{At: at.Add(time.Duration(i) * time.Second), Vehicle: "l1-1", Command: gcs.Command{Kind: gcs.CmdHold}, OK: true}
		if i == 3 {
			r.Override = &gcs.Override{By: "a", Reason: "b"}
		}
		require.NoError(t, j.Record(ctx, r))
	}
	all, err := j.Recent(ctx, 5000, false)
	require.NoError(t, err)
	require.Len(t, all, 11, "the last 10 and the overridden one")
	require.NotNil(t, all[10].Override)
}
