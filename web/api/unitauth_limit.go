package api

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// Defaults of a UnitAuthLimiter.
const (
	DefaultUnitAuthBurst      = 10
	DefaultUnitAuthWindow     = time.Minute
	DefaultUnitAuthMaxClients = 10000
)

// UnitAuthLimiter slows down guessing of the units' tokens: each client
// address has a token bucket of Burst failed authentications that refills
// at Burst per Window (default 10 a minute); while its bucket is empty the
// unit-facing routes answer that address 429 Too Many Requests with a
// Retry-After, before looking at its token. An address that never fails
// costs nothing and is never slowed, whatever other addresses do (an IPv6
// client is one /64, what one host usually holds). At most MaxClients
// addresses are remembered: beyond, the buckets that have refilled are
// forgotten, then any.
//
// The address is the connection's (Request.RemoteAddr): behind a reverse
// proxy every unit shares the proxy's.
//
// Zero values of the exported fields mean the defaults; it is safe for
// concurrent use.
type UnitAuthLimiter struct {
	// Burst failures from one address are taken at once, then Burst per
	// Window (defaults 10 and a minute).
	Burst  int
	Window time.Duration
	// MaxClients bounds the addresses remembered (default 10000).
	MaxClients int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log hears when an address starts being refused; nil discards.
	Log *slog.Logger

	mu      sync.Mutex
	clients map[string]*authBucket
}

// authBucket is one address's bucket kept as the time it will be full
// again (a GCRA's theoretical arrival time): each failure moves it on by
// Window/Burst; the address is refused while it is more than
// Window - Window/Burst ahead (less than one failure left). Durations,
// not floats: exact.
type authBucket struct{ full time.Time }

func (l *UnitAuthLimiter) settings() (window, step time.Duration, maxClients int, now time.Time) {
	b, w, m := l.Burst, l.Window, l.MaxClients
	if b <= 0 {
		b = DefaultUnitAuthBurst
	}
	if w <= 0 {
		w = DefaultUnitAuthWindow
	}
	if m <= 0 {
		m = DefaultUnitAuthMaxClients
	}
	if l.Now != nil {
		now = l.Now()
	} else {
		now = time.Now()
	}
	return w, max(w/time.Duration(b), 1), m, now
}

// Allow reports whether addr may try a token now; when not, how long
// until it may.
func (l *UnitAuthLimiter) Allow(addr string) (bool, time.Duration) {
	window, step, _, now := l.settings()
	key := clientKey(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[key]
	if b == nil {
		return true, 0
	}
	if !b.full.After(now) { // forgiven: no different from an address never seen
		delete(l.clients, key)
		return true, 0
	}
	if wait := b.full.Sub(now) - (window - step); wait > 0 {
		return false, wait
	}
	return true, 0
}

// Failed records a failed authentication from addr.
func (l *UnitAuthLimiter) Failed(addr string) {
	window, step, maxClients, now := l.settings()
	key := clientKey(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.clients == nil {
		l.clients = map[string]*authBucket{}
	}
	b := l.clients[key]
	if b == nil {
		l.makeRoom(maxClients, now)
		b = &authBucket{}
		l.clients[key] = b
	}
	wasAllowed := b.full.Sub(now) <= window-step
	b.full = latestOf(b.full, now).Add(step)
	if b.full.Sub(now) > window { // failures that slipped through at once add no more
		b.full = now.Add(window)
	}
	if wasAllowed && b.full.Sub(now) > window-step && l.Log != nil {
		l.Log.Warn("unit tokens: too many failures from one address; refusing it for a while", "client", key)
	}
}

func latestOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// makeRoom forgets addresses until there is room for one more: first
// those whose bucket is full again (no different from a new one), then
// any.
func (l *UnitAuthLimiter) makeRoom(maxClients int, now time.Time) {
	if len(l.clients) < maxClients {
		return
	}
	for k, b := range l.clients {
		if !b.full.After(now) {
			delete(l.clients, k)
		}
	}
	for k := range l.clients {
		if len(l.clients) < maxClients {
			break
		}
		delete(l.clients, k)
	}
}

// Clients counts the addresses remembered.
func (l *UnitAuthLimiter) Clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// clientKey is the address a bucket is kept for: the IP of host:port,
// an IPv6 address's /64, or addr itself when it is not one.
func clientKey(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// unitAuthLimiter is s's limiter: s.UnitAuth, or one with the defaults
// made on first use.
func (s *Server) unitAuthLimiter() *UnitAuthLimiter {
	s.unitAuthOnce.Do(func() {
		if s.UnitAuth == nil {
			s.UnitAuth = &UnitAuthLimiter{Log: s.Log}
		}
	})
	return s.UnitAuth
}

// limitUnitAuth guards a route that authenticates a unit by its token:
// false when it answered 429 (the client's address failed too often);
// else the writer to answer with, which counts a 401 as a failure of the
// client's address.
func (s *Server) limitUnitAuth(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, bool) {
	l := s.unitAuthLimiter()
	if ok, wait := l.Allow(r.RemoteAddr); !ok {
		secs := max(1, int(math.Ceil(wait.Seconds())))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.writeError(w, http.StatusTooManyRequests,
			fmt.Sprintf("too many failed unit tokens from your address: try again in %d s", secs))
		return w, false
	}
	return &authFailureWriter{ResponseWriter: w, failed: func() { l.Failed(r.RemoteAddr) }}, true
}

// authFailureWriter calls failed when the answer is 401.
type authFailureWriter struct {
	http.ResponseWriter
	failed  func()
	written bool
}

func (a *authFailureWriter) WriteHeader(code int) {
	if !a.written {
		a.written = true
		if code == http.StatusUnauthorized {
			a.failed()
		}
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *authFailureWriter) Write(p []byte) (int, error) {
	a.written = true
	return a.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (a *authFailureWriter) Unwrap() http.ResponseWriter { return a.ResponseWriter }
