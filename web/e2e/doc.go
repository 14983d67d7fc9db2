// Package e2e holds the console's end-to-end tests: the real skerry binary
// runs `demo --script none` with its simulated fleet, and headless Chromium
// (Debian's /usr/bin/chromium), driven by playwright-core from npm, uses
// the console as a pilot would. The browser steps are in console.test.mjs
// (pure helpers in mapcheck.mjs; labels.test.mjs tries the map's label
// placement without a browser); console_test.go builds the binary, starts
// the demo and runs them with node. video_test.go runs video.test.mjs
// (the video panel, the video wall, footprints and gimbal) against a test
// station instead: the real web.Server and video websocket with a test
// feed of real H.264 and MJPEG frames that ffmpeg encodes, and a fake
// fleet; and videoparse.test.mjs (the console's video helpers, no
// browser). vessels_test.go runs vessels.test.mjs (vessel contacts on the
// map and in their panel, pointing and following with a camera, detection
// boxes over the video) against the same test station with contacts and
// detections in its live feed. vesselsim.test.mjs runs from
// internal/station (TestConsoleShowsTheBoatTheCameraFinds, through
// internal/browsertest) against the real station and simulator: boxes over
// the boat's video where the simulator drew it, the contact on the map
// where the boat is, its picture and camera drone. Screenshots are kept in
// web/e2e/artifacts/.
package e2e
