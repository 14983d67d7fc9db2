package notify

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// seenHeader starts a FileSeen's file.
const seenHeader = "skerry-seen-ids 1\n"

// FileSeen is a SeenStore kept in a file, so that a Receiver restarted on
// the same file still answers a redelivered report "duplicate" instead of
// handling it again. It remembers the last n ids (as MemorySeen does, in
// memory too); each Add appends the id to the file and syncs it before
// returning (the Receiver answers 200 only after Add). The file is
// rewritten with the last n ids when opened and whenever it reaches 2n
// lines, through a temporary file renamed over it, so that it stays
// bounded and a crash leaves the old or the new one whole. A line a crash
// cut short is skipped when the file is read.
//
// A report handled but not yet added when the process dies (between
// Handle and Add) is handled again when redelivered: what Handle does
// should be idempotent itself if that matters.
//
// One process at a time may use a file. FileSeen is safe for concurrent
// use; Close it when done.
type FileSeen struct {
	mu    sync.Mutex
	path  string
	mem   *MemorySeen
	n     int
	f     *os.File
	lines int // ids in the file
	log   *slog.Logger
	err   error // the first write error, if any
}

var _ SeenStore = (*FileSeen)(nil)

// OpenFileSeen opens (or creates) the seen-ids file at path, remembering
// the last n ids (at least 1); log hears write errors (nil discards). A
// file that is not a seen-ids file is refused and left as it is.
func OpenFileSeen(path string, n int, log *slog.Logger) (*FileSeen, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &FileSeen{path: path, n: max(n, 1), mem: NewMemorySeen(max(n, 1)), log: log}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("seen ids: %w", err)
	default:
		ids, skipped, err := ParseSeen(data)
		if err != nil {
			return nil, fmt.Errorf("seen ids: %s: %w", path, err)
		}
		if skipped > 0 {
			log.Warn("seen ids: lines skipped (cut short by a crash?)", "file", path, "skipped", skipped)
		}
		for _, id := range ids {
			s.mem.Add(id)
		}
	}
	if err := s.rewrite(); err != nil {
		return nil, fmt.Errorf("seen ids: %w", err)
	}
	return s, nil
}

// ParseSeen reads a seen-ids file: its ids, oldest first, and how many
// lines it skipped (not a quoted id: cut short by a crash, or damaged).
// An empty file has none; a file without the header is not one (error).
func ParseSeen(data []byte) (ids []string, skipped int, err error) {
	if len(data) == 0 {
		return nil, 0, nil
	}
	rest, ok := bytes.CutPrefix(data, []byte(seenHeader))
	if !ok {
		return nil, 0, errors.New("not a seen-ids file (it does not start with " + strconv.Quote(seenHeader) + ")")
	}
	sc := bufio.NewScanner(bytes.NewReader(rest))
	sc.Buffer(make([]byte, 0, 4096), len(rest)+1)
	for sc.Scan() {
		id, err := strconv.Unquote(sc.Text())
		if err != nil || id == "" {
			skipped++
			continue
		}
		ids = append(ids, id)
	}
	return ids, skipped, sc.Err()
}

// Seen implements SeenStore.
func (s *FileSeen) Seen(id string) bool { return s.mem.Seen(id) }

// Add implements SeenStore: id is in memory at once, and on disk (synced)
// when Add returns, unless writing failed (logged; Err says it).
func (s *FileSeen) Add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mem.Seen(id) {
		return
	}
	s.mem.Add(id)
	if s.f == nil {
		return // closed, or a rewrite failed: in memory only
	}
	err := s.append(id)
	if err == nil && s.lines >= 2*s.n {
		err = s.rewrite()
	}
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		s.log.Error("seen ids: not written: a restarted receiver may handle a redelivered report again", "file", s.path, "err", err)
	}
}

func (s *FileSeen) append(id string) error {
	if _, err := s.f.WriteString(strconv.Quote(id) + "\n"); err != nil {
		return err
	}
	s.lines++
	return s.f.Sync()
}

// rewrite writes the ids remembered to a new file renamed over the old
// one, and appends to it from then on.
func (s *FileSeen) rewrite() error {
	if s.f != nil {
		_ = s.f.Close()
		s.f = nil
	}
	ids := s.mem.list()
	var b bytes.Buffer
	b.WriteString(seenHeader)
	for _, id := range ids {
		b.WriteString(strconv.Quote(id))
		b.WriteByte('\n')
	}
	tmp := s.path + ".tmp"
	if err := writeSynced(tmp, b.Bytes()); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	if dir, err := os.Open(filepath.Dir(s.path)); err == nil {
		_ = dir.Sync() // the rename itself, where the system allows it
		_ = dir.Close()
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	s.f, s.lines = f, len(ids)
	return nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Err is the first error writing the file, if any.
func (s *FileSeen) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close closes the file; ids added afterwards are kept in memory only.
func (s *FileSeen) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// list is the ids remembered, oldest first.
func (m *MemorySeen) list() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.order) < m.max {
		return append([]string(nil), m.order...)
	}
	return append(append([]string(nil), m.order[m.next:]...), m.order[:m.next]...)
}
