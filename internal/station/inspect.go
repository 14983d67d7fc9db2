package station

import (
	"fmt"

	"skerry/gcs"
	"skerry/web/api"
)

// startInspect starts the inspector, which sends drones to look at the
// maritime picture's vessels: its orders go through the commander (the
// operation's law, the journal), its sessions out on the event stream.
func (s *Station) startInspect(cfg Config) error {
	s.Inspector = &gcs.Inspector{Fleet: s.Fleet, Commander: s.Commander, Operation: s.Operation, Targets: s.Maritime,
		Events: s.Events, Log: cfg.Log.With("component", "inspect")}
	if s.Store != nil {
		s.Inspector.Journal = s.Store.Settings() // the running inspections survive a crash
	}
	if err := s.Inspector.Initialize(); err != nil {
		s.Inspector = nil
		return fmt.Errorf("inspector: %w", err)
	}
	return nil
}

// stopInspect ends the inspections (each drone told to resume its mission
// or return) while the links still carry the orders.
func (s *Station) stopInspect() {
	if s.Inspector != nil {
		s.Inspector.Close()
	}
}

// inspectService is the inspection API's service: nil (503) without an
// inspector.
func (s *Station) inspectService() api.InspectService {
	if s.Inspector == nil {
		return nil
	}
	return s.Inspector
}
