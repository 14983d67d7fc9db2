package notify

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSignVerify(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`<alert>hello</alert>`)
	ts := strconv.FormatInt(now.Unix(), 10)
	good := Sign("s3cret", now, body)
	require.Regexp(t, `^sha256=[0-9a-f]{64}$`, good)
	for _, tc := range []struct {
		name      string
		secret    string
		sig, ts   string
		body      []byte
		now       time.Time
		wantError error
	}{
		{"genuine", "s3cret", good, ts, body, now, nil},
		{"within skew", "s3cret", good, ts, body, now.Add(4 * time.Minute), nil},
		{"clock behind", "s3cret", good, ts, body, now.Add(-4 * time.Minute), nil},
		{"replayed later", "s3cret", good, ts, body, now.Add(6 * time.Minute), ErrStale},
		{"from the future", "s3cret", good, ts, body, now.Add(-6 * time.Minute), ErrStale},
		{"wrong secret", "other", good, ts, body, now, ErrBadSignature},
		{"body changed", "s3cret", good, ts, []byte(`<alert>hellO</alert>`), now, ErrBadSignature},
		{"timestamp changed", "s3cret", good, strconv.FormatInt(now.Unix()+1, 10), body, now, ErrBadSignature},
		{"no scheme", "s3cret", good[len("sha256="):], ts, body, now, ErrBadSignature},
		{"not hex", "s3cret", "sha256=zz", ts, body, now, ErrBadSignature},
		{"short", "s3cret", good[:20], ts, body, now, ErrBadSignature},
		{"empty", "s3cret", "", "", body, now, ErrBadSignature},
		{"timestamp not a number", "s3cret", "sha256=" + hexMAC("s3cret", "soon", body), "soon", body, now, ErrStale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.secret, tc.sig, tc.ts, tc.body, tc.now, 0)
			if tc.wantError == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantError)
		})
	}
}

func hexMAC(secret, ts string, body []byte) string {
	const digits = "0123456789abcdef"
	m := mac(secret, ts, body)
	out := make([]byte, 0, 2*len(m))
	for _, b := range m {
		out = append(out, digits[b>>4], digits[b&15])
	}
	return string(out)
}

// FuzzVerify: no header, timestamp or body crashes Verify, and only the
// genuine signature passes.
func FuzzVerify(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	f.Add("sha256=00", "1800000000", []byte("x"))
	f.Add(Sign("k", now, []byte("body")), "1800000000", []byte("body"))
	f.Add("sha256="+hexMAC("k", "-9223372036854775808", nil), "-9223372036854775808", []byte{})
	f.Fuzz(func(t *testing.T, sig, ts string, body []byte) {
		err := Verify("k", sig, ts, body, now, time.Minute)
		if err == nil {
			// Only the genuine signature (hex in either case, spaces
			// around trimmed) of the timestamp checked.
			require.True(t, strings.EqualFold("sha256="+hexMAC("k", strings.TrimSpace(ts), body), strings.TrimSpace(sig)))
		}
	})
}
