package station

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"skerry/internal/store"
)

// DBName is the database file in a station's data directory.
const DBName = "skerry.db"

// openStore opens DataDir/skerry.db, creating the directory (private to
// the user) and the file as needed; nil without a directory.
func openStore(dir string) (*store.Store, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	// The database holds the units' webhook secrets and tokens: the
	// directory and the files are the user's alone, however they were
	// made.
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, DBName)
	db, err := store.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			db.Close()
			return nil, fmt.Errorf("data directory: %w", err)
		}
	}
	return db, nil
}

func closeStore(db *store.Store) {
	if db != nil {
		_ = db.Close()
	}
}

// listenLoopback listens on addr after checking that it is loopback.
func listenLoopback(addr string, fallback bool) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("HTTP address %q: %w", addr, err)
	}
	if !isLoopback(host) {
		return nil, fmt.Errorf("HTTP address %q: %w", addr, ErrNotLoopback)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil && fallback {
		ln, err = net.Listen("tcp", net.JoinHostPort(host, "0"))
	}
	if err != nil {
		return nil, fmt.Errorf("HTTP: %w", err)
	}
	return ln, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
