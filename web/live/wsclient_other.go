//go:build !linux

package live

import (
	"errors"
	"net"
)

// setUnsentLimit is a no-op where TCP_NOTSENT_LOWAT is not known: the
// kernel's send buffer then decides when a write waits.
func setUnsentLimit(net.Conn, int) error { return nil }

// unsentLimit is not available here.
func unsentLimit(net.Conn) (int, error) { return 0, errors.ErrUnsupported }
