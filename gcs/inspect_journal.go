package gcs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// InspectJournal keeps the inspections that are running across a crash
// of the station: named JSON values (the store's settings serve).
type InspectJournal interface {
	Get(ctx context.Context, name string) (json.RawMessage, bool, error)
	Put(ctx context.Context, name string, value json.RawMessage, by string) error
}

// inspectJournalKey names the running inspections in the journal.
const inspectJournalKey = "inspect.running"

// inspectJournalTimeout bounds one journal read or write.
const inspectJournalTimeout = 5 * time.Second

// InspectEndInterrupted begins the end reason of an inspection the
// station stopped without ending (a crash, a kill): its drone was not
// given back and may still hold in GUIDED by its last aim point.
const InspectEndInterrupted = "interrupted"

// saveJournal writes the running sessions to the journal, as they are
// now: called when one starts and when one ends (not at every step), one
// write at a time so that the last write holds the latest list.
func (i *Inspector) saveJournal() {
	if i.Journal == nil {
		return
	}
	i.journalMu.Lock()
	defer i.journalMu.Unlock()
	running := []InspectSession{}
	i.do(func(st *inspectState) {
		for _, id := range st.order {
			if r := st.runs[id]; r.active {
				running = append(running, *r.latest.clone())
			}
		}
	})
	b, err := json.Marshal(running)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), inspectJournalTimeout)
		err = i.Journal.Put(ctx, inspectJournalKey, b, "inspector")
		cancel()
	}
	if err != nil {
		i.log().Error("inspections not journalled: after a crash the station will not know which drones it had sent", "err", err)
	}
}

// recoverJournal lists the inspections the journal says were running
// when the station last stopped without ending them: ended now,
// interrupted, their drones left as they are (the pilot takes them
// back), published, and the journal emptied.
func (i *Inspector) recoverJournal() error {
	if i.Journal == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), inspectJournalTimeout)
	defer cancel()
	raw, ok, err := i.Journal.Get(ctx, inspectJournalKey)
	if err != nil {
		return fmt.Errorf("inspector: reading the journal: %w", err)
	}
	var was []InspectSession
	if ok {
		if err := json.Unmarshal(raw, &was); err != nil {
			i.log().Error("inspections journal unreadable: ignored", "err", err)
			was = nil
		}
	}
	if len(was) == 0 {
		return nil
	}
	now := i.now()
	var ended []*InspectSession
	i.do(func(st *inspectState) {
		for k := range was {
			s := &was[k]
			if s.ID == "" || st.runs[s.ID] != nil {
				continue
			}
			s.Phase, s.Ended, s.Updated, s.Then = InspectEnded, now, now, "left as it is"
			s.EndReason = fmt.Sprintf("%s: the station stopped while %s was inspecting, without giving it back: it may still hold in GUIDED by its last aim point; take it back", InspectEndInterrupted, s.Vehicle)
			r := &inspectRun{i: i, id: s.ID, vehicle: s.Vehicle, done: make(chan struct{}), latest: s.clone()}
			close(r.done)
			st.runs[s.ID] = r
			st.order = append(st.order, s.ID)
			ended = append(ended, s)
		}
		st.prune()
	})
	for _, s := range ended {
		i.log().Warn("inspection interrupted by the station's stop", "id", s.ID, "vehicle", s.Vehicle, "target", s.Target, "started", s.Started)
		if i.Events != nil {
			i.Events.Publish(InspectEvent{Session: s.clone()})
		}
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), inspectJournalTimeout)
	defer cancel2()
	if err := i.Journal.Put(ctx2, inspectJournalKey, json.RawMessage("[]"), "inspector"); err != nil {
		return fmt.Errorf("inspector: emptying the journal: %w", err)
	}
	return nil
}
