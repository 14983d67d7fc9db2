//go:build cgo

package yolo

import (
	"fmt"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

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
