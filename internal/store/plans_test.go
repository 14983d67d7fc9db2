package store

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func samplePlan() gcs.StoredPlan {
	return gcs.StoredPlan{
		Name:    "Port perimeter",
		Kind:    "perimeter",
		Plan:    json.RawMessage(`{"type":"FeatureCollection","features":[]}`),
		Request: json.RawMessage(`{"offset":50}`),
		Counts:  gcs.PlanCounts{Mission: 12, Fence: 1, Rally: 2},
		Check:   &gcs.PlanCheck{Lawful: false, Violations: 3, Profile: "state", At: time.Date(2026, 11, 25, 12, 0, 0, 0, time.FixedZone("CET", 3600))},
	}
}

func TestPlansPersistAcrossReopen(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	saved, err := s.Plans().Save(ctx, samplePlan())
	require.NoError(t, err)
	require.NotEmpty(t, saved.ID)
	require.Equal(t, int64(1), saved.Version)
	require.Equal(t, saved.Created, saved.Modified)
	drawn := samplePlan()
	drawn.Name, drawn.Kind, drawn.Request, drawn.Check = "Drawn by hand", "drawn", nil, nil
	second, err := s.Plans().Save(ctx, drawn)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	got, err := s2.Plans().Get(ctx, saved.ID)
	require.NoError(t, err)
	require.Equal(t, saved, got)
	require.Equal(t, time.UTC, got.Check.At.Location())
	got2, err := s2.Plans().Get(ctx, second.ID)
	require.NoError(t, err)
	require.Nil(t, got2.Request)
	require.Nil(t, got2.Check, "no operation, no check")

	list, err := s2.Plans().List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, second.ID, list[0].ID, "newest first")
	for _, p := range list {
		require.Nil(t, p.Plan, "the list carries no bodies")
		require.Nil(t, p.Request)
	}
	require.Equal(t, saved.Counts, list[1].Counts)
}

func TestPlanUpdateNeedsTheCurrentVersion(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	p := s.Plans()
	v1, err := p.Save(ctx, samplePlan())
	require.NoError(t, err)
	edit := v1
	edit.Name = "Port perimeter, wider"
	v2, err := p.Save(ctx, edit)
	require.NoError(t, err)
	require.Equal(t, int64(2), v2.Version)
	require.Equal(t, v1.Created, v2.Created)

	stale := v1
	stale.Name = "someone else's change"
	_, err = p.Save(ctx, stale)
	require.ErrorIs(t, err, gcs.ErrPlanConflict)
	var conflict *gcs.PlanConflictError
	require.True(t, errors.As(err, &conflict))
	require.Equal(t, int64(2), conflict.Current)
	got, _ := p.Get(ctx, v1.ID)
	require.Equal(t, "Port perimeter, wider", got.Name, "nothing overwritten")

	missing := v1
	missing.ID = "p-nope"
	_, err = p.Save(ctx, missing)
	require.ErrorIs(t, err, gcs.ErrPlanNotFound)
}

// TestConcurrentSavesOfOneVersion: pilots on two stations (two handles on
// one file) and several requests in one save over the same version:
// exactly one wins, the others get a conflict.
func TestConcurrentSavesOfOneVersion(t *testing.T) {
	s, path := openTemp(t)
	other, err := Open(path)
	require.NoError(t, err)
	defer other.Close()
	ctx := context.Background()
	base, err := s.Plans().Save(ctx, samplePlan())
	require.NoError(t, err)

	const n = 12
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			edit := base
			edit.Name = "edit " + string(rune('A'+i))
			st := s
			if i%2 == 1 {
				st = other
			}
			_, errs[i] = st.Plans().Save(ctx, edit)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		require.ErrorIs(t, err, gcs.ErrPlanConflict)
	}
	require.Equal(t, 1, wins)
	got, err := s.Plans().Get(ctx, base.ID)
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version)
}

func TestPlanDelete(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	p := s.Plans()
	sp, err := p.Save(ctx, samplePlan())
	require.NoError(t, err)
	require.ErrorIs(t, p.Delete(ctx, sp.ID, 7), gcs.ErrPlanConflict)
	require.NoError(t, p.Delete(ctx, sp.ID, 1))
	_, err = p.Get(ctx, sp.ID)
	require.ErrorIs(t, err, gcs.ErrPlanNotFound)
	require.ErrorIs(t, p.Delete(ctx, sp.ID, 0), gcs.ErrPlanNotFound)
}

func TestPlanStoreRefusesBadRecords(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	cases := map[string]func(*gcs.StoredPlan){
		"no name":            func(p *gcs.StoredPlan) { p.Name = "  " },
		"control characters": func(p *gcs.StoredPlan) { p.Name = "a\x00b" },
		"bad kind":           func(p *gcs.StoredPlan) { p.Kind = "'; DROP TABLE plans; --" },
		"no plan":            func(p *gcs.StoredPlan) { p.Plan = nil },
		"request not object": func(p *gcs.StoredPlan) { p.Request = json.RawMessage(`[1,2]`) },
		"request not JSON":   func(p *gcs.StoredPlan) { p.Request = json.RawMessage(`{`) },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			sp := samplePlan()
			mutate(&sp)
			_, err := s.Plans().Save(ctx, sp)
			require.ErrorIs(t, err, gcs.ErrInvalidStoredPlan)
		})
	}
	hostile := samplePlan()
	hostile.Name = `Robert'); DROP TABLE plans;--`
	sp, err := s.Plans().Save(ctx, hostile)
	require.NoError(t, err)
	got, err := s.Plans().Get(ctx, sp.ID)
	require.NoError(t, err)
	require.Equal(t, hostile.Name, got.Name)
	_, err = s.Plans().Get(ctx, "' OR 1=1 --")
	require.ErrorIs(t, err, gcs.ErrPlanNotFound)
}
