package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"skerry/gcs"
	"skerry/web/notify"
)

// demoUnit starts the demo's maritime unit: a patrol boat's receiving end
// on loopback, as `skerry unit` would run it, printing each report the
// station sends it. It returns the unit (a default unit: it takes every
// incident) and a stop function.
func demoUnit(stdout io.Writer, log *slog.Logger) (gcs.Unit, func(), error) {
	secret, token := randomHex(16), randomHex(16)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return gcs.Unit{}, nil, fmt.Errorf("demo unit: %w", err)
	}
	ur := &unitReceiver{stdout: &prefixed{w: stdout, prefix: "unit patrol-vigia: "}, log: log}
	rv := &notify.Receiver{Secret: secret, Handle: ur.handle, Log: log}
	srv := &http.Server{Handler: rv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("demo unit stopped", "err", err)
		}
	}()
	u := gcs.Unit{ID: "patrol-vigia", Name: "Patrol boat Vigía (demo)", Webhook: "http://" + ln.Addr().String() + "/",
		Secret: secret, Token: token, Default: true}
	return u, func() { _ = srv.Close() }, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// prefixed writes each write with a prefix (the unit's lines are whole
// lines).
type prefixed struct {
	w      io.Writer
	prefix string
}

func (p *prefixed) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}
