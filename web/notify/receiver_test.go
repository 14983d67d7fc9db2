package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/notify/notifytest"
)

// post sends report r to url signed with secret at ts; it returns the
// status and answer.
func post(t *testing.T, url, secret string, r gcs.Report, ts time.Time) (int, string) {
	t.Helper()
	req, err := NewRequest(context.Background(), unit(string(r.Unit), url, secret), &r, ts)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestReceiverVerifiesDedupesAndWatchesSeq(t *testing.T) {
	clk := &notifytest.Clock{}
	s := newSink(t, "k", clk)
	logs := &logBuffer{}
	s.rv.Log = newTextLog(logs)
	rs := reports("cutter", 0, 4)
	for i := range rs {
		rs[i].Seq = int64(i + 1)
	}
	now := clk.Now()

	code, _ := post(t, s.srv.URL, "k", rs[0], now)
	require.Equal(t, http.StatusOK, code)

	// A replay: the same request, signed ten minutes ago.
	code, body := post(t, s.srv.URL, "k", rs[1], now.Add(-10*time.Minute))
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, body, "timestamp outside the allowed skew")
	// A wrong secret.
	code, body = post(t, s.srv.URL, "not-k", rs[1], now)
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, body, "bad signature")
	// A body changed on the way.
	req, err := NewRequest(context.Background(), unit("cutter", s.srv.URL, "k"), &rs[1], now)
	require.NoError(t, err)
	req.Body = io.NopCloser(strings.NewReader(string(rs[1].Body) + " "))
	req.ContentLength++
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	// Not a POST.
	resp, err = http.Get(s.srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	// The first again (a retry after a lost answer): 200, not handled again.
	code, body = post(t, s.srv.URL, "k", rs[0], now.Add(time.Minute))
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "duplicate\n", body)

	// Seq 1 then 3: a gap, logged; the report is still handled.
	code, _ = post(t, s.srv.URL, "k", rs[2], now)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, logs.String(), "gap in the reports' sequence")

	st := s.rv.Stats()
	require.Equal(t, ReceiverStats{Handled: 2, Duplicates: 1, Refused: 3, Gaps: 1}, st)
	got := s.received()
	require.Len(t, got, 2)
	require.Equal(t, rs[0].Body, got[0].Body)
	require.Equal(t, "cutter-r0", got[0].ID)
	require.Equal(t, now.Unix(), got[0].Signed.Unix())
}

func TestReceiverHandleErrorIsRetried(t *testing.T) {
	fail := true
	rv := &Receiver{Secret: "k", Handle: func(Received) error {
		if fail {
			return errors.New("disk full")
		}
		return nil
	}}
	srv := httptest.NewServer(rv)
	defer srv.Close()
	r := reports("cutter", 0, 1)[0]
	code, body := post(t, srv.URL, "k", r, time.Now())
	require.Equal(t, http.StatusInternalServerError, code)
	require.Contains(t, body, "disk full")
	fail = false
	code, _ = post(t, srv.URL, "k", r, time.Now())
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, uint64(1), rv.Stats().Handled)

	// No secret: nothing passes.
	open := httptest.NewServer(&Receiver{})
	defer open.Close()
	code, _ = post(t, open.URL, "", r, time.Now())
	require.Equal(t, http.StatusUnauthorized, code)

	// Too large.
	small := httptest.NewServer(&Receiver{Secret: "k", MaxBody: 10})
	defer small.Close()
	code, _ = post(t, small.URL, "k", r, time.Now())
	require.Equal(t, http.StatusRequestEntityTooLarge, code)
}

func TestMemorySeenIsBounded(t *testing.T) {
	m := NewMemorySeen(3)
	for i := range 5 {
		m.Add(fmt.Sprint(i))
		m.Add(fmt.Sprint(i)) // twice: counted once
	}
	for i, want := range []bool{false, false, true, true, true} {
		require.Equal(t, want, m.Seen(fmt.Sprint(i)), "id %d", i)
	}
	require.Len(t, m.ids, 3)
}
