package sim

import (
	"net"
	"strconv"
)

// splitHostPort splits and checks HOST:PORT.
func splitHostPort(addr string) (string, int, error) {
	host, ps, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(ps)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, &net.AddrError{Err: "bad port", Addr: addr}
	}
	return host, port, nil
}

// localBindFor returns the local address a vehicle socket sending to target
// binds: 127.0.0.1 for loopback targets (like SITL), any address otherwise.
func localBindFor(target *net.UDPAddr) *net.UDPAddr {
	if target.IP == nil || target.IP.IsLoopback() {
		return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}
	}
	return &net.UDPAddr{}
}
