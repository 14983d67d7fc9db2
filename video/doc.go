// Package video is Skerry's video adapter: it pulls every camera's RTSP
// stream, decodes sampled frames for analysis, reports each stream's health
// to gcs, and gives live video and recordings to the front ends
// (gcs.VideoFeed).
//
// A Manager follows the fleet's cameras on gcs.Events (and streams
// configured by hand) and runs one stream per camera stream. A stream is:
//
//   - a worker (one RTSP connection, Run(ctx) error) restarted by a
//     supervisor with a doubling pause; gortsplib's packet callback only
//     depacketises, stamps the capture time and hands the frame to a
//     bounded queue (drops counted);
//   - a hub goroutine that owns the viewers, the recording, the pre-roll
//     and the figures: it fans frames out without ever blocking, queues
//     them for the decoder (behind: skip to the next key frame) and
//     reports health about once a second;
//   - a decoder goroutine that decodes every unit and asks for pictures
//     at SampleFPS, leaving the newest in a one-slot mailbox for Analyze
//     and as the snapshot;
//   - an analysis goroutine that hands the newest picture to Analyze and,
//     with NewDetector, to the stream's own detector, with the camera's
//     pose at the capture time.
//
// Vessel analysis (analysis*.go) shares one goroutine among the streams:
// it keeps the vehicles' recent poses from the event stream
// (track.PoseHistory) and owns the fleet-wide tracker (track.Tracker);
// each stream's detections are placed on the sea (track.Geolocate) on the
// stream's goroutine and tracked there, and the contacts and detections
// go to Contacts (a ContactSink: *gcs.Vessels).
//
// Every stream keeps, like a dashcam, its last PreRoll (30 s) of encoded
// video in memory on its hub, from a key frame and at most PreRollBytes
// (16 MiB; a stream whose bitrate does not fit keeps less, and what is
// dropped early is counted and logged). Clip (gcs.Clipper) cuts a
// playable MP4 of any span of it for an incident's evidence, without
// re-encoding: the hub copies the units between two frames and the file
// is written on the caller's goroutine (record.New into memory). Clips
// are timed by the capture times analysis uses (Frame.Captured,
// gcs.Sighting.At), so a clip asked around a sighting shows it. The
// pre-roll lives as long as the stream: reconnections keep it, a stream
// stopped (its vehicle gone, its address changed) loses it.
package video
