package gcs

import (
	"sort"
	"strings"
)

// The confirmation rule for parameter writes. A write needs the pilot's
// confirmation, given as the vehicle's id (as for disarming in flight),
// when:
//
//   - the vehicle is armed: any change to an armed vehicle's tuning,
//     limits or failsafes acts at once on an aircraft that may take off or
//     is flying; or
//   - the parameter can make the vehicle unsafe or unreachable, whatever
//     its state: its fence (FENCE_, PX4 GF_), failsafes (FS_, BATT_FS,
//     BATT_LOW_, BATT_CRT_, PX4 COM_, NAV_DLL_, NAV_RCL_), arming checks
//     (ARMING_), return to launch (RTL_) or identity (SYSID_THISMAV, whose
//     change makes it another vehicle for the station; SYSID_MYGCS, which
//     decides whose heartbeats keep its GCS failsafe quiet).
//
// A load from a file needs one confirmation if any of its changes does.
var (
	confirmPrefixes = []string{"FENCE_", "GF_", "FS_", "BATT_FS", "BATT_LOW_", "BATT_CRT_", "COM_", "NAV_DLL_",
		"NAV_RCL_", "ARMING_", "RTL_"}
	confirmNames = map[string]bool{"SYSID_THISMAV": true, "SYSID_MYGCS": true}
)

// SafetyParam reports whether parameter name is one whose change can make
// a vehicle unsafe or unreachable (see the rule above).
func SafetyParam(name string) bool {
	if confirmNames[name] {
		return true
	}
	for _, p := range confirmPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// paramConfirmation says what writing names to vehicle v needs confirmed
// (its id, or "" for nothing) and why.
func paramConfirmation(v Vehicle, names []string) (need, why string) {
	var risky []string
	for _, n := range names {
		if SafetyParam(n) {
			risky = append(risky, n)
		}
	}
	var whys []string
	if v.Armed {
		whys = append(whys, string(v.ID)+" is armed: a change acts at once on an aircraft that may be flying")
	}
	if len(risky) > 0 {
		sort.Strings(risky)
		list := strings.Join(risky[:min(len(risky), 8)], ", ")
		if len(risky) > 8 {
			list += ", …"
		}
		whys = append(whys, list+" can make "+string(v.ID)+" unsafe or unreachable (fence, failsafe, arming, return or identity)")
	}
	if len(whys) == 0 {
		return "", ""
	}
	return string(v.ID), strings.Join(whys, "; ")
}

// paramConfirmed reports whether confirm is what the write needs.
func paramConfirmed(confirm, need string) bool {
	return need == "" || strings.TrimSpace(confirm) == need
}
