package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
)

// WriteJSON answers with v as indented JSON. v is encoded whole before
// anything is written, so that a value that cannot be encoded never
// leaves a 200 with an empty or cut body: it answers 500, and the error
// goes to log.
func WriteJSON(w http.ResponseWriter, log *slog.Logger, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		log.Error("answer not encodable", "status", status, "type", fmt.Sprintf("%T", v), "err", err)
		buf.Reset()
		status = http.StatusInternalServerError
		enc.Encode(map[string]string{"error": "the station could not encode its answer: " + err.Error()}) //nolint:errcheck // a map of strings always encodes
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the client has gone
}

// WriteError answers with {"error": msg}.
func WriteError(w http.ResponseWriter, log *slog.Logger, status int, msg string) {
	WriteJSON(w, log, status, map[string]string{"error": msg})
}
