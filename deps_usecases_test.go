package main

import (
	"strings"
	"testing"
)

// useCaseOnly lists packages that front ends reach only through the core's
// use cases (gcs.Planning, gcs.Missions, gcs.Commander): a front end that
// called the planners or the validation itself would drift from the
// others, with its own defaults and clock.
var useCaseOnly = []string{"skerry/mission/planner", "skerry/mission/validate"}

// frontEnds are the front ends held to useCaseOnly, each with its
// subpackages (web/api, whose handlers check and plan, web/live, web/view;
// the command line in internal/cli reads and writes files and prints
// reports, and may name the validation's types, but runs planners and
// checks through gcs too).
var frontEnds = []string{"skerry/web"}

// TestFrontEndsUseTheCore keeps web and its parts off the planners and
// the validation.
func TestFrontEndsUseTheCore(t *testing.T) {
	for _, fields := range packageImports(t) {
		pkg := fields[0]
		front := false
		for _, f := range frontEnds {
			front = front || pkg == f || strings.HasPrefix(pkg, f+"/")
		}
		if !front {
			continue
		}
		for _, imp := range fields[1:] {
			for _, banned := range useCaseOnly {
				if imp == banned || strings.HasPrefix(imp, banned+"/") {
					t.Errorf("%s imports %s: front ends plan and check through gcs.Planning", pkg, imp)
				}
			}
		}
	}
}
