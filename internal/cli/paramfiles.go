package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"skerry/gcs"
	"skerry/gcs/paramfile"
)

// fileReport is what the station says about a posted parameter file.
type fileReport struct {
	Format paramfile.Format  `json:"format"`
	Params int               `json:"params"`
	Issues []paramfile.Issue `json:"issues"`
}

// showFile prints the file's format and the lines the station could not use.
func (c *paramClient) showFile(name string, f fileReport) {
	fmt.Fprintf(c.e.stderr, "%s: %d parameters (%s format)\n", name, f.Params, f.Format)
	for _, i := range f.Issues {
		fmt.Fprintf(c.e.stderr, "%s:%d: %s\n", name, i.Line, i.Message)
	}
}

func (c *paramClient) compare(ctx context.Context, file string) error {
	body, err := readFile(file)
	if err != nil {
		return err
	}
	var out struct {
		File       fileReport          `json:"file"`
		Comparison gcs.ParamComparison `json:"comparison"`
	}
	if err := c.call(ctx, http.MethodPost, c.base+"/params/compare", body, &out); err != nil {
		return err
	}
	c.showFile(file, out.File)
	cmp := out.Comparison
	for _, d := range cmp.Changed {
		fmt.Fprintf(c.e.stdout, "changed       %-16s vehicle %s, file %s\n", d.Name, fmtValue(*d.Vehicle), fmtValue(*d.File))
	}
	for _, d := range cmp.Missing {
		fmt.Fprintf(c.e.stdout, "not on it     %-16s file %s\n", d.Name, fmtValue(*d.File))
	}
	for _, d := range cmp.OnlyVehicle {
		fmt.Fprintf(c.e.stdout, "not in file   %-16s vehicle %s\n", d.Name, fmtValue(*d.Vehicle))
	}
	fmt.Fprintf(c.e.stdout, "%d changed, %d not on the vehicle, %d not in the file, %d the same\n",
		len(cmp.Changed), len(cmp.Missing), len(cmp.OnlyVehicle), cmp.Same)
	return nil
}

func (c *paramClient) load(ctx context.Context, file string, apply bool, confirm string) error {
	body, err := readFile(file)
	if err != nil {
		return err
	}
	q := url.Values{}
	if apply {
		q.Set("apply", "1")
		q.Set("confirm", confirm)
	}
	var out struct {
		File   fileReport          `json:"file"`
		Report gcs.ParamLoadReport `json:"report"`
	}
	if err := c.call(ctx, http.MethodPost, c.base+"/params/load?"+q.Encode(), body, &out); err != nil {
		return err
	}
	c.showFile(file, out.File)
	rep := out.Report
	for _, ch := range rep.Changes {
		from := "-"
		if ch.Vehicle != nil {
			from = fmtValue(*ch.Vehicle)
		}
		line := fmt.Sprintf("%-14s %-16s %s -> %s", ch.Status, ch.Name, from, fmtValue(ch.File))
		if ch.Kept != nil && ch.Status != gcs.LoadSet {
			line += ", kept " + fmtValue(*ch.Kept)
		}
		if ch.Error != "" && ch.Status != gcs.LoadKeptOther {
			line += ": " + ch.Error
		}
		if ch.Confirm && !rep.Applied {
			line += " (needs confirmation)"
		}
		fmt.Fprintln(c.e.stdout, line)
	}
	if !rep.Applied {
		fmt.Fprintf(c.e.stdout, "dry run: %d to write, %d refused, %d the same; nothing written\n",
			countStatus(rep, gcs.LoadWouldSet), rep.Refused, rep.Same)
		if rep.Confirm != "" {
			fmt.Fprintf(c.e.stdout, "write them with --apply --confirm %s (%s)\n", rep.Confirm, rep.ConfirmWhy)
		} else {
			fmt.Fprintln(c.e.stdout, "write them with --apply")
		}
		return nil
	}
	fmt.Fprintf(c.e.stdout, "%d written and read back, %d refused, %d failed\n", rep.Set, rep.Refused, rep.Failed)
	if rep.Failed > 0 {
		return fmt.Errorf("%d parameter(s) not as the file says", rep.Failed)
	}
	return nil
}

func countStatus(rep gcs.ParamLoadReport, status string) int {
	n := 0
	for _, ch := range rep.Changes {
		if ch.Status == status {
			n++
		}
	}
	return n
}
