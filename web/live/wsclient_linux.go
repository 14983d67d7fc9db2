//go:build linux

package live

import (
	"fmt"
	"net"
	"syscall"
)

// tcpNotSentLowat is TCP_NOTSENT_LOWAT (linux/tcp.h), which the syscall
// package does not name.
const tcpNotSentLowat = 0x19

// setUnsentLimit caps the bytes the kernel holds unsent for conn: beyond
// n, a write waits. Bytes in flight (sent, not yet acknowledged) are not
// counted, so a long path keeps its throughput.
func setUnsentLimit(conn net.Conn, n int) error {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil // not a socket (a test pipe)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return fmt.Errorf("TCP_NOTSENT_LOWAT: %w", err)
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpNotSentLowat, n)
	}); err != nil {
		return fmt.Errorf("TCP_NOTSENT_LOWAT: %w", err)
	}
	if serr != nil {
		return fmt.Errorf("TCP_NOTSENT_LOWAT: %w", serr)
	}
	return nil
}

// unsentLimit reads the cap back (tests).
func unsentLimit(conn net.Conn) (int, error) {
	rc, err := conn.(syscall.Conn).SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		n, serr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpNotSentLowat)
	}); err != nil {
		return 0, err
	}
	return n, serr
}
