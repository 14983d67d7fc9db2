package notify

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/web/notify/notifytest"
)

func TestSeenFileRestartedReceiverHandlesARedeliveryOnce(t *testing.T) {
	clk := &notifytest.Clock{}
	path := filepath.Join(t.TempDir(), "seen")
	var handled []string
	u := unit("cutter", "", "k")
	rep := reports("cutter", 0, 1)[0]
	rep.Seq = 1

	deliver := func() (int, string) {
		seen, err := OpenFileSeen(path, 100, nil)
		require.NoError(t, err)
		defer func() { require.NoError(t, seen.Close()) }()
		rv := &Receiver{Secret: "k", Now: clk.Now, Seen: seen, Handle: func(r Received) error {
			handled = append(handled, r.ID)
			return nil
		}}
		srv := httptest.NewServer(rv)
		defer srv.Close()
		u.Webhook = srv.URL
		req, err := NewRequest(context.Background(), u, &rep, clk.Now())
		require.NoError(t, err)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		require.NoError(t, seen.Err())
		return res.StatusCode, strings.TrimSpace(string(body))
	}
	code, body := deliver()
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "handled", body)
	// The receiver restarts on the same file; the station, not having heard
	// the 200, delivers the report again.
	code, body = deliver()
	require.Equal(t, http.StatusOK, code, "answered, so that the station stops")
	require.Equal(t, "duplicate", body)
	require.Equal(t, []string{rep.ID}, handled, "handled once")
}

func TestSeenFileBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seen")
	s, err := OpenFileSeen(path, 10, nil)
	require.NoError(t, err)
	for i := range 1000 {
		s.Add(fmt.Sprintf("r%d", i))
		s.Add(fmt.Sprintf("r%d", i)) // again: not written twice
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		require.LessOrEqual(t, bytes.Count(data, []byte("\n")), 1+2*10, "header and at most 2n ids")
	}
	require.NoError(t, s.Close())

	s, err = OpenFileSeen(path, 10, nil)
	require.NoError(t, err)
	defer s.Close()
	for i := range 1000 {
		require.Equal(t, i >= 990, s.Seen(fmt.Sprintf("r%d", i)), "r%d", i)
	}
	// An id with a newline, quotes and a NUL round-trips.
	odd := "a\n\"b\"\x00 é"
	s.Add(odd)
	require.NoError(t, s.Close())
	s, err = OpenFileSeen(path, 10, nil)
	require.NoError(t, err)
	require.True(t, s.Seen(odd))
	require.NoError(t, s.Close())
}

func TestSeenFileCutShortOrForeign(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seen")
	require.NoError(t, os.WriteFile(path, []byte(seenHeader+`"r1"`+"\n"+`"r2"`+"\n"+`"r3`), 0o600)) // a crash mid-line
	logs := &logBuffer{}
	s, err := OpenFileSeen(path, 10, newTextLog(logs))
	require.NoError(t, err)
	require.True(t, s.Seen("r1"))
	require.True(t, s.Seen("r2"))
	require.False(t, s.Seen("r3"))
	require.Contains(t, logs.String(), "skipped=1")
	s.Add("r4") // on a line of its own: the file was rewritten whole
	require.NoError(t, s.Close())
	ids, skipped, err := ParseSeen(must(os.ReadFile(path)))
	require.NoError(t, err)
	require.Zero(t, skipped)
	require.Equal(t, []string{"r1", "r2", "r4"}, ids)

	for _, foreign := range []string{"hello\n", "SQLite format 3\x00", `"r1"` + "\n"} {
		p := filepath.Join(dir, "other")
		require.NoError(t, os.WriteFile(p, []byte(foreign), 0o600))
		_, err := OpenFileSeen(p, 10, nil)
		require.ErrorContains(t, err, "not a seen-ids file")
		require.Equal(t, foreign, string(must(os.ReadFile(p))), "left as it is")
	}
	_, err = OpenFileSeen(filepath.Join(dir, "no", "such", "dir"), 10, nil)
	require.Error(t, err)
}

func FuzzParseSeen(f *testing.F) {
	f.Add([]byte(seenHeader + `"r1"` + "\n" + `"r2"` + "\n"))
	f.Add([]byte(seenHeader + `"r1` + "\n\n" + `"\xff"` + "\n"))
	f.Add([]byte(""))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, _, err := ParseSeen(data)
		if err != nil {
			return
		}
		// What was read writes back and reads the same, nothing skipped.
		var b bytes.Buffer
		b.WriteString(seenHeader)
		for _, id := range ids {
			b.WriteString(strconv.Quote(id) + "\n")
		}
		again, skipped, err := ParseSeen(b.Bytes())
		require.NoError(t, err)
		require.Zero(t, skipped)
		require.Equal(t, len(ids), len(again))
		for i := range ids {
			require.Equal(t, ids[i], again[i])
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
