package videotest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Clips are made once per test process, by ffmpeg.
var clips struct {
	mu   sync.Mutex
	dir  string
	made map[string][][][]byte // codec → access units → NAL units
}

// clipArgs are ffmpeg's arguments per codec: 25 fps, one key frame a
// second, no B-frames, parameter sets before every key frame.
var clipArgs = map[string][]string{
	"h264": {"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-t", "4", "-c:v", "libx264",
		"-preset", "ultrafast", "-tune", "zerolatency", "-bf", "0", "-g", "25", "-f", "h264"},
	"h265": {"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "2", "-c:v", "libx265",
		"-preset", "ultrafast", "-x265-params", "keyint=25:min-keyint=25:bframes=0:repeat-headers=1:log-level=error", "-f", "hevc"},
}

// Clip returns the access units (each a list of NAL units) of a clip of
// ffmpeg's testsrc2 in codec ("h264" or "h265"), made once per process.
// It skips t when ffmpeg is missing (fails when CI=true).
func Clip(t testing.TB, codec string) [][][]byte {
	t.Helper()
	clips.mu.Lock()
	defer clips.mu.Unlock()
	if aus, ok := clips.made[codec]; ok {
		return aus
	}
	args, ok := clipArgs[codec]
	if !ok {
		t.Fatalf("videotest: no clip in %q", codec)
	}
	ffmpeg := needTool(t, "ffmpeg")
	if clips.dir == "" {
		dir, err := os.MkdirTemp("", "skerry-videotest-")
		if err != nil {
			t.Fatalf("videotest: %v", err)
		}
		clips.dir, clips.made = dir, map[string][][][]byte{}
	}
	out := filepath.Join(clips.dir, "clip."+codec)
	cmd := exec.Command(ffmpeg, append(append([]string{"-hide_banner", "-loglevel", "error", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		if codec == "h265" {
			need(t, "ffmpeg with libx265", fmt.Sprintf("%v: %s", err, b))
		}
		t.Fatalf("videotest: ffmpeg: %v: %s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("videotest: %v", err)
	}
	aus := AccessUnits(SplitAnnexB(data), codec == "h265")
	if len(aus) == 0 {
		t.Fatalf("videotest: ffmpeg made no frames")
	}
	clips.made[codec] = aus
	return aus
}

// Cleanup removes the clips; call it at the end of TestMain.
func Cleanup() {
	clips.mu.Lock()
	defer clips.mu.Unlock()
	if clips.dir != "" {
		os.RemoveAll(clips.dir)
		clips.dir, clips.made = "", nil
	}
}

// SplitAnnexB splits an Annex B byte stream into NAL units.
func SplitAnnexB(b []byte) [][]byte {
	var out [][]byte
	start := -1
	for i := 0; i+2 < len(b); {
		if b[i] == 0 && b[i+1] == 0 && b[i+2] == 1 {
			if start >= 0 {
				out = append(out, trimZeros(b[start:i]))
			}
			i += 3
			start = i
			continue
		}
		i++
	}
	if start >= 0 && start < len(b) {
		out = append(out, b[start:])
	}
	return out
}

func trimZeros(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// AccessUnits groups NAL units into access units: a new one starts at a
// non-picture NAL unit after a picture, or at a picture whose first slice
// starts the frame.
func AccessUnits(nalus [][]byte, h265 bool) [][][]byte {
	var aus [][][]byte
	var cur [][]byte
	hasPic := false
	for _, n := range nalus {
		if len(n) < 3 {
			continue
		}
		var vcl, first bool
		if h265 {
			typ := (n[0] >> 1) & 0x3f
			vcl, first = typ < 32, n[2]&0x80 != 0
		} else {
			typ := n[0] & 0x1f
			vcl, first = typ >= 1 && typ <= 5, n[1]&0x80 != 0
		}
		if hasPic && (!vcl || first) {
			aus = append(aus, cur)
			cur, hasPic = nil, false
		}
		cur = append(cur, n)
		hasPic = hasPic || vcl
	}
	if hasPic {
		aus = append(aus, cur)
	}
	return aus
}
