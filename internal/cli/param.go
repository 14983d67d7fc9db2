package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

const paramSynopsis = "param list|get|set|save|load|compare --vehicle ID [--station URL] [flags] [NAME [VALUE] | FILE]"

const paramUsage = `Usage: skerry ` + paramSynopsis + `

  list [--search TEXT] [--refresh]     the vehicle's parameters: name, value, type
  get NAME                             read one from the vehicle, with its type and range
  set NAME VALUE [--confirm ID]        write one and show the value the vehicle keeps
  save FILE [--format mp|qgc]          every parameter into a Mission Planner .param or
                                       QGroundControl .params file (- = stdout)
  compare FILE                         a .param/.params file against the vehicle
  load FILE [--apply --confirm ID]     a file's differences: a dry run, then written with --apply

Every command reads the vehicle's parameters first when the station has not read them all
(--refresh reads them again). Fence, failsafe, arming, return and identity parameters, and
any parameter of an armed vehicle, are written only with --confirm set to the vehicle's id.
`

// paramOps are the param subcommands.
var paramOps = map[string]bool{"list": true, "get": true, "set": true, "save": true, "load": true, "compare": true}

func runParam(ctx context.Context, e *env, args []string) error {
	if len(args) < 1 || !paramOps[args[0]] {
		fmt.Fprint(e.stderr, paramUsage)
		return errUsage
	}
	op := args[0]
	fs, c := newFlagSet(e, "param "+op, paramSynopsis)
	vehicle := fs.String("vehicle", "", "vehicle ID as /api/vehicles shows it, e.g. sim1-3 (required)")
	station := fs.String("station", "http://127.0.0.1:8080/", "the running station's address")
	search := fs.String("search", "", "list: only names containing this (any case)")
	refresh := fs.Bool("refresh", false, "read every parameter from the vehicle first, even if the station has them")
	format := fs.String("format", "", "save: mp or qgc (default: from the file name, .params = qgc)")
	confirm := fs.String("confirm", "", "set, load: the vehicle's id, confirming a write the station asks confirmation for")
	apply := fs.Bool("apply", false, "load: write the differences (without it, a dry run)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	if err := parse(fs, c, negativesAsArgs(args[1:])); err != nil {
		return err
	}
	for i, a := range c.args {
		c.args[i] = strings.TrimPrefix(a, negMark)
	}
	want := map[string]int{"list": 0, "get": 1, "set": 2, "save": 1, "load": 1, "compare": 1}[op]
	if *vehicle == "" || len(c.args) != want {
		fs.Usage()
		return errUsage
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	u, err := vehicleURL(*station, *vehicle)
	if err != nil {
		return err
	}
	cl := &paramClient{base: u, e: e}
	if op != "get" && op != "set" {
		if err := cl.ensureRead(ctx, *refresh); err != nil {
			return err
		}
	}
	switch op {
	case "list":
		return cl.list(ctx, *search)
	case "get":
		return cl.get(ctx, c.args[0])
	case "set":
		v, err := strconv.ParseFloat(c.args[1], 64)
		if err != nil {
			return fmt.Errorf("value %q is not a number", c.args[1])
		}
		return cl.set(ctx, c.args[0], v, *confirm)
	case "save":
		return cl.save(ctx, c.args[0], saveFormat(*format, c.args[0]))
	case "compare":
		return cl.compare(ctx, c.args[0])
	}
	return cl.load(ctx, c.args[0], *apply, *confirm)
}

// negMark keeps a negative number ("-10") from being read as a flag.
const negMark = "\x00"

func negativesAsArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if _, err := strconv.ParseFloat(a, 64); err == nil && strings.HasPrefix(a, "-") {
			a = negMark + a
		}
		out[i] = a
	}
	return out
}

// vehicleURL is the station's API address of a vehicle.
func vehicleURL(station, vehicle string) (string, error) {
	base, err := url.Parse(station)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return "", fmt.Errorf("--station %q: want http://HOST:PORT/", station)
	}
	return base.JoinPath("api", "vehicles", url.PathEscape(vehicle)).String(), nil
}

// saveFormat takes the format flag, or QGroundControl's for a .params file
// and Mission Planner's otherwise.
func saveFormat(flag, file string) string {
	if flag != "" {
		return flag
	}
	if strings.HasSuffix(strings.ToLower(file), ".params") {
		return "qgc"
	}
	return "mp"
}

// readFile reads a parameter file to send.
func readFile(name string) ([]byte, error) {
	if name == "-" {
		return nil, fmt.Errorf("read the file from a path, not stdin")
	}
	return os.ReadFile(name)
}
