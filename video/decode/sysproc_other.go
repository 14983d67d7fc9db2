//go:build !linux

package decode

import (
	"os"
	"syscall"
)

// childExe is the executable to re-run as a decoder.
func childExe() (string, error) { return os.Executable() }

// childAttr: the defaults outside Linux (the child exits when its stdin
// closes).
func childAttr() *syscall.SysProcAttr { return nil }
