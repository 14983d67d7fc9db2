// Package yolo is the learned vessel detector: a YOLO model exported to
// ONNX, supplied by the user (skerry --model FILE), run on the CPU with
// ONNX Runtime. Nothing is downloaded at run time.
//
// Models. One float32 input [1, 3, H, W] (RGB, 0..1; a dynamic H or W
// takes Options.InputSize) and a first output in either of the common
// export layouts, told apart by its shape [1, A, B] (Options.Format
// overrides):
//
//   - YOLOv5 (and v7), A ≥ B: [1, N, 5+nc], each candidate centre x,
//     centre y, width, height in input pixels, objectness, nc class
//     scores; confidence = objectness × best class score.
//   - YOLOv8 and YOLO11, A < B: [1, 4+nc, N], the same without
//     objectness; confidence = best class score.
//
// The scores are taken as probabilities (exports apply the sigmoid);
// exports with NMS built in (end2end, [1, 300, 6]) are not supported.
// Class names come from the "names" metadata that Ultralytics' exporter
// writes ("{0: 'person', ..., 8: 'boat', ...}"), so Options.Classes can
// keep "boat" by name.
//
// Pre-processing (Preprocess, Letterbox): the frame's YCbCr (full range,
// or video range 16–235; BT.601) is resampled bilinearly to RGB into the
// input keeping its aspect, centred, the rest grey 114 as the exporters
// train. Post-processing: candidates under Options.Confidence or of
// classes not kept are dropped, as are those whose score or box is not
// finite or has no area; boxes go back through the letterbox to the
// frame's pixels, clipped to it; non-maximum suppression is class-aware
// by default (a box only suppresses boxes of its own class, as
// Ultralytics does; Options.Agnostic compares all), IoU above
// Options.IoU, best score first, at most Options.MaxBoxes.
//
// Runtime. ONNX Runtime's shared library (1.24 or newer: the binding,
// github.com/yalue/onnxruntime_go v1.27.0, asks for C API version 24;
// make deps extracts 1.30.0 from npm's onnxruntime-node package into
// .deps/onnxruntime, or set SKERRY_ONNXRUNTIME) is loaded and its
// environment made once per process (Runtime). A Model is one session;
// its detectors, one per stream, share it (ONNX Runtime runs a session
// from several goroutines at once) and each keeps its own input tensor
// and buffers. A Detector is used from one goroutine, and keeps no state
// between frames. Built without cgo, the package compiles and every
// load fails with a clear error.
package yolo
