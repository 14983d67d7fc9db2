package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// openTrace opens the file bench vessels --trace writes to ("-": stderr)
// behind a lock: the flights run on several workers at once, each line
// whole. The returned func closes the file (not stderr) on early returns;
// lockedWriter.close closes it and reports a failed write.
func openTrace(e *env, path string) (*lockedWriter, func(), error) {
	if path == "-" {
		return &lockedWriter{w: e.stderr}, func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("bench vessels: --trace: %w", err)
	}
	l := &lockedWriter{w: f, c: f}
	return l, func() { _ = l.close() }, nil
}

// lockedWriter serialises writes and remembers the first failed one.
type lockedWriter struct {
	mu  sync.Mutex
	w   io.Writer
	c   io.Closer // nil for stderr
	err error
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.w.Write(p)
	if err != nil && l.err == nil {
		l.err = err
	}
	return n, err
}

// close closes the file once and returns the first write or close error.
func (l *lockedWriter) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.c != nil {
		if err := l.c.Close(); err != nil && l.err == nil {
			l.err = err
		}
		l.c = nil
	}
	return l.err
}
