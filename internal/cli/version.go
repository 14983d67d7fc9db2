package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is the release version, set at build time with
// -ldflags "-X skerry/internal/cli.Version=v1.2.3".
var Version = "dev"

func runVersion(_ context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "version", "version")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = " " + s.Value
			}
		}
		fmt.Fprintf(e.stdout, "skerry %s%s (%s)\n", Version, rev, bi.GoVersion)
		return nil
	}
	fmt.Fprintf(e.stdout, "skerry %s\n", Version)
	return nil
}
