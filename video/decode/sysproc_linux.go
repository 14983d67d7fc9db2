package decode

import (
	"os"
	"syscall"
)

// childExe is the executable to re-run as a decoder: /proc/self/exe, so
// that it works even when the binary was replaced or deleted on disk
// (an upgrade while the station runs).
func childExe() (string, error) {
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		return "/proc/self/exe", nil
	}
	return os.Executable()
}

// childAttr puts the child in its own process group, so that a Ctrl-C at
// the terminal reaches only the station, which then closes its decoders
// in order; and has the kernel kill the child if the station dies.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
