// Package video is Skerry's video adapter: it pulls every camera's RTSP
// stream, decodes sampled frames for analysis, reports each stream's health
// to gcs, and gives live video and recordings to the front ends
// (gcs.VideoFeed).
package video
