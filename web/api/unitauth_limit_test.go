package api

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// limitClock is a clock the test moves by hand.
type limitClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *limitClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *limitClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestUnitAuthLimiterBucket(t *testing.T) {
	clk := &limitClock{t: t0}
	l := &UnitAuthLimiter{Now: clk.Now}
	const guesser = "198.51.100.7:4242"
	for i := range DefaultUnitAuthBurst {
		ok, _ := l.Allow(guesser)
		require.True(t, ok, "failure %d", i+1)
		l.Failed(guesser)
	}
	ok, wait := l.Allow("198.51.100.7:9999") // another port of the same host
	require.False(t, ok)
	require.Equal(t, 6*time.Second, wait, "10 a minute: one every 6 s")
	ok, _ = l.Allow("203.0.113.9:1")
	require.True(t, ok, "another address is not slowed")

	clk.Advance(5 * time.Second)
	ok, wait = l.Allow(guesser)
	require.False(t, ok)
	require.Equal(t, time.Second, wait)
	clk.Advance(time.Second)
	ok, _ = l.Allow(guesser)
	require.True(t, ok, "one more try after 6 s")
	l.Failed(guesser)
	ok, _ = l.Allow(guesser)
	require.False(t, ok)

	// A minute without failures forgives everything, and forgets it.
	clk.Advance(time.Minute)
	ok, _ = l.Allow(guesser)
	require.True(t, ok)
	require.Zero(t, l.Clients())
}

func TestUnitAuthLimiterAddresses(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"198.51.100.7:1", "198.51.100.7:2", true},
		{"198.51.100.7:1", "198.51.100.8:1", false},
		{"[2001:db8::1]:5", "[2001:db8::2]:6", true}, // one /64: one host
		{"[2001:db8::1]:5", "[2001:db8:0:1::1]:5", false},
		{"[::ffff:198.51.100.7]:1", "198.51.100.7:1", true},
		{"[fe80::1%eth0]:1", "[fe80::1]:1", true},
		{"not an address", "not an address", true},
		{"", "x", false},
	} {
		require.Equal(t, c.same, clientKey(c.a) == clientKey(c.b), "%q %q", c.a, c.b)
	}
}

func TestUnitAuthLimiterMemoryBounded(t *testing.T) {
	clk := &limitClock{t: t0}
	l := &UnitAuthLimiter{Now: clk.Now, MaxClients: 100}
	for i := range 10000 {
		addr := fmt.Sprintf("10.%d.%d.%d:1", i>>16&255, i>>8&255, i&255)
		for range 10 {
			l.Failed(addr)
		}
		require.LessOrEqual(t, l.Clients(), 100)
		ok, _ := l.Allow(addr)
		require.False(t, ok, "the newest guesser is held")
	}
	// Refilled buckets go first.
	clk.Advance(time.Minute)
	l.Failed("192.0.2.1:1")
	require.Equal(t, 1, l.Clients())
}

// clientFrom is an HTTP client whose connections come from ip (another
// loopback address).
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

func call(t *testing.T, c *http.Client, method, url, token string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

func TestUnitTokensRateLimitedPerAddress(t *testing.T) {
	clk := &limitClock{t: t0}
	f := newFakeUnits()
	fl := &gcs.Fleet{}
	require.NoError(t, fl.Initialize())
	t.Cleanup(fl.Close)
	s := &Server{Fleet: fl, Units: f}
	s.UnitAuth = &UnitAuthLimiter{Now: clk.Now}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	ack := srv.URL + "/api/reports/r3/ack"
	pull := srv.URL + "/api/units/boat-b/reports"

	guesser, other, unit := clientFrom("127.0.0.2"), clientFrom("127.0.0.3"), clientFrom("127.0.0.1")
	for i := range 10 { // both routes, with wrong tokens and none
		method, url, tok := http.MethodPost, ack, fmt.Sprintf("guess-%d", i)
		if i%2 == 1 {
			method, url = http.MethodGet, pull
		}
		if i == 9 {
			tok = ""
		}
		res, body := call(t, guesser, method, url, tok)
		require.Equal(t, http.StatusUnauthorized, res.StatusCode, "%d %s", i, body)
	}
	for _, c := range []struct{ method, url, token string }{
		{http.MethodPost, ack, "guess"}, {http.MethodGet, pull, "guess"}, {http.MethodGet, pull, tokenB},
		{http.MethodGet, srv.URL + "/api/unitview", "guess"}, {http.MethodGet, srv.URL + "/api/unitview/files/" + strings.Repeat("ab", 32), "guess"},
	} {
		res, body := call(t, guesser, c.method, c.url, c.token)
		require.Equal(t, http.StatusTooManyRequests, res.StatusCode, body)
		require.Equal(t, "6", res.Header.Get("Retry-After"))
		require.Contains(t, body, "too many failed unit tokens")
	}

	// The unit itself, from its own address, is not slowed at all; nor is
	// another address's first failure.
	res, body := call(t, unit, http.MethodGet, pull, tokenB)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	require.Contains(t, body, `"r3"`)
	res, body = call(t, unit, http.MethodPost, ack, tokenB)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	require.Contains(t, body, "acknowledged")
	res, _ = call(t, other, http.MethodGet, pull, "guess")
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)

	// Six seconds on, the guesser has one more try.
	clk.Advance(6 * time.Second)
	res, _ = call(t, guesser, http.MethodGet, pull, "guess")
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	res, body = call(t, guesser, http.MethodGet, pull, "guess")
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode, body)
	require.True(t, strings.HasPrefix(body, "{"), "the API's error shape: %s", body)
}

func TestUnitAuthLimiterDefaultsPerServer(t *testing.T) {
	s, other := &Server{}, &Server{UnitAuth: &UnitAuthLimiter{Burst: 3}}
	require.NotNil(t, s.unitAuthLimiter())
	require.Same(t, s.unitAuthLimiter(), s.unitAuthLimiter(), "made once")
	require.Equal(t, 3, other.unitAuthLimiter().Burst, "the one given")
	require.NotSame(t, s.unitAuthLimiter(), other.unitAuthLimiter())
}
