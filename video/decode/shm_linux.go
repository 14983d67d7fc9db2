package decode

import (
	"os"
	"syscall"
)

// Pictures cross from the child in shared memory on Linux: the child
// copies each picture into an unlinked file in /dev/shm that it maps, and
// the parent reads it with pread. That costs the child a memcpy instead of
// pushing 1.4 MB (a 720p picture) through a pipe. The parent never maps
// the file, so nothing the child does to it can fault the parent.
const (
	shmEnv  = "SKERRY_DECODER_SHM"
	shmSize = 16 << 20 // a 4K I420 picture is 12.4 MB; bigger ones take the pipe
)

// newShm makes the parent's shared picture file (nil when it cannot: the
// pipe then carries the pictures).
func newShm() *os.File {
	dir := "/dev/shm"
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "skerry-decoder-*")
	if err != nil {
		return nil
	}
	_ = os.Remove(f.Name())
	if err := f.Truncate(shmSize); err != nil {
		f.Close()
		return nil
	}
	return f
}

// shmArea is the child's view of the shared picture file.
type shmArea struct {
	b        []byte
	reserved int // bytes backed by fallocate: writing there cannot fault
}

// childShm maps the shared picture file the parent passed as fd 3 (a
// build without libavcodec has no child that uses it).
//
//lint:ignore U1000 used by the libavcodec child
func childShm() *shmArea {
	if os.Getenv(shmEnv) == "" {
		return nil
	}
	b, err := syscall.Mmap(3, 0, shmSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil
	}
	return &shmArea{b: b}
}

// room returns n bytes of the shared file to write a picture to, or nil
// when there is no shared file or tmpfs cannot back n bytes (a small
// /dev/shm in a container: writing to an unbacked page would kill the
// child with SIGBUS); the picture then takes the pipe.
//
//lint:ignore U1000 used by the libavcodec child
func (s *shmArea) room(n int) []byte {
	if s == nil || n > len(s.b) {
		return nil
	}
	if n > s.reserved {
		if err := syscall.Fallocate(3, 0, 0, int64(n)); err != nil {
			return nil
		}
		s.reserved = n
	}
	return s.b[:n]
}
