package decode

import (
	"os"
	"syscall"
)

// growPipe asks for a 1 MiB pipe buffer (Linux's default 64 KiB makes a
// 720p picture cross in 21 pieces, each a switch between the processes).
// Failure is harmless: the pipe works, only slower.
func growPipe(f *os.File) {
	const fSetPipeSz = 1031 // F_SETPIPE_SZ
	if sc, err := f.SyscallConn(); err == nil {
		_ = sc.Control(func(fd uintptr) {
			_, _, _ = syscall.Syscall(syscall.SYS_FCNTL, fd, fSetPipeSz, 1<<20)
		})
	}
}
