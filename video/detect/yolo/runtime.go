package yolo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
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

var (
	runtimeOnce sync.Once
	runtimeErr  error
	runtimeLib  string
)

// Runtime loads ONNX Runtime once per process (later calls return the
// first call's outcome) and returns the library's path and version. The
// environment lives as long as the process. The library is EnvLibrary's
// path when set, else the first DepsDir/libonnxruntime.so* found in the
// working directory or one of its parents, or beside the executable or
// in one of its parents.
func Runtime() (path, version string, err error) {
	runtimeOnce.Do(func() {
		runtimeLib, runtimeErr = LibraryPath()
		if runtimeErr != nil {
			return
		}
		ort.SetSharedLibraryPath(runtimeLib)
		if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
			runtimeErr = fmt.Errorf("loading ONNX Runtime %s: %w", runtimeLib, err)
		}
	})
	if runtimeErr != nil {
		return runtimeLib, "", runtimeErr
	}
	return runtimeLib, ort.GetVersion(), nil
}

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
