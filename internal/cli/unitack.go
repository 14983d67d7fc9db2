package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// acker acknowledges reports to the station, one at a time, in the order
// they were handled.
type acker struct {
	station string
	token   string
	log     *slog.Logger
	client  *http.Client
	queue   chan string
	// pause between tries of one acknowledgement (default 2 s).
	pause time.Duration
}

// ackTries is how often one acknowledgement is tried.
const ackTries = 3

func (a *acker) enqueue(id string) {
	select {
	case a.queue <- id:
	default:
		a.log.Warn("too many acknowledgements waiting: not acknowledging", "report", id)
	}
}

func (a *acker) run(ctx context.Context) {
	pause := a.pause
	if pause <= 0 {
		pause = 2 * time.Second
	}
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-a.queue:
			for try := 1; try <= ackTries; try++ {
				done, err := a.ack(ctx, id)
				if done {
					break
				}
				a.log.Warn("acknowledging a report", "report", id, "try", try, "err", err)
				if try == ackTries {
					break
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(pause):
				}
			}
		}
	}
}

// ack posts one acknowledgement; done when there is no point trying again.
func (a *acker) ack(ctx context.Context, id string) (done bool, err error) {
	u := a.station + "/api/reports/" + url.PathEscape(id) + "/ack"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader("{}"))
	if err != nil {
		return true, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return false, err
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_ = resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		a.log.Info("report acknowledged", "report", id)
		return true, nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusNotImplemented:
		a.log.Warn("the station does not take acknowledgements here (no such endpoint or report): going on without", "report", id, "status", resp.StatusCode)
		return true, nil
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		a.log.Error("the station refused the acknowledgement: check --token", "report", id, "status", resp.StatusCode)
		return true, nil
	}
	return false, fmt.Errorf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(msg)))
}
