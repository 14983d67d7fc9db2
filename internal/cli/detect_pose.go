package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"skerry/gcs"
)

// maxPoseBytes bounds a pose file skerry detect reads.
const maxPoseBytes = 1 << 20

// detectPose is the pose skerry detect gives the detector for an image,
// with the frame's capture time when the file has one.
type detectPose struct {
	pose     gcs.CameraPose
	captured time.Time
}

// parsePose reads a camera pose: a gcs.CameraPose object ({"Lat": …,
// "AltAMSL": …, "Yaw": …, "Pitch": …, "Roll": …, "HFOV": …, "Aspect": …};
// names match case-insensitively), or an object holding one under "pose"
// — the sidecar skerry bench vessels --dump-dir writes, whose "captured"
// is used too.
func parsePose(data []byte) (detectPose, error) {
	var wrap struct {
		Pose     *gcs.CameraPose `json:"pose"`
		Captured time.Time       `json:"captured"`
	}
	if err := json.Unmarshal(data, &wrap); err != nil {
		return detectPose{}, fmt.Errorf("pose: %w", err)
	}
	out := detectPose{captured: wrap.Captured}
	if wrap.Pose != nil {
		out.pose = *wrap.Pose
	} else if err := json.Unmarshal(data, &out.pose); err != nil {
		return detectPose{}, fmt.Errorf("pose: %w", err)
	}
	p := out.pose
	for _, v := range []float64{p.Lat, p.Lon, p.AltAMSL, p.SeaAMSL, p.Yaw, p.Pitch, p.Roll, p.HFOV, p.Aspect, p.MaxRange} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return detectPose{}, errors.New("pose: a value is not a finite number")
		}
	}
	switch {
	case p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180:
		return detectPose{}, fmt.Errorf("pose: position %g, %g out of range", p.Lat, p.Lon)
	case p.Pitch < -90 || p.Pitch > 90:
		return detectPose{}, fmt.Errorf("pose: Pitch %g not in [-90, 90]", p.Pitch)
	case !(p.HFOV > 0 && p.HFOV < 180):
		return detectPose{}, fmt.Errorf("pose: HFOV %g not in (0, 180)", p.HFOV)
	case p.Aspect < 0 || p.MaxRange < 0:
		return detectPose{}, errors.New("pose: Aspect and MaxRange must be ≥ 0")
	case p.AltAMSL <= p.SeaAMSL:
		return detectPose{}, fmt.Errorf("pose: camera at %g m is not above the sea at %g m", p.AltAMSL, p.SeaAMSL)
	}
	return out, nil
}

// readPoseFile reads and parses a pose file.
func readPoseFile(path string) (detectPose, error) {
	f, err := os.Open(path)
	if err != nil {
		return detectPose{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPoseBytes+1))
	if err != nil {
		return detectPose{}, err
	}
	if len(data) > maxPoseBytes {
		return detectPose{}, fmt.Errorf("%s: pose file too large", path)
	}
	p, err := parsePose(data)
	if err != nil {
		return detectPose{}, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// sidecarPose reads an image's pose from IMAGE.pose.json or, failing
// that, from the bench dump's sidecar (IMAGE with .json for its
// extension, .i420.png counted as one).
func sidecarPose(image string) (detectPose, error) {
	base := image
	if isI420(image) {
		base = image[:len(image)-len(i420Suffix)]
	} else {
		base = strings.TrimSuffix(image, filepath.Ext(image))
	}
	names := []string{image + ".pose.json", base + ".json"}
	for _, n := range names {
		p, err := readPoseFile(n)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return p, err
	}
	return detectPose{}, fmt.Errorf("no pose: neither %s nor %s", names[0], names[1])
}
