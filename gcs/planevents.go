package gcs

import "context"

// PlanChange says which saved plan changed: its new version, or that it
// was deleted.
type PlanChange struct {
	ID      string `json:"id"`
	Version int64  `json:"version"` // the new version; 0 when deleted
	Deleted bool   `json:"deleted,omitempty"`
}

// PlansEvent announces a change to the saved plans, with every plan's
// summary as it now is (List's), so that consumers need not read the
// store again. Plans is nil when the store could not list them. Change is
// zero for the first announcement, of the plans as they were when
// AnnouncePlans began.
type PlansEvent struct {
	Change PlanChange
	Plans  []StoredPlan
}

func (PlansEvent) event() {}

// AnnouncePlans wraps a plan store so that every successful save and
// delete is published on events as a PlansEvent. It announces the plans
// as they are first, so that the stream's snapshots carry them from the
// start.
func AnnouncePlans(store PlanStore, events *Events) PlanStore {
	a := &announcedPlans{PlanStore: store, events: events}
	a.announce(context.Background(), PlanChange{})
	return a
}

type announcedPlans struct {
	PlanStore
	events *Events
}

// Save implements PlanStore and announces the change.
func (a *announcedPlans) Save(ctx context.Context, p StoredPlan) (StoredPlan, error) {
	saved, err := a.PlanStore.Save(ctx, p)
	if err == nil {
		a.announce(ctx, PlanChange{ID: saved.ID, Version: saved.Version})
	}
	return saved, err
}

// Delete implements PlanStore and announces the change.
func (a *announcedPlans) Delete(ctx context.Context, id string, version int64) error {
	err := a.PlanStore.Delete(ctx, id, version)
	if err == nil {
		a.announce(ctx, PlanChange{ID: id, Deleted: true})
	}
	return err
}

func (a *announcedPlans) announce(ctx context.Context, c PlanChange) {
	list, err := a.PlanStore.List(context.WithoutCancel(ctx))
	switch {
	case err != nil:
		list = nil
	case list == nil:
		list = []StoredPlan{} // listed: none saved
	}
	a.events.Publish(PlansEvent{Change: c, Plans: list})
}
