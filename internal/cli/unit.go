package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"skerry/web/notify"
)

// The environment variables that hold the unit's secret and token when
// the flags do not (kept out of the process list).
const (
	unitSecretEnv = "SKERRY_UNIT_SECRET"
	unitTokenEnv  = "SKERRY_UNIT_TOKEN"
)

// unitSeenIDs is how many report ids `skerry unit` remembers (in memory,
// and in its --state file).
const unitSeenIDs = 100000

// runUnit is `skerry unit`: the receiving side a maritime unit runs.
func runUnit(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "unit", "unit --listen HOST:PORT --secret S [--out DIR] [--state FILE] [--station URL --token T]")
	listen := fs.String("listen", "127.0.0.1:8787", "`HOST:PORT` to receive the station's reports on (the unit's webhook is http://HOST:PORT/)")
	secret := fs.String("secret", "", "the unit's secret that signs its reports (default: $"+unitSecretEnv+")")
	out := fs.String("out", "", "write each report to `DIR` as SEQ-ID.xml/.json/.geojson")
	station := fs.String("station", "", "the station's `URL` (http://host:port): acknowledge each report there (needs --token)")
	token := fs.String("token", "", "the unit's token, to acknowledge reports (with --station; default: $"+unitTokenEnv+")")
	skew := fs.Duration("skew", notify.DefaultSkew, "refuse reports signed further than this from this machine's clock (replays)")
	state := fs.String("state", "", "remember the report ids handled in `FILE`, so that a report redelivered after a restart is not handled twice (default: in memory only)")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if *secret == "" {
		*secret = os.Getenv(unitSecretEnv)
	}
	if *token == "" && *station != "" {
		*token = os.Getenv(unitTokenEnv)
	}
	if err := checkUnitFlags(*listen, *secret, *station, *token, *skew, c.args); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	log = log.With("component", "unit")
	if *out != "" {
		if err := os.MkdirAll(*out, 0o750); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	u := &unitReceiver{out: *out, stdout: e.stdout, log: log}
	if *station != "" {
		u.acks = &acker{station: strings.TrimRight(*station, "/"), token: *token, log: log,
			client: &http.Client{Timeout: 10 * time.Second}, queue: make(chan string, 1024)}
	}
	rv := &notify.Receiver{Secret: *secret, Skew: *skew, Log: log, Handle: u.handle}
	if *state != "" {
		seen, err := notify.OpenFileSeen(*state, unitSeenIDs, log)
		if err != nil {
			return fmt.Errorf("--state: %w", err)
		}
		defer seen.Close()
		rv.Seen = seen
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("--listen: %w", err)
	}
	srv := &http.Server{Handler: u.wrap(rv), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("receiving reports", "addr", ln.Addr().String(), "webhook", "http://"+ln.Addr().String()+"/")

	var wg sync.WaitGroup
	ackCtx, stopAcks := context.WithCancel(context.Background())
	if u.acks != nil {
		wg.Go(func() { u.acks.run(ackCtx) })
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err = <-serveErr:
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = srv.Shutdown(shut)
		cancel()
	}
	stopAcks()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func checkUnitFlags(listen, secret, station, token string, skew time.Duration, rest []string) error {
	if len(rest) > 0 {
		return fmt.Errorf("unexpected argument %q", rest[0])
	}
	if secret == "" {
		return fmt.Errorf("give the unit's secret: --secret S or $%s", unitSecretEnv)
	}
	if _, _, err := net.SplitHostPort(listen); err != nil {
		return fmt.Errorf("--listen %q: want HOST:PORT: %w", listen, err)
	}
	if skew <= 0 {
		return fmt.Errorf("--skew must be positive")
	}
	if (station == "") != (token == "") {
		return fmt.Errorf("--station and --token go together")
	}
	if station != "" {
		u, err := url.Parse(station)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--station %q: want http://HOST:PORT or https://HOST", station)
		}
	}
	return nil
}

// unitReceiver prints, saves and acknowledges each report.
type unitReceiver struct {
	out    string
	stdout io.Writer
	log    *slog.Logger
	acks   *acker
	mu     sync.Mutex // one report printed and written at a time
	// handled holds the ids handled whose answer is not yet sent.
	handled sync.Map
}

func (u *unitReceiver) handle(r notify.Received) error {
	s := summarize(r)
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.out != "" {
		name := fmt.Sprintf("%06d-%s%s", r.Seq, safeName(r.ID), s.ext)
		if err := writeFileAtomic(filepath.Join(u.out, name), r.Body); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintf(u.stdout, "seq %d %s incident %s: %s\n", r.Seq, s.kind, s.incident, s.headline); err != nil {
		return err
	}
	if u.acks != nil {
		u.handled.Store(r.ID, true)
	}
	return nil
}

// wrap acknowledges each report handled once the station has its 200:
// the acknowledgement then comes after the delivery, not before it.
func (u *unitReceiver) wrap(rv *notify.Receiver) http.Handler {
	if u.acks == nil {
		return rv
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		rv.ServeHTTP(rec, r)
		id := r.Header.Get(notify.HeaderIdempotency)
		if _, handled := u.handled.LoadAndDelete(id); handled && rec.status == http.StatusOK {
			_ = http.NewResponseController(w).Flush() // best effort: the ack is retried anyway
			u.acks.enqueue(id)
		}
	})
}

// statusRecorder notes the status a handler answered.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// reportSummary is what the one line of a report says.
type reportSummary struct{ kind, incident, headline, ext string }

// summarize reads a report's kind, incident and headline: from the CAP
// XML, the GeoJSON or the JSON body, else from its headers. It never
// fails: what it cannot read it says as "?".
func summarize(r notify.Received) reportSummary {
	s := reportSummary{kind: r.Kind, incident: r.Incident, ext: ".bin"}
	mt, _, _ := mime.ParseMediaType(r.ContentType)
	switch {
	case strings.HasSuffix(mt, "xml"):
		s.ext = ".xml"
		var cap struct {
			MsgType    string `xml:"msgType"`
			Identifier string `xml:"identifier"`
			Info       []struct {
				Headline string `xml:"headline"`
				Event    string `xml:"event"`
			} `xml:"info"`
		}
		if xml.NewDecoder(bytes.NewReader(r.Body)).Decode(&cap) == nil {
			s.kind = firstOf(cap.MsgType, s.kind)
			if len(cap.Info) > 0 {
				s.headline = firstOf(cap.Info[0].Headline, cap.Info[0].Event)
			}
		}
	case strings.HasSuffix(mt, "json"):
		s.ext = ".json"
		if mt == "application/geo+json" {
			s.ext = ".geojson"
		}
		var doc map[string]any
		if json.Unmarshal(r.Body, &doc) == nil {
			if props, ok := doc["properties"].(map[string]any); ok { // a GeoJSON Feature
				doc = props
			}
			s.kind = firstOf(str(doc["kind"]), str(doc["msg_type"]), s.kind)
			s.incident = firstOf(s.incident, str(doc["incident"]), str(doc["id"]))
			s.headline = firstOf(str(doc["headline"]), str(doc["title"]), str(doc["summary"]))
		}
	}
	s.headline, _, _ = strings.Cut(strings.TrimSpace(s.headline), "\n")
	s.kind, s.incident, s.headline = firstOf(s.kind, "?"), firstOf(s.incident, "?"), firstOf(s.headline, "?")
	return s
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// safeName keeps the letters, digits, '-', '_' and '.' of a report id.
func safeName(id string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, id)
	if len(name) > 100 {
		name = name[:100]
	}
	return name
}

// writeFileAtomic writes data to path through a temporary file, so that
// path holds a whole report or nothing.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
