package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"skerry/mission"
	"skerry/mission/airspace"
)

// readZoneFiles reads official airspace files (ED-269, ED-318, openAIP,
// GeoJSON, KML, KMZ); every zone's Source names its file.
func readZoneFiles(paths []string) ([]airspace.Zone, mission.Issues, error) {
	var zones []airspace.Zone
	var issues mission.Issues
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, issues, err
		}
		zs, is, err := airspace.Read(f)
		f.Close()
		for i := range is {
			is[i].Message = p + ": " + is[i].Message
		}
		issues = append(issues, is...)
		if err != nil {
			return nil, issues, fmt.Errorf("%s: %w", p, err)
		}
		for i := range zs {
			zs[i].Source += " " + p
		}
		zones = append(zones, zs...)
	}
	return zones, issues, nil
}

func runZones(_ context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "zones", "zones FILE...")
	auth := fs.String("authorisations", "", "comma-separated zone IDs or authority names the operation holds an authorisation from")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if len(c.args) == 0 {
		fs.Usage()
		return errUsage
	}
	zones, issues, err := readZoneFiles(c.args)
	printIssues(e.stderr, issues)
	if err != nil {
		return err
	}
	op := airspace.Operation{Authorisations: splitList(*auth)}
	for i := range zones {
		printZone(e.stdout, &zones[i], op)
	}
	fmt.Fprintf(e.stdout, "%s understood, %s\n", count(len(zones), "zone"), count(len(issues), "issue"))
	if len(zones) == 0 {
		return fmt.Errorf("no usable zone found")
	}
	return nil
}

func printZone(w io.Writer, z *airspace.Zone, op airspace.Operation) {
	eff := z.Effect(op)
	fmt.Fprintf(w, "%s  %s  %s → %s\n", z.ID, z.Name, z.Restriction, eff.Kind)
	for _, v := range z.Volumes {
		var shape string
		switch {
		case v.Circle != nil:
			shape = fmt.Sprintf("circle r=%.0f m at %.5f,%.5f", v.Circle.Radius, v.Circle.Center[1], v.Circle.Center[0])
		case len(v.Polygon) > 0:
			shape = fmt.Sprintf("polygon of %d vertices", len(v.Polygon[0]))
		}
		fmt.Fprintf(w, "    %s, %s to %s\n", shape, v.Lower, v.Upper)
	}
	if len(z.Applicability) == 0 {
		fmt.Fprintf(w, "    applies always\n")
	}
	for _, a := range z.Applicability {
		fmt.Fprintf(w, "    applies %s\n", describeApplicability(a))
	}
	for _, c := range z.Conditions {
		fmt.Fprintf(w, "    condition: %s\n", c)
	}
	if z.Message != "" {
		fmt.Fprintf(w, "    message: %s\n", z.Message)
	}
	for _, a := range z.Authorities {
		parts := []string{a.Name}
		for _, s := range []string{a.Email, a.Phone, a.SiteURL} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if a.IntervalBefore != "" {
			parts = append(parts, "ask "+airspace.HumanDuration(a.IntervalBefore)+" before")
		}
		fmt.Fprintf(w, "    authority: %s\n", strings.Join(parts, ", "))
	}
}

func describeApplicability(a airspace.Applicability) string {
	if a.Permanent {
		return "permanently"
	}
	var parts []string
	if a.Start != nil {
		parts = append(parts, "from "+a.Start.UTC().Format("2006-01-02 15:04Z"))
	}
	if a.End != nil {
		parts = append(parts, "until "+a.End.UTC().Format("2006-01-02 15:04Z"))
	}
	for _, d := range a.Schedule {
		days := "every day"
		if len(d.Days) > 0 {
			var ds []string
			for _, wd := range d.Days {
				ds = append(ds, wd.String()[:3])
			}
			days = strings.Join(ds, ",")
		}
		parts = append(parts, fmt.Sprintf("%s %02d:%02d–%02d:%02dZ", days, int(d.Start.Hours()), int(d.Start.Minutes())%60, int(d.End.Hours()), int(d.End.Minutes())%60))
	}
	if len(parts) == 0 {
		return "always"
	}
	return strings.Join(parts, ", ")
}

// printIssues writes issues one per line.
func printIssues(w io.Writer, issues mission.Issues) {
	for _, i := range issues {
		fmt.Fprintln(w, i.String())
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
