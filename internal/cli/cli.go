// Package cli is Skerry's command line: one binary, several subcommands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"skerry/video/decode"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may use of the process.
type env struct {
	stdout, stderr io.Writer
}

var commands = []command{
	{"serve", "run the ground station", runServe},
	{"sim", "run the simulated fleet (a separate process, like ArduPilot SITL)", runSim},
	{"demo", "run the station and a simulated fleet together, flying", runDemo},
	{"plan", "plan a coastal, port, survey, orbit or search patrol into a plan file", runPlan},
	{"check", "check a plan against a regulation profile and zone files (exit 0 only if lawful)", runCheck},
	{"zones", "show what official airspace files say (ED-269, ED-318, GeoJSON, KML)", runZones},
	{"mission", "upload, download or clear a vehicle's plan through a running station", runMission},
	{"param", "list, get, set, save, compare or load a vehicle's parameters through a running station", runParam},
	{"replay", "feed a recorded .tlog into the station as a live link", runReplay},
	{"unit", "receive, verify and print a maritime unit's reports from the station (and acknowledge them)", runUnit},
	{"detect", "find vessels in still images or a camera's consecutive frames (JSON lines)", runDetect},
	{"bench", "measure the station (bench fleet --vehicles N)", runBench},
	{"version", "print the version", runVersion},
}

// Main runs the command line until it finishes or the process is
// interrupted, and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	decode.ChildMain() // a video decoder child process serves and exits here
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, stdout, stderr)
}

// Run runs the command line until it finishes or ctx ends.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) < 1 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) < 1 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, &env{stdout: stdout, stderr: stderr}, args[1:])
			switch {
			case err == nil, errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			default:
				fmt.Fprintf(stderr, "skerry %s: %v\n", c.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(stderr, "skerry: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// errUsage reports bad command-line use that was already explained.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintf(w, "Skerry — ground control for coastal and port patrol drone fleets.\n\nUsage: skerry COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'skerry COMMAND --help' for the flags of a command. Every command also takes\n--config FILE: a JSON object whose keys are flag names (flags on the command line win).\n")
}
