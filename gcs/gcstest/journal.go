package gcstest

import (
	"context"
	"sync"

	"skerry/gcs"
)

// Journal is an in-memory gcs.OrderJournal.
type Journal struct {
	mu   sync.Mutex
	recs []gcs.OrderRecord
}

var _ gcs.OrderJournal = (*Journal)(nil)

// Record appends r.
func (j *Journal) Record(_ context.Context, r gcs.OrderRecord) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.recs = append(j.recs, r)
	return nil
}

// Recent returns up to n records, newest first.
func (j *Journal) Recent(_ context.Context, n int, onlyOverridden bool) ([]gcs.OrderRecord, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []gcs.OrderRecord
	for i := len(j.recs) - 1; i >= 0 && len(out) < n; i-- {
		if !onlyOverridden || j.recs[i].Override != nil {
			out = append(out, j.recs[i])
		}
	}
	return out, nil
}
