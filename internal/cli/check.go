package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/planfile"
	"skerry/mission/profile"
	"skerry/mission/validate"
)

// loadProfile returns a built-in profile by name, or loads a JSON profile
// file.
func loadProfile(name string) (profile.Profile, error) {
	if p, err := profile.Get(name); err == nil {
		return p, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return profile.Profile{}, fmt.Errorf("--profile %q: not one of %s, nor a profile file", name, strings.Join(profile.Names(), ", "))
	}
	defer f.Close()
	return profile.Load(f)
}

// readPlanFile reads a plan file in the format its name or content says.
func readPlanFile(path string) (*mission.Plan, mission.Issues, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return planfile.ReadPlan(planfile.PlanFormatOfName(path), data)
}

func runCheck(_ context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "check", "check PLAN [--profile P] [--zones FILE]... [--pilot LAT,LON] [--at TIME]")
	var of operationFlags
	of.register(fs)
	when := fs.String("at", "", "planned start, RFC 3339 (default: now)")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if len(c.args) != 1 {
		fs.Usage()
		return errUsage
	}
	op, err := of.operation()
	if err != nil {
		return err
	}
	for _, p := range op.Problems() {
		fmt.Fprintf(e.stderr, "warning: profile %s does not hold, every plan is refused until it does: %s\n", op.ProfileName, p)
	}
	plan, issues, err := readPlanFile(c.args[0])
	printIssues(e.stderr, issues)
	if err != nil {
		return err
	}
	t := time.Now()
	if *when != "" {
		if t, err = time.Parse(time.RFC3339, *when); err != nil {
			return fmt.Errorf("--at: %w", err)
		}
	}
	ops := &gcs.OperationStore{}
	ops.Set(op)
	res, err := (&gcs.Planning{Operation: ops, Now: func() time.Time { return t }}).Check(plan, "")
	if err != nil {
		return err
	}
	rep := res.Report
	for _, v := range rep.Violations {
		fmt.Fprintln(e.stdout, v.String())
		if v.Source != "" {
			fmt.Fprintf(e.stdout, "    source: %s\n", v.Source)
		}
	}
	fmt.Fprintf(e.stdout, "%s under %s: %.1f km, %s, highest %.0f m; %s, %s\n",
		c.args[0], op.ProfileName, rep.Length/1000, durationText(rep), rep.MaxHeight,
		count(len(rep.Violations), "violation"), count(len(rep.Errors()), "error"))
	if !rep.Lawful {
		return fmt.Errorf("the plan is not lawful")
	}
	fmt.Fprintln(e.stdout, "lawful")
	return nil
}

// durationText is the flight time for the summary line; "at least" when
// the plan does not bound it.
func durationText(rep validate.Report) string {
	d := rep.Duration.Round(time.Second).String()
	if rep.Unbounded {
		return "at least " + d
	}
	return d
}
