package cli

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"skerry/internal/station"
	"skerry/telemetry"
)

func runReplay(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "replay", "replay [--speed N] [--http ADDR] FILE.tlog")
	httpAddr := fs.String("http", "127.0.0.1:8080", "HTTP API address (loopback only for now)")
	speed := fs.Float64("speed", 1, "replay speed: 1 = as recorded, 0 = as fast as possible")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if len(c.args) != 1 {
		fs.Usage()
		return errUsage
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	u := "tlog:" + c.args[0] + "?speed=" + url.QueryEscape(strconv.FormatFloat(*speed, 'f', -1, 64))
	st, err := station.Start(station.Config{
		HTTPAddr: *httpAddr, HTTPFallback: true, Log: log,
		Links: []telemetry.LinkConfig{{Name: "replay", URL: u}},
	})
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(e.stdout, "replaying %s\n", c.args[0])
	printStation(e, st)
	<-ctx.Done()
	return nil
}
