package video

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"syscall"

	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/liberrors"
)

// permanentError is a failure that retrying cannot mend (a bad address).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return permanentError{err} }

func isPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// describe says in words why a connection failed, for StreamHealth.Error.
func describe(err error) string {
	var bad liberrors.ErrClientBadStatusCode
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &bad):
		return fmt.Sprintf("%d %s", bad.Code, bad.Message)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the camera"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "camera unreachable"
	case errors.Is(err, errStalled), errors.Is(err, errNoVideo), errors.Is(err, errUnsupportedCodec), isPermanent(err):
		return err.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timed out: " + err.Error()
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "unknown host " + dnsErr.Name
	}
	return err.Error()
}

// redact hides a URI's password for logs and errors.
func redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	return u.Redacted()
}

// transportSeen learns the transport a connection ended up with from the
// SETUP response (gortsplib chooses UDP or TCP by itself).
type transportSeen struct {
	mu   sync.Mutex
	name string
}

func (t *transportSeen) onResponse(res *base.Response) {
	h, ok := res.Header["Transport"]
	if !ok || len(h) == 0 {
		return
	}
	if strings.Contains(strings.ToUpper(h[0]), "TCP") {
		t.set(TransportTCP)
	} else {
		t.set(TransportUDP)
	}
}

func (t *transportSeen) set(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.name = name
}

func (t *transportSeen) get() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.name
}
