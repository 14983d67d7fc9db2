package gcs

import (
	"log/slog"
	"time"
)

// JournalRecording keeps in j, like an order, that a recording of stream
// key of vehicle id was started (start) or stopped, and how it ended (err
// nil: done). Evidence recordings are decisions a pilot answers for. A nil
// j keeps nothing; a failed write is logged to log.
func JournalRecording(j OrderJournal, log *slog.Logger, at time.Time, id VehicleID, key string, start bool, err error) {
	kind := CmdRecordStop
	if start {
		kind = CmdRecordStart
	}
	rec := OrderRecord{At: at, Vehicle: id, Command: Command{Kind: kind, Stream: key}, OK: err == nil}
	if err != nil {
		rec.Error = err.Error()
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	record(j, log, rec)
}
