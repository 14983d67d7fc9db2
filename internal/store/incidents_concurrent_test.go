package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestStoreWritersAndReadersTogether: the engine saves incidents and
// files, the AIS history is added to, the API reads and the settings
// change, all at once; every write lands and nothing is "locked".
func TestStoreWritersAndReadersTogether(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	is := s.Incidents()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 3 {
		wg.Go(func() {
			for v := 1; v <= 20; v++ {
				h, err := is.PutFile(ctx, fmt.Appendf(nil, "file %d %d", w, v))
				if err != nil {
					errs <- err
					return
				}
				inc := sampleIncident(fmt.Sprintf("w%d", w), gcs.IncidentDark, time.Duration(v)*time.Second)
				inc.Version = v
				inc.Evidence = append(inc.Evidence, gcs.Evidence{Kind: gcs.EvidenceSnapshot, File: h})
				if err := is.SaveIncident(ctx, inc); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Go(func() {
		for b := range 10 {
			pts := make([]AISPoint, 200)
			for i := range pts {
				pts[i] = aisPoint(uint32(1+i), raised0.Add(time.Duration(b)*time.Second), 36)
			}
			if _, err := s.AISHistory().Add(ctx, pts); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Go(func() {
		for range 20 {
			if _, err := is.Incidents(ctx, gcs.IncidentFilter{State: gcs.IncidentNew}); err != nil {
				errs <- err
				return
			}
			if err := s.Settings().Put(ctx, "rules", []byte(`{}`), "ana"); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for w := range 3 {
		inc, err := is.Incident(ctx, fmt.Sprintf("w%d", w))
		require.NoError(t, err)
		require.Equal(t, 20, inc.Version)
	}
	h, err := s.Settings().History(ctx, "rules", 0)
	require.NoError(t, err)
	require.Len(t, h, 20)
}
