package yolo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLibraryPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvLibrary, filepath.Join(dir, "missing.so"))
	_, err := LibraryPath()
	require.ErrorIs(t, err, ErrNoRuntime)
	require.ErrorContains(t, err, "make deps")
	t.Setenv(EnvLibrary, dir)
	_, err = LibraryPath()
	require.ErrorIs(t, err, ErrNoRuntime)

	// Found in DepsDir of the working directory or a parent.
	lib := filepath.Join(dir, DepsDir, "libonnxruntime.so.1")
	require.NoError(t, os.MkdirAll(filepath.Dir(lib), 0o755))
	require.NoError(t, os.WriteFile(lib, nil, 0o644))
	sub := filepath.Join(dir, "a", "b")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	t.Chdir(sub)
	t.Setenv(EnvLibrary, "")
	got, err := LibraryPath()
	require.NoError(t, err)
	require.Equal(t, lib, got)
	t.Setenv(EnvLibrary, lib)
	got, err = LibraryPath()
	require.NoError(t, err)
	require.Equal(t, lib, got)
}
