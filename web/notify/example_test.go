package notify_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"skerry/web/notify"
)

// A unit's own handler, verifying without this package (as the package
// doc shows).
func Example_handler() {
	secret := "unit-secret"
	_ = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		ts := r.Header.Get("X-Skerry-Timestamp")
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "."))
		mac.Write(body)
		want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Skerry-Signature"))) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
			http.Error(w, "stale", http.StatusUnauthorized)
			return
		}
		// ... drop a repeated Idempotency-Key, keep the report, then:
		w.WriteHeader(http.StatusOK)
	})
}

func ExampleVerify() {
	at := time.Unix(1_800_000_000, 0)
	body := []byte(`<alert>...</alert>`)
	sig := notify.Sign("unit-secret", at, body)
	fmt.Println(sig)
	fmt.Println(notify.Verify("unit-secret", sig, "1800000000", body, at.Add(time.Minute), 5*time.Minute))
	fmt.Println(notify.Verify("unit-secret", sig, "1800000000", body, at.Add(time.Hour), 5*time.Minute))
	fmt.Println(notify.Verify("another", sig, "1800000000", body, at, 5*time.Minute))
	// Output:
	// sha256=85ba977192fc6740f4ca06bed05d600d32d53fe261cfab6a44e9babe6ea51906
	// <nil>
	// timestamp outside the allowed skew: 1h0m0s off
	// bad signature
}
