package report

import "skerry/gcs"

// typeInfo is how CAP describes one incident type.
type typeInfo struct {
	category    string // CAP category
	event       string // the type in words
	urgency     string // CAP urgency while it lasts
	instruction string // what the unit should do
}

// typeInfos describes each incident type; others get typeOther.
var typeInfos = map[gcs.IncidentType]typeInfo{
	gcs.IncidentDark: {"Security", "Dark vessel (no AIS)", "Expected",
		"Intercept and inspect: the vessel sends no AIS. Identify it and check its papers."},
	gcs.IncidentAISGap: {"Transport", "AIS gap", "Expected",
		"Keep watch: the vessel stopped sending AIS. Identify it when it is seen and ask why."},
	gcs.IncidentZoneEntry: {"Security", "Entry into a restricted zone", "Expected",
		"Intercept and inspect unless the vessel is cleared for the zone."},
	gcs.IncidentLoitering: {"Security", "Loitering vessel", "Expected",
		"Keep watch; inspect if it stays or meets another vessel."},
	gcs.IncidentRendezvous: {"Security", "Rendezvous at sea", "Immediate",
		"Intercept and inspect both vessels: a transfer may be under way."},
	gcs.IncidentFastApproach: {"Security", "Fast approach to the coast", "Immediate",
		"Intercept and inspect: the vessel is heading fast for the coast."},
	gcs.IncidentInconsistentAIS: {"Security", "Inconsistent AIS (possible spoofing)", "Expected",
		"Identify the vessel by sight and check its AIS identity against its papers."},
	gcs.IncidentManual: {"Security", "Operator report", "Expected",
		"Keep watch and follow the station's instructions."},
}

// typeOther describes a type this package does not know.
var typeOther = typeInfo{"Security", "Maritime incident", "Expected", "Keep watch."}

// describe returns how CAP describes an incident's type.
func describe(t gcs.IncidentType) typeInfo {
	if ti, ok := typeInfos[t]; ok {
		return ti
	}
	return typeOther
}

// capSeverity maps the station's severities to CAP's.
func capSeverity(s gcs.IncidentSeverity) string {
	switch s {
	case gcs.IncidentHigh:
		return "Severe"
	case gcs.IncidentMedium:
		return "Moderate"
	case gcs.IncidentLow:
		return "Minor"
	}
	return "Unknown"
}
