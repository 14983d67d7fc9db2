// Package stream serves live video to the browser console over a
// websocket, without re-encoding: GET /api/vehicles/{id}/streams/{key}/live
// upgrades to a websocket whose binary messages are the stream's encoded
// frames (H.264/H.265 access units in Annex B form, or JPEG images), each
// behind a small fixed header, and whose occasional text messages report
// what this viewer lost. The browser decodes with WebCodecs. PROTOCOL.md
// describes the messages.
//
// Each connection has its own bounded queue: a viewer that does not keep
// up loses frames up to the next key frame, and a viewer stuck in a write
// is closed; neither slows the stream's other viewers or its ingest.
package stream
