package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestParsePose reads a bare gcs.CameraPose or one under "pose" (a bench
// dump's sidecar, with its capture time) and refuses poses the detector
// cannot use, clearly.
func TestParsePose(t *testing.T) {
	want := gcs.CameraPose{Lat: 43.3, Lon: -8.4, AltAMSL: 60, Yaw: 271.5, Pitch: -44, Roll: 1.2, HFOV: 70, Aspect: 16.0 / 9}
	bare, err := json.Marshal(want)
	require.NoError(t, err)
	p, err := parsePose(bare)
	require.NoError(t, err)
	require.Equal(t, want, p.pose)
	require.True(t, p.captured.IsZero())

	at := time.Date(2026, 12, 6, 17, 5, 30, 0, time.UTC)
	side, err := json.Marshal(map[string]any{"case": "calm/60m/nadir", "pose": want, "captured": at})
	require.NoError(t, err)
	p, err = parsePose(side)
	require.NoError(t, err)
	require.Equal(t, want, p.pose)
	require.True(t, at.Equal(p.captured))

	p, err = parsePose([]byte(`{"lat": 1, "lon": 2, "altamsl": 50, "pitch": -90, "hfov": 60}`))
	require.NoError(t, err, "names match case-insensitively")
	require.Equal(t, 50.0, p.pose.AltAMSL)

	for in, msg := range map[string]string{
		``:                           "pose:",
		`[1]`:                        "pose:",
		`{"AltAMSL": 50, "HFOV": 0}`: "HFOV",
		`{"AltAMSL": 50, "HFOV": 70, "Pitch": -91}`: "Pitch",
		`{"AltAMSL": 0, "HFOV": 70}`:                "above the sea",
		`{"AltAMSL": 50, "HFOV": 70, "Lat": 91}`:    "out of range",
		`{"AltAMSL": 50, "HFOV": 70, "Aspect": -1}`: "Aspect",
		`{"pose": {"AltAMSL": 50, "HFOV": 200}}`:    "HFOV",
	} {
		_, err := parsePose([]byte(in))
		require.ErrorContains(t, err, msg, in)
	}
}

// TestDetectPoseFlags: --pose and --pose-sidecar go with nothing else
// that sets the pose; a missing pose file or sidecar is a clear error.
func TestDetectPoseFlags(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "sea.png")
	f, err := os.Create(img)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, seaWithBoat()))
	require.NoError(t, f.Close())
	pose := filepath.Join(dir, "pose.json")
	require.NoError(t, os.WriteFile(pose, []byte(`{"AltAMSL": 120, "Pitch": -90, "Yaw": 30, "Roll": 2, "HFOV": 70}`), 0o644))

	run := func(args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		code := Run(context.Background(), append([]string{"detect"}, args...), &out, &errs)
		return code, out.String(), errs.String()
	}
	code, _, errs := run("--pose", pose, "--altitude", "100", img)
	require.Equal(t, 1, code)
	require.Contains(t, errs, "one of --altitude, --pose and --pose-sidecar")
	code, _, errs = run("--pose", pose, "--pose-sidecar", img)
	require.Equal(t, 1, code)
	require.Contains(t, errs, "one of")
	code, _, errs = run("--min-hits", "0", img)
	require.Equal(t, 1, code)
	require.Contains(t, errs, "--min-hits")
	code, _, errs = run("--pose", filepath.Join(dir, "none.json"), img)
	require.Equal(t, 1, code)
	require.Contains(t, errs, "--pose")

	code, out, errs := run("--pose", pose, img)
	require.Equal(t, 0, code, errs)
	var line detectLine
	require.NoError(t, json.Unmarshal([]byte(out), &line))
	require.Empty(t, line.Error)

	// No sidecar: that image fails, clearly; IMAGE.pose.json is found.
	code, _, errs = run("--pose-sidecar", img)
	require.Equal(t, 1, code)
	require.Contains(t, errs, "no pose")
	data, err := os.ReadFile(pose)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(img+".pose.json", data, 0o644))
	code, _, errs = run("--pose-sidecar", img)
	require.Equal(t, 0, code, errs)
}

// TestDecodeI420 reads a frame's planes back bit for bit and refuses a
// grey image of the wrong shape.
func TestDecodeI420(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 8, 4), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = byte(i * 7)
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = byte(100+i), byte(200-i)
	}
	g := image.NewGray(image.Rect(0, 0, 8, 6))
	copy(g.Pix, src.Y)
	for y := range 2 {
		copy(g.Pix[(4+y)*8:], src.Cb[y*4:y*4+4])
		copy(g.Pix[(4+y)*8+4:], src.Cr[y*4:y*4+4])
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, g))
	got, err := decodeI420(b.Bytes())
	require.NoError(t, err)
	require.Equal(t, src.Rect, got.Rect)
	require.Equal(t, src.Y, got.Y)
	require.Equal(t, src.Cb, got.Cb)
	require.Equal(t, src.Cr, got.Cr)

	b.Reset()
	require.NoError(t, png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 5))))
	_, err = decodeI420(b.Bytes())
	require.ErrorContains(t, err, "3/2")
	b.Reset()
	require.NoError(t, png.Encode(&b, seaWithBoat()))
	_, err = decodeI420(b.Bytes())
	require.Error(t, err)
	require.True(t, isI420("a/B.I420.PNG"))
	require.False(t, isI420("a/b.png"))
}

// FuzzParsePose: any bytes give a usable pose or a clear error.
func FuzzParsePose(f *testing.F) {
	f.Add([]byte(`{"Lat": 43.3, "Lon": -8.4, "AltAMSL": 60, "Yaw": 271.5, "Pitch": -44, "Roll": 1.2, "HFOV": 70, "Aspect": 1.7777}`))
	f.Add([]byte(`{"case": "calm/60m/nadir", "captured": "2026-12-06T17:05:30Z", "pose": {"AltAMSL": 60, "Pitch": -90, "HFOV": 70}}`))
	f.Add([]byte(`{"pose": null, "AltAMSL": 1e308, "HFOV": 179.9}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parsePose(data)
		if err != nil {
			return
		}
		require.Greater(t, p.pose.AltAMSL, p.pose.SeaAMSL)
		require.True(t, p.pose.HFOV > 0 && p.pose.HFOV < 180)
	})
}

// FuzzDecodeI420: any bytes give a frame or a clear error.
func FuzzDecodeI420(f *testing.F) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 6))); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := decodeI420(data)
		if err != nil {
			return
		}
		require.Equal(t, img.Rect.Dx()*img.Rect.Dy(), len(img.Y))
	})
}
