package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPutFileStoresOnceByHashAndFileReadsIt(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	is := s.Incidents()
	data := []byte("\xff\xd8\xff\xe0 a snapshot \xff\xd9")
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])

	h, err := is.PutFile(ctx, data)
	require.NoError(t, err)
	require.Equal(t, want, h)
	name := filepath.Join(path+".files", want[:2], want)
	require.FileExists(t, name)
	h2, err := is.PutFile(ctx, data)
	require.NoError(t, err)
	require.Equal(t, h, h2)
	entries, err := os.ReadDir(filepath.Dir(name))
	require.NoError(t, err)
	require.Len(t, entries, 1, "one file, no temporary left")

	empty, err := is.PutFile(ctx, nil)
	require.NoError(t, err, "an empty file is a file")
	got, err := is.File(ctx, empty)
	require.NoError(t, err)
	require.Empty(t, got)

	require.NoError(t, s.Close())
	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	got, err = s2.Incidents().File(ctx, h)
	require.NoError(t, err)
	require.Equal(t, data, got)
}

func TestFileRefusesWhatIsNotAHash(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	is := s.Incidents()
	h, err := is.PutFile(ctx, []byte("x"))
	require.NoError(t, err)
	for name, bad := range map[string]string{
		"empty":       "",
		"short":       h[:63],
		"long":        h + "0",
		"upper case":  strings.ToUpper(h),
		"parent":      "../../../../../../../../etc/passwd",
		"dots":        strings.Repeat(".", 64),
		"slash":       h[:2] + "/" + h[3:],
		"not hex":     strings.Repeat("g", 64),
		"nul":         h[:63] + "\x00",
		"unicode":     h[:62] + "é",
		"with suffix": h[:60] + ".jpg",
	} {
		t.Run(name, func(t *testing.T) {
			require.False(t, ValidFileHash(bad))
			_, err := is.File(ctx, bad)
			require.Error(t, err)
			require.NotErrorIs(t, err, ErrNoFile)
		})
	}
	require.True(t, ValidFileHash(h))
}

func TestFileReportsAMissingAndACorruptFile(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	is := s.Incidents()
	_, err := is.File(ctx, strings.Repeat("ab", 32))
	require.ErrorIs(t, err, ErrNoFile)
	require.ErrorIs(t, err, fs.ErrNotExist)

	data := []byte("evidence")
	h, err := is.PutFile(ctx, data)
	require.NoError(t, err)
	name := filepath.Join(path+".files", h[:2], h)
	require.NoError(t, os.WriteFile(name, []byte("evidencf"), 0o600))
	_, err = is.File(ctx, h)
	require.ErrorIs(t, err, ErrCorruptFile)
	require.Contains(t, err.Error(), name)

	again, err := is.PutFile(ctx, data)
	require.NoError(t, err, "storing the bytes again repairs the copy")
	require.Equal(t, h, again)
	got, err := is.File(ctx, h)
	require.NoError(t, err)
	require.Equal(t, data, got)
}

func TestPutFileReturnsWriteErrors(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	is := s.Incidents()
	is.writeFile = func(w io.Writer, data []byte) error {
		return &fs.PathError{Op: "write", Path: "test", Err: syscall.ENOSPC}
	}
	h, err := is.PutFile(ctx, []byte("too much"))
	require.ErrorIs(t, err, ErrFull)
	require.ErrorIs(t, err, syscall.ENOSPC)
	require.Empty(t, h)
	dirs, err := os.ReadDir(path + ".files")
	require.NoError(t, err)
	require.Len(t, dirs, 1)
	left, err := os.ReadDir(filepath.Join(path+".files", dirs[0].Name()))
	require.NoError(t, err)
	require.Empty(t, left, "the temporary file is removed")

	// A temporary file a crash left is removed at the next start.
	require.NoError(t, os.WriteFile(filepath.Join(path+".files", dirs[0].Name(), ".put-123"), []byte("half"), 0o600))
	n, err := is.RemoveTemporaryFiles(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	left, err = os.ReadDir(filepath.Join(path+".files", dirs[0].Name()))
	require.NoError(t, err)
	require.Empty(t, left)
	n, err = s.Incidents().RemoveTemporaryFiles(ctx)
	require.NoError(t, err)
	require.Zero(t, n)

	// The files' directory cannot be made.
	s2, _ := openTemp(t)
	require.NoError(t, os.WriteFile(s2.Path()+".files", []byte("in the way"), 0o600))
	_, err = s2.Incidents().PutFile(ctx, []byte("x"))
	require.Error(t, err)
	require.NotErrorIs(t, err, ErrFull)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s2.Incidents().PutFile(cancelled, []byte("x"))
	require.ErrorIs(t, err, context.Canceled)
}
