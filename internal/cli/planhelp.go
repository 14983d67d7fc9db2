package cli

import (
	"flag"
	"fmt"
	"slices"
	"sort"

	"skerry/gcs"
)

// planKindFlags are the flags only some kinds of plan use; every other
// flag of `skerry plan` (the operation, the output, height, speed, margin,
// exclusions and the common flags) serves every kind.
var planKindFlags = map[gcs.PlanKind][]string{
	gcs.PlanCoast:           {"coast", "land", "sea-side", "offset", "length", "loop", "feature", "drones", "altitude-step"},
	gcs.PlanPerimeter:       {"port", "offset", "clockwise", "laps", "feature"},
	gcs.PlanSurvey:          {"area", "feature", "spacing", "angle", "sensor", "image", "focal", "side-overlap", "front-overlap", "drones", "altitude-step"},
	gcs.PlanCreepingLine:    {"area", "feature", "spacing"},
	gcs.PlanOrbit:           {"at", "radius", "turns"},
	gcs.PlanExpandingSquare: {"at", "spacing", "legs", "heading"},
	gcs.PlanSector:          {"at", "radius", "sectors", "heading"},
}

// forKind reports whether flag name serves kind.
func forKind(kind gcs.PlanKind, name string) bool {
	for _, names := range planKindFlags {
		if slices.Contains(names, name) {
			return slices.Contains(planKindFlags[kind], name)
		}
	}
	return true
}

// planUsage makes fs's usage list only the flags kind uses.
func planUsage(e *env, fs *flag.FlagSet, kind gcs.PlanKind) func() {
	return func() {
		fmt.Fprintf(e.stderr, "Usage: skerry plan %s [flags]\n\n", kind)
		for _, k := range gcs.PlanKinds {
			if k.Kind == kind {
				fmt.Fprintf(e.stderr, "Makes %s.\n\n", k.What)
			}
		}
		fmt.Fprintf(e.stderr, "Flags:\n")
		shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
		shown.SetOutput(e.stderr)
		fs.VisitAll(func(f *flag.Flag) {
			if forKind(kind, f.Name) {
				shown.Var(f.Value, f.Name, f.Usage)
				shown.Lookup(f.Name).DefValue = f.DefValue
			}
		})
		shown.PrintDefaults()
	}
}

// warnUnusedFlags says which flags given (on the command line or in the
// config file) kind does not use.
func warnUnusedFlags(e *env, fs *flag.FlagSet, kind gcs.PlanKind) {
	var unused []string
	fs.Visit(func(f *flag.Flag) {
		if !forKind(kind, f.Name) {
			unused = append(unused, "--"+f.Name)
		}
	})
	sort.Strings(unused)
	for _, f := range unused {
		fmt.Fprintf(e.stderr, "warning: %s is not used by skerry plan %s\n", f, kind)
	}
}
