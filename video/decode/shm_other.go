//go:build !linux

package decode

import "os"

const (
	shmEnv  = "SKERRY_DECODER_SHM"
	shmSize = 0
)

// newShm: pictures take the pipe outside Linux.
func newShm() *os.File { return nil }

// shmArea: no shared file outside Linux.
type shmArea struct{}

// childShm: pictures take the pipe outside Linux.
//
//lint:ignore U1000 used by the libavcodec child
func childShm() *shmArea { return nil }

// room: pictures take the pipe outside Linux.
//
//lint:ignore U1000 used by the libavcodec child
func (s *shmArea) room(int) []byte { return nil }
