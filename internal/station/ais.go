package station

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"skerry/gcs"
	"skerry/telemetry/ais"
)

// aisFeeds runs the AIS listeners, each in its own goroutine, feeding the
// AIS picture.
type aisFeeds struct {
	listeners []*ais.Listener
	specs     []string
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

// openAIS opens every source (binding UDP ports now); a bad spec or a
// port that cannot be bound closes those opened and fails.
func openAIS(specs []string, picture *gcs.AISPicture, log *slog.Logger) (*aisFeeds, error) {
	f := &aisFeeds{}
	for _, spec := range specs {
		l, err := ais.Open(spec, log, picture.Now)
		if err != nil {
			f.closeUnstarted()
			return nil, fmt.Errorf("--ais: %w", err)
		}
		f.listeners = append(f.listeners, l)
		f.specs = append(f.specs, spec)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	for i, l := range f.listeners {
		spec := f.specs[i]
		out := make(chan ais.Report, 64)
		f.wg.Add(2)
		go func() {
			defer f.wg.Done()
			defer close(out)
			if err := l.Run(ctx, out); err != nil {
				log.Error("AIS source stopped", "source", l.Addr(), "err", err)
			}
		}()
		go func() {
			defer f.wg.Done()
			for r := range out {
				picture.Update(toGCS(r, spec))
			}
		}()
	}
	return f, nil
}

// closeUnstarted releases the listeners opened before a failure: running
// each with a cancelled context closes its socket.
func (f *aisFeeds) closeUnstarted() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, l := range f.listeners {
		_ = l.Run(ctx, make(chan ais.Report))
	}
}

// close stops the listeners and waits for them.
func (f *aisFeeds) close() {
	if f == nil || f.cancel == nil {
		return
	}
	f.cancel()
	f.wg.Wait()
}

// toGCS converts the adapter's report to the core's; a report without a
// tag block source is named by the source spec it came from.
func toGCS(r ais.Report, spec string) gcs.AISReport {
	if r.Source == "" {
		r.Source = spec
	}
	g := gcs.AISReport{
		MMSI: r.MMSI, HasPosition: r.HasPosition, Lat: r.Lat, Lon: r.Lon, HasSOG: r.HasSOG, SOG: r.SOG,
		HasCOG: r.HasCOG, COG: r.COG, HasHeading: r.HasHeading, Heading: r.Heading,
		HasNavStatus: r.HasNavStatus, NavStatus: r.NavStatus, Received: r.Received, Source: r.Source,
	}
	if r.Class != ais.ClassUnknown {
		g.Class = r.Class.String()
	}
	g.Static = r.Static // the core's own type
	return g
}

// AISAddrs returns each AIS source's address, in the order of
// Config.AIS: the bound address of a UDP server (the port chosen for
// port 0), the server dialled by a TCP client.
func (s *Station) AISAddrs() []string {
	if s.ais == nil {
		return nil
	}
	out := make([]string, len(s.ais.listeners))
	for i, l := range s.ais.listeners {
		out[i] = l.Addr()
	}
	return out
}

// AISSourceStats are one AIS source's counters.
type AISSourceStats struct {
	Spec string // as configured
	Addr string // see AISAddrs
	ais.ListenerStats
}

// AISStats returns each AIS source's counters, in the order of Config.AIS
// (/metrics has their totals).
func (s *Station) AISStats() []AISSourceStats {
	if s.ais == nil {
		return nil
	}
	out := make([]AISSourceStats, len(s.ais.listeners))
	for i, l := range s.ais.listeners {
		out[i] = AISSourceStats{Spec: s.ais.specs[i], Addr: l.Addr(), ListenerStats: l.Stats()}
	}
	return out
}

// aisCounters adds the AIS sources' and picture's counters for /metrics:
// totals over the sources (ais_sentences_total, ais_reports_total, the
// rejections by reason), and the picture's (its vessel count is a gauge:
// /metrics types every station counter as a counter, so it is left out).
func (s *Station) aisCounters(out map[string]uint64) {
	if s.ais == nil {
		return
	}
	for _, l := range s.ais.listeners {
		st := l.Stats()
		out["ais_sentences_total"] += st.Sentences
		out["ais_other_sentences_total"] += st.Other
		out["ais_reports_total"] += st.Reports
		out["ais_fragments_total"] += st.Fragments
		out["ais_bad_checksum_total"] += st.Checksum
		out["ais_bad_framing_total"] += st.Framing
		out["ais_unsupported_total"] += st.Unsupported
		out["ais_out_of_range_total"] += st.OutOfRange
		out["ais_incomplete_total"] += st.Incomplete
		out["ais_connects_total"] += st.Connects
		out["ais_disconnects_total"] += st.Disconnects
	}
	ps := s.AIS.Stats()
	out["ais_picture_reports_total"] = ps.Reports
	out["ais_picture_dropped_total"] = ps.Dropped
	out["ais_picture_invalid_total"] = ps.Invalid
	out["ais_picture_stale_total"] = ps.Stale
	out["ais_picture_expired_total"] = ps.Expired
}
