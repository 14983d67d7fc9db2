package yolo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// EnvLibrary names the environment variable that gives the path of ONNX
// Runtime's shared library (libonnxruntime.so, version 1.24 or newer).
const EnvLibrary = "SKERRY_ONNXRUNTIME"

// DepsDir is where make deps extracts ONNX Runtime, relative to the
// project's root.
const DepsDir = ".deps/onnxruntime"

// ErrNoRuntime: ONNX Runtime's library was not found.
var ErrNoRuntime = errors.New("ONNX Runtime library not found: run make deps (it extracts " + DepsDir +
	"/libonnxruntime.so.1 from npm's onnxruntime-node@1.30.0) or set " + EnvLibrary + " to a libonnxruntime.so")

// LibraryPath finds ONNX Runtime's library as Runtime does, without
// loading it.
func LibraryPath() (string, error) {
	if p := os.Getenv(EnvLibrary); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return "", fmt.Errorf("%s=%s: not a file: %w", EnvLibrary, p, ErrNoRuntime)
		}
		return p, nil
	}
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	for _, dir := range starts {
		for {
			m, _ := filepath.Glob(filepath.Join(dir, DepsDir, "libonnxruntime.so*"))
			sort.Strings(m)
			for _, p := range m {
				if st, err := os.Stat(p); err == nil && !st.IsDir() {
					return p, nil
				}
			}
			up := filepath.Dir(dir)
			if up == dir {
				break
			}
			dir = up
		}
	}
	return "", ErrNoRuntime
}
