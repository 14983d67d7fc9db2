// Package track turns detections into vessel contacts: it places a
// detection box on the sea from the camera's pose at the frame's capture
// time (Geolocate, with PoseHistory interpolating the telemetry), and
// fuses the placed detections of every camera into contacts with stable
// ids (Tracker: constant-velocity Kalman filters in local east/north
// metres, gated and paired per frame at the least total cost, their
// process noise raised while a boat manoeuvres).
//
// Nothing here starts goroutines or locks: PoseHistory and Tracker belong
// to one goroutine (video's analysis pipeline owns them).
package track
