package station_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"skerry/gcs"
	"skerry/gcs/maritime"
	"skerry/internal/station"
	"skerry/telemetry"
)

// childEnv names the environment variable that makes the test binary run
// a station as a child process (stationChild): the JSON of a childConfig.
const childEnv = "SKERRY_STATION_CHILD"

// childConfig is what a child station is started with.
type childConfig struct {
	Data    string          `json:"data"`
	AIS     []string        `json:"ais"`
	Basemap string          `json:"basemap"` // a file; "" none
	Rules   json.RawMessage `json:"rules"`   // the rules' settings; null: defaults
	Units   []gcs.Unit      `json:"units"`   // maritime units to report to
}

// stationChild runs a station from the childConfig in the environment,
// prints "URL <url>" on stdout once it serves, and runs until killed (a
// SIGTERM closes it properly). It returns only when the variable is not
// set.
func stationChild() {
	raw := os.Getenv(childEnv)
	if raw == "" {
		return
	}
	var cc childConfig
	if err := json.Unmarshal([]byte(raw), &cc); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	cfg := station.Config{HTTPAddr: "127.0.0.1:0", DataDir: cc.Data, AIS: cc.AIS, NoDetect: true, Units: cc.Units,
		Links: []telemetry.LinkConfig{{Name: "mav", URL: "udp-server:127.0.0.1:0"}},
		Log:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if cc.Basemap != "" {
		b, err := os.ReadFile(cc.Basemap)
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		cfg.Basemap = b
	}
	if len(cc.Rules) > 0 && string(cc.Rules) != "null" {
		s := maritime.DefaultSettings()
		if err := json.Unmarshal(cc.Rules, &s); err != nil {
			fmt.Fprintln(os.Stderr, "child: rules:", err)
			os.Exit(2)
		}
		cfg.Rules = &s
	}
	st, err := station.Start(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	fmt.Printf("URL %s\n", st.URL)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
	st.Close()
	os.Exit(0)
}
