package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"skerry/gcs"
)

// BenchmarkUnitView measures one poll of a unit with n incidents (a
// vessel each, moving, with a 500-point track and a snapshot), answered
// in full (gzipped) and unchanged (304): station time and bytes.
func BenchmarkUnitView(b *testing.B) {
	for _, n := range []int{5, 50} {
		fu, fm := newFakeUnits(), newFakeMaritime()
		now := time.Now().UTC()
		fm.targets, fm.incidents, fu.reports = nil, map[string]gcs.Incident{}, map[string]gcs.Report{}
		for i := range n {
			id, v := fmt.Sprintf("i%d", i), gcs.VesselID(fmt.Sprintf("v%d", i))
			track := make([]gcs.TrackPoint, 500)
			for k := range track {
				track[k] = gcs.TrackPoint{At: now.Add(time.Duration(k-500) * time.Second), Lat: 36.1 + float64(k)*1e-5, Lon: -5.4 + float64(i)*1e-3}
			}
			fm.targets = append(fm.targets, gcs.Target{ID: v, Status: gcs.TargetDark, Lat: 36.105, Lon: -5.4 + float64(i)*1e-3, Course: 45, Speed: 5,
				At: now, SeenBy: []gcs.Sighting{{Vehicle: "d1", At: now}}})
			fm.incidents[id] = gcs.Incident{ID: id, Type: gcs.IncidentDark, Severity: gcs.IncidentHigh, State: gcs.IncidentNew, Title: "Dark vessel " + string(v),
				Summary: "seen 12 min without AIS", Lat: 36.105, Lon: -5.4, Raised: now, Updated: now, Version: 1,
				Vessels:  []gcs.IncidentVessel{{Target: v, Contact: v, Status: gcs.TargetDark}},
				Evidence: []gcs.Evidence{{Kind: gcs.EvidenceSnapshot, At: now, Vessel: v, File: jpegHash, MIME: "image/jpeg"}, {Kind: gcs.EvidenceTrack, At: now, Vessel: v, Track: track}}}
			fu.reports[fmt.Sprintf("r%d", i)] = gcs.Report{ID: fmt.Sprintf("r%d", i), Unit: "cutter-a", Incident: id, Version: 1, Kind: gcs.ReportAlert,
				Seq: int64(i + 1), Status: gcs.ReportDelivered, Created: now}
		}
		f := &gcs.Fleet{}
		if err := f.Initialize(); err != nil {
			b.Fatal(err)
		}
		h := (&Server{Fleet: f, Maritime: fm, Units: fu}).Handler()
		poll := func(etag string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("GET", "/api/unitview", nil)
			req.Header.Set("Authorization", "Bearer "+tokenA)
			req.Header.Set("Accept-Encoding", "gzip")
			if etag != "" {
				req.Header.Set("If-None-Match", etag)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		first := poll("")
		if first.Code != http.StatusOK {
			b.Fatalf("%d: %s", first.Code, first.Body)
		}
		etag := first.Header().Get("ETag")
		b.Run(fmt.Sprintf("incidents=%d/full", n), func(b *testing.B) {
			for b.Loop() {
				poll("")
			}
			b.ReportMetric(float64(first.Body.Len()), "gzip-bytes/poll")
		})
		b.Run(fmt.Sprintf("incidents=%d/unchanged", n), func(b *testing.B) {
			for b.Loop() {
				if rec := poll(etag); rec.Code != http.StatusNotModified {
					b.Fatalf("%d", rec.Code)
				}
			}
		})
		f.Close()
	}
}
