package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The headers of a report request (see the package doc).
const (
	HeaderIdempotency = "Idempotency-Key"
	HeaderReport      = "X-Skerry-Report"
	HeaderSeq         = "X-Skerry-Seq"
	HeaderUnit        = "X-Skerry-Unit"
	HeaderIncident    = "X-Skerry-Incident"
	HeaderKind        = "X-Skerry-Kind"
	HeaderTimestamp   = "X-Skerry-Timestamp"
	HeaderSignature   = "X-Skerry-Signature"
)

// Errors of Verify.
var (
	// ErrBadSignature: the signature is missing, malformed or not the
	// body's with this secret.
	ErrBadSignature = errors.New("bad signature")
	// ErrStale: the timestamp is missing, malformed or too far from now
	// (a replayed request, or a clock far off).
	ErrStale = errors.New("timestamp outside the allowed skew")
)

// DefaultSkew is how far a request's timestamp may be from the
// receiver's clock by default.
const DefaultSkew = 5 * time.Minute

// Sign returns the X-Skerry-Signature value of body signed at ts:
// "sha256=" and the hex HMAC-SHA256, keyed with secret, of the Unix
// seconds of ts, a dot and body.
func Sign(secret string, ts time.Time, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, strconv.FormatInt(ts.Unix(), 10), body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a request's signature header against body and its
// timestamp header (Unix seconds) against now: it wraps ErrBadSignature
// when the signature is not body's with secret (compared in constant
// time), ErrStale when the timestamp is more than skew from now (skew ≤ 0
// means DefaultSkew). The signature is checked first: a stale timestamp
// is only reported for a genuine request.
func Verify(secret, header, tsHeader string, body []byte, now time.Time, skew time.Duration) error {
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok {
		return fmt.Errorf("%w: want sha256=HEX", ErrBadSignature)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: not %d hex bytes", ErrBadSignature, sha256.Size)
	}
	ts := strings.TrimSpace(tsHeader)
	if !hmac.Equal(got, mac(secret, ts, body)) {
		return ErrBadSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q is not Unix seconds", ErrStale, ts)
	}
	if skew <= 0 {
		skew = DefaultSkew
	}
	if d := now.Sub(time.Unix(sec, 0)); d > skew || d < -skew {
		return fmt.Errorf("%w: %s off", ErrStale, d.Round(time.Second))
	}
	return nil
}
