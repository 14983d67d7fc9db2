//go:build cgo

package yolo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// needRuntime loads ONNX Runtime or skips the test (fails it when
// CI=true, where make deps must have extracted it).
func needRuntime(t testing.TB) {
	t.Helper()
	if _, _, err := Runtime(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ONNX Runtime is required under CI=true: %v", err)
		}
		t.Skipf("skipping: %v", err)
	}
}

// tinyModel writes a test model to a temporary file.
func tinyModel(t testing.TB, s tinySpec) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tiny.onnx")
	require.NoError(t, os.WriteFile(p, buildTiny(s), 0o644))
	return p
}

func TestRuntimeLoads(t *testing.T) {
	needRuntime(t)
	path, version, err := Runtime()
	require.NoError(t, err)
	t.Logf("ONNX Runtime %s from %s", version, path)
	require.NotEmpty(t, version)
}

func TestLoadTinyModel(t *testing.T) {
	needRuntime(t)
	for _, v5 := range []bool{false, true} {
		m, err := Load(tinyModel(t, tinySpec{size: 64, cell: 8, v5: v5, names: true}), Options{})
		require.NoError(t, err)
		w, h := m.InputSize()
		require.Equal(t, [2]int{64, 64}, [2]int{w, h})
		require.Equal(t, []string{"boat", "buoy"}, m.Names())
		require.Equal(t, 2, m.classes)
		require.NoError(t, m.Close())
		require.NoError(t, m.Close())
	}
}
