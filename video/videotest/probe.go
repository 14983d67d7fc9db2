package videotest

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"testing"
)

// NeedTools skips t loudly when an executable is missing, and fails it
// under CI=true (the build machine must have every tool).
func NeedTools(t testing.TB, names ...string) {
	t.Helper()
	for _, name := range names {
		needTool(t, name)
	}
}

// Probe is what ffprobe, an independent reader, says of a video file's
// first video stream.
type Probe struct {
	Codec    string
	W, H     int
	Frames   int // frames decoded (-count_frames)
	Duration float64
}

// FFprobe reads path with ffprobe (NeedTools it first): the codec, size,
// frames and duration.
func FFprobe(t testing.TB, path string) Probe {
	t.Helper()
	var p struct {
		Streams []struct {
			CodecName    string `json:"codec_name"`
			Width        int    `json:"width"`
			Height       int    `json:"height"`
			NbReadFrames string `json:"nb_read_frames"`
		} `json:"streams"`
		Format struct {
			Duration string `json:"duration"`
		} `json:"format"`
	}
	ffprobeJSON(t, &p, "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=codec_name,width,height,nb_read_frames:format=duration", "-of", "json", path)
	if len(p.Streams) != 1 {
		t.Fatalf("ffprobe %s: %d video streams, want 1", path, len(p.Streams))
	}
	s := p.Streams[0]
	n, _ := strconv.Atoi(s.NbReadFrames)
	d, _ := strconv.ParseFloat(p.Format.Duration, 64)
	return Probe{Codec: s.CodecName, W: s.Width, H: s.Height, Frames: n, Duration: d}
}

// FirstFrame reads with ffprobe whether path's first decoded video frame
// is a key frame, and its picture type (I, P...).
func FirstFrame(t testing.TB, path string) (key bool, pict string) {
	t.Helper()
	var f struct {
		Frames []struct {
			KeyFrame int    `json:"key_frame"`
			PictType string `json:"pict_type"`
		} `json:"frames"`
	}
	ffprobeJSON(t, &f, "-select_streams", "v:0", "-read_intervals", "%+#1",
		"-show_entries", "frame=key_frame,pict_type", "-of", "json", path)
	if len(f.Frames) == 0 {
		t.Fatalf("ffprobe %s: the first frame does not decode", path)
	}
	return f.Frames[0].KeyFrame == 1, f.Frames[0].PictType
}

// ffprobeJSON runs ffprobe with args and decodes its JSON into v.
func ffprobeJSON(t testing.TB, v any, args ...string) {
	t.Helper()
	out, err := exec.Command("ffprobe", append([]string{"-v", "error"}, args...)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v", args, err)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("ffprobe %v: %v: %s", args, err, out)
	}
}
