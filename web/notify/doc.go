// Package notify delivers the station's reports to the maritime units
// and is the receiving side a unit can run.
//
// The Dispatcher takes the reports the maritime engine put in the outbox
// (gcs.Outbox) and POSTs each to its unit's webhook: one goroutine per
// unit, strictly in the unit's Seq order (the next report waits until
// the one before is delivered), retrying with exponential backoff and
// full jitter up to a cap. A unit that is down, answers errors or hangs
// delays only its own reports. The Receiver is an http.Handler that
// verifies the requests, drops duplicates and hands each report on once;
// `skerry unit` runs one.
//
// # For a unit's developers
//
// Each report arrives as an HTTP POST to the unit's webhook URL. The body
// is the report itself: OASIS CAP 1.2 XML (Content-Type
// application/cap+xml), a GeoJSON Feature (application/geo+json) or the
// incident as JSON (application/json), as the unit chose. The headers:
//
//	Idempotency-Key:    the report's id (stable across retries)
//	X-Skerry-Report:    the report's id again
//	X-Skerry-Seq:       the report's sequence number for this unit (1, 2, 3...)
//	X-Skerry-Unit:      the unit's id
//	X-Skerry-Incident:  the incident's id
//	X-Skerry-Kind:      Alert, Update or Cancel (CAP's msgType)
//	X-Skerry-Timestamp: when it was signed, Unix seconds
//	X-Skerry-Signature: sha256=HEX
//
// HEX is the lowercase hex HMAC-SHA256, keyed with the unit's secret, of
// the timestamp, a dot and the raw body: HMAC(secret, timestamp + "." +
// body), the pattern of Stripe's and GitHub's webhooks. To accept a
// report:
//
//  1. Recompute the signature over the raw bytes of the body (before any
//     parsing) and compare it in constant time; refuse a mismatch (401).
//  2. Refuse a timestamp more than a few minutes from your clock (401):
//     an old request replayed.
//  3. If you have already handled the Idempotency-Key, answer 200 again
//     and do nothing: the station retries when it did not hear your
//     answer, so the same report may come more than once.
//  4. Answer 2xx once the report is safely yours. Anything else (or no
//     answer within 10 s) and the station tries again later, with growing
//     pauses (2 s doubling up to 5 min); the next report waits for it.
//     A 4xx answer is retried too, but the station's log calls it a
//     likely configuration problem (a wrong secret, a wrong URL).
//
// X-Skerry-Seq increases by one per report to your unit: a gap means a
// report you have not had (it will come: delivery is in order, so a gap
// is only seen when reports were removed at the station).
//
// Verifying in Go (or use this package's Verify, or its Receiver):
//
//	body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
//	ts := r.Header.Get("X-Skerry-Timestamp")
//	mac := hmac.New(sha256.New, []byte(secret))
//	mac.Write([]byte(ts + "."))
//	mac.Write(body)
//	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
//	if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Skerry-Signature"))) {
//		http.Error(w, "bad signature", http.StatusUnauthorized)
//		return
//	}
//	sec, err := strconv.ParseInt(ts, 10, 64)
//	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
//		http.Error(w, "stale", http.StatusUnauthorized)
//		return
//	}
//
// Verifying in a shell, with the body saved to body.xml and the two
// headers in TS and SIG:
//
//	want="sha256=$( { printf '%s.' "$TS"; cat body.xml; } |
//		openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)"
//	[ "$want" = "$SIG" ] && echo verified
//	[ $(( $(date +%s) - TS )) -le 300 ] && [ $(( TS - $(date +%s) )) -le 300 ] && echo fresh
//
// Acknowledging: a unit that has a token acknowledges a report with
// POST {station}/api/reports/{id}/ack and "Authorization: Bearer TOKEN";
// `skerry unit --station URL --token T` does it for each report.
package notify
