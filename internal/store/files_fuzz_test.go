package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzFile: a hash is a path component from a request; whatever it is,
// File never panics, refuses what is not 64 lowercase hex digits, and
// returns only bytes whose SHA-256 is the hash asked for (never the
// secret beside the database).
func FuzzFile(f *testing.F) {
	f.Add("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
	f.Add("../secret")
	f.Add("2c/../../secret")
	f.Add("")
	f.Add("2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")
	s, err := Open(filepath.Join(f.TempDir(), "fuzz.db"))
	require.NoError(f, err)
	f.Cleanup(func() { s.Close() })
	is := s.Incidents()
	_, err = is.PutFile(context.Background(), []byte("hello"))
	require.NoError(f, err)
	require.NoError(f, os.WriteFile(filepath.Join(filepath.Dir(s.Path()), "secret"), []byte("secret"), 0o600))
	f.Fuzz(func(t *testing.T, hash string) {
		data, err := is.File(context.Background(), hash)
		if !ValidFileHash(hash) {
			require.Error(t, err)
			return
		}
		if err == nil {
			sum := sha256.Sum256(data)
			require.Equal(t, hash, hex.EncodeToString(sum[:]))
		}
	})
}
