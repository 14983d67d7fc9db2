package planfile

import (
	"encoding/json"
	"fmt"

	"skerry/mission"
)

// QGroundControl's complex item types (complexItemType).
const (
	qgcSurvey        = "survey"
	qgcCorridorScan  = "CorridorScan"
	qgcStructureType = "StructureScan"
)

// qgcComplex turns a complex item into the simple items QGroundControl
// uploads for it, numbered from mission index at:
//   - transect items (survey, CorridorScan) save those items in
//     TransectStyleComplexItem.Items, and QGroundControl uploads exactly
//     them when it loads the file: they are imported as they are;
//   - a StructureScan saves only its definition: it is expanded as
//     QGroundControl 4.x's StructureScanComplexItem::appendMissionItems
//     does (qgcStructureScan);
//   - anything else (a transect without its items, landing patterns,
//     unknown types) cannot be expanded exactly and refuses the plan: a
//     plan with a scan left out must never reach a vehicle.
func qgcComplex(l *mission.Issues, it qgcItemIn, raw json.RawMessage, at int) ([]qgcSimple, error) {
	switch {
	case it.Transect != nil && len(it.Transect.Items) > 0:
		return qgcTransect(l, it, at)
	case it.ComplexItemType == qgcStructureType:
		return qgcStructureScan(l, raw, at)
	case it.ComplexItemType == qgcSurvey || it.ComplexItemType == qgcCorridorScan:
		return nil, fmt.Errorf("%s complex item saves no generated items (TransectStyleComplexItem.Items); it cannot be expanded exactly as QGroundControl would (camera, turnarounds, terrain), so the plan is refused: open it in QGroundControl and save it again", it.ComplexItemType)
	}
	return nil, fmt.Errorf("complex item %.40q cannot be expanded into mission items here, so the plan is refused rather than read without it: open it in QGroundControl and upload it from there, or replace it with simple items", it.ComplexItemType)
}

// qgcTransect imports the items QGroundControl saved for a transect
// complex item.
func qgcTransect(l *mission.Issues, it qgcItemIn, at int) ([]qgcSimple, error) {
	out := make([]qgcSimple, 0, len(it.Transect.Items))
	for _, raw := range it.Transect.Items {
		var sub qgcItemIn
		if err := json.Unmarshal(raw, &sub); err != nil {
			return nil, err
		}
		s, err := qgcSimpleOf(l, sub, at+len(out))
		if err != nil {
			return nil, err
		}
		s.complex = it.ComplexItemType
		out = append(out, s)
		if len(out) > mission.MaxItems {
			return nil, fmt.Errorf("more than %d generated items", mission.MaxItems)
		}
	}
	l.Warnf(mission.SectionMission, at, "complexItemType", "%s complex item imported as its %d generated items (%d..%d); the %s definition (area, camera, spacing) is not kept",
		it.ComplexItemType, len(out), at, at+len(out)-1, it.ComplexItemType)
	return out, nil
}
