package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, " ") }

// Set appends one value.
func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// newFlagSet makes a flag set with the flags every command shares.
func newFlagSet(e *env, name, synopsis string) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet("skerry "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	c := &commonFlags{}
	fs.StringVar(&c.config, "config", "", "JSON file of flag values (keys are flag names; the command line wins)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: skerry %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs, c
}

// commonFlags are the flags of every command.
type commonFlags struct {
	config    string
	logLevel  string
	logFormat string
	// args are the positional arguments, wherever they stood among the
	// flags.
	args []string
}

// parse parses args, then fills flags not given on the command line from
// the config file, if any.
func parse(fs *flag.FlagSet, c *commonFlags, args []string) error {
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		c.args = append(c.args, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if c.config == "" {
		return nil
	}
	return applyConfig(fs, c.config)
}

func applyConfig(fs *flag.FlagSet, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		return fmt.Errorf("config %s: not a JSON object of flag values: %w", path, err)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for name, v := range values {
		if fs.Lookup(name) == nil {
			return fmt.Errorf("config %s: unknown flag %q", path, name)
		}
		if given[name] {
			continue
		}
		items, isList := v.([]any)
		if !isList {
			items = []any{v}
		}
		for _, it := range items {
			if err := fs.Set(name, fmt.Sprint(it)); err != nil {
				return fmt.Errorf("config %s: %s: %w", path, name, err)
			}
		}
	}
	return nil
}

// logger builds the process logger from the common flags.
func (c *commonFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", c.logFormat)
}

// count says n with its noun, in the plural unless n is 1: "1 zone",
// "2 zones", "0 issues".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
