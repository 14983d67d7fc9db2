package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "skerry.db")
	s, err := Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesWALDatabaseAtCurrentSchema(t *testing.T) {
	s, path := openTemp(t)
	require.FileExists(t, path)
	var mode string
	require.NoError(t, s.db.QueryRow("PRAGMA journal_mode").Scan(&mode))
	require.Equal(t, "wal", mode)
	v, err := s.version(context.Background())
	require.NoError(t, err)
	require.Equal(t, len(migrations), v)
	require.NoError(t, s.Close())

	again, err := Open(path)
	require.NoError(t, err, "reopening migrates nothing and works")
	require.NoError(t, again.Close())
}

func TestOpenTakesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "skerry.db")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	s, err := Open(path)
	require.NoError(t, err)
	s.Close()
}

// TestOpenRefusesWhatIsNotASkerryDatabase: every refusal is clear, wraps
// ErrNotSkerryDB where the file is the problem, and leaves the file as it
// was.
func TestOpenRefusesWhatIsNotASkerryDatabase(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	otherApp := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", otherApp)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE photos (id INTEGER)")
	require.NoError(t, err)
	db.Close()

	newer, _ := openTemp(t)
	_, err = newer.db.Exec("UPDATE schema_version SET version = 99")
	require.NoError(t, err)
	newer.Close()

	damaged, _ := openTemp(t)
	_, err = damaged.Plans().Save(context.Background(), samplePlan())
	require.NoError(t, err)
	damaged.Close()
	data, err := os.ReadFile(damaged.path)
	require.NoError(t, err)
	copy(data[16:], []byte{0xff, 0xff, 0xff, 0xff, 0xff}) // page size and format bytes
	require.NoError(t, os.WriteFile(damaged.path, data, 0o600))

	cases := []struct{ name, path, want string }{
		{"text file", write("notes.db", []byte("pilot notes: buy batteries\n")), "not an SQLite file"},
		{"short junk", write("short.db", []byte("SQLite")), "not an SQLite file"},
		{"another application", otherApp, "another application"},
		{"newer schema", newer.path, "newer Skerry"},
		{"damaged", damaged.path, "damaged"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			before, err := os.ReadFile(ca.path)
			require.NoError(t, err)
			_, err = Open(ca.path)
			require.ErrorIs(t, err, ErrNotSkerryDB)
			require.ErrorContains(t, err, ca.want)
			after, err := os.ReadFile(ca.path)
			require.NoError(t, err)
			require.True(t, bytes.Equal(before, after), "the file is left untouched")
		})
	}
	_, err = Open(dir)
	require.ErrorContains(t, err, "directory")
	_, err = Open(filepath.Join(dir, "no", "such", "dir", "skerry.db"))
	require.Error(t, err)
	_, err = Open(filepath.Join(dir, "odd?name.db"))
	require.ErrorContains(t, err, "without '?'")
}
