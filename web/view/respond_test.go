package view

import (
	"bytes"
	"log/slog"
	"math"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAnswerThatCannotBeEncodedIs500: an answer that cannot be encoded
// is a 500 with the reason, logged; never a 200 with an empty body.
func TestAnswerThatCannotBeEncodedIs500(t *testing.T) {
	var logged bytes.Buffer
	w := httptest.NewRecorder()
	WriteJSON(w, slog.New(slog.NewTextHandler(&logged, nil)), 200, map[string]float64{"hdop": math.NaN()})
	require.Equal(t, 500, w.Code)
	require.Contains(t, w.Body.String(), "could not encode its answer")
	require.Contains(t, w.Body.String(), "unsupported value: NaN")
	require.Contains(t, logged.String(), "answer not encodable")
}
