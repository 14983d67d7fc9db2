package scene

import (
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// lumaStats is the mean and standard deviation of a frame's luma in rows
// y0 to h, and the share of pixels brighter than bright.
func lumaStats(y []uint8, stride, w, h, y0 int, bright uint8) (mean, sd, share float64) {
	var s, s2 float64
	n, nb := 0, 0
	for j := y0; j < h; j++ {
		for _, v := range y[j*stride : j*stride+w] {
			f := float64(v)
			s, s2, n = s+f, s2+f*f, n+1
			if v > bright {
				nb++
			}
		}
	}
	mean = s / float64(n)
	return mean, math.Sqrt(max(0, s2/float64(n)-mean*mean)), float64(nb) / float64(n)
}

// conditionPose looks 45° down at open sea east of the bay's middle.
var conditionPose = Pose{Lat: 36.10, Lon: -5.37, Alt: 120, Heading: 90, GimbalPitch: -45, HFOV: 70}

// renderCondition renders pose under a condition and measures the rows
// from y0 to y1 (fractions of the height).
func renderCondition(t *testing.T, r *Renderer, name string, pose Pose, y0, y1 float64) (mean, sd, share float64) {
	t.Helper()
	c, err := ConditionFor(name, pose.Heading+pose.GimbalYaw, pose.GimbalPitch)
	require.NoError(t, err)
	r.Apply(c)
	img := r.NewFrame()
	r.Render(img, pose, 100*time.Second, time.Unix(0, 0))
	if dir := os.Getenv("SCENE_PNG_DIR"); dir != "" {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cond-%s-%.0f.png", name, -pose.GimbalPitch)))
		require.NoError(t, err)
		require.NoError(t, png.Encode(f, img))
		require.NoError(t, f.Close())
	}
	h := float64(img.Rect.Dy())
	return lumaStats(img.Y, img.YStride, img.Rect.Dx(), int(h*y1), int(h*y0), 200)
}

// TestConditions checks each condition changes the picture the way it
// says: glare brightens the sea around the frame's middle, haze washes
// the contrast out, a rough sea has more contrast and whitecaps; calm is
// the renderer's defaults.
func TestConditions(t *testing.T) {
	w, err := NewWorld(defaultScenario(t), 1)
	require.NoError(t, err)
	r := NewRenderer(w, 640, 360)
	calm, err := ConditionFor(CondCalm, 90, -45)
	require.NoError(t, err)
	require.Equal(t, Condition{Name: CondCalm, Sun: r.Sun, Visibility: r.Visibility, SeaState: r.SeaState, Glint: r.Glint}, calm)
	_, err = ConditionFor("fog", 90, -45)
	require.Error(t, err)

	// the middle fifth of the frame: the haze's gradient from bottom to
	// top does not count as contrast
	cm, csd, cb := renderCondition(t, r, CondCalm, conditionPose, 0.4, 0.6)
	gm, _, gb := renderCondition(t, r, CondGlare, conditionPose, 0.4, 0.6)
	hm, hsd, _ := renderCondition(t, r, CondHaze, conditionPose, 0.4, 0.6)
	_, rsd, rb := renderCondition(t, r, CondRough, conditionPose, 0.4, 0.6)
	t.Logf("calm mean %.0f sd %.1f bright %.4f; glare mean %.0f bright %.4f; haze mean %.0f sd %.1f; rough sd %.1f bright %.4f",
		cm, csd, cb, gm, gb, hm, hsd, rsd, rb)
	require.Greater(t, gm, cm+10, "glare brightens the sea")
	require.Greater(t, gb, cb+0.01, "glare glitters")
	require.Greater(t, hm, cm+20, "haze lightens the sea")
	require.Less(t, hsd, csd*0.8, "haze lowers contrast")
	require.Greater(t, rsd, csd*1.15, "a rough sea has more contrast")
	require.Greater(t, rb, cb*2, "a rough sea has more whitecaps")

	// straight down, the glare is still in the frame
	nadir := conditionPose
	nadir.GimbalPitch = -90
	nm, _, _ := renderCondition(t, r, CondCalm, nadir, 0.05, 0.4)
	ngm, _, _ := renderCondition(t, r, CondGlare, nadir, 0.05, 0.4)
	require.Greater(t, ngm, nm+5, "glare seen straight down")
}
