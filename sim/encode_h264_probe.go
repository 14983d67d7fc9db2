package sim

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"
)

// probeTimeout bounds the encoder probe.
const probeTimeout = 10 * time.Second

// probeH264 encodes one grey frame with the camera's ffmpeg command line
// and returns the SPS and PPS it produces: x264's parameter sets depend on
// the settings, not on the pictures, so they can go in the SDP before any
// frame is encoded. An error means H.264 is not available (no ffmpeg, no
// libx264...).
func probeH264(ctx context.Context, cfg CameraConfig) (sps, pps []byte, err error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	got := make(chan [2][]byte, 1)
	p, err := startFFmpeg(ctx, cfg, func(_ *ffmpegProc, au [][]byte) {
		if s, q := paramSets(au); s != nil && q != nil {
			select {
			case got <- [2][]byte{s, q}:
			default:
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	img := image.NewYCbCr(image.Rect(0, 0, cfg.Width, cfg.Height), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = 128
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, 128
	}
	_, werr := p.stdin.Write(appendI420(nil, img))
	p.stdin.Close()
	<-p.done
	select {
	case ps := <-got:
		return ps[0], ps[1], nil
	default:
	}
	err = errors.Join(werr, p.err)
	if err == nil {
		err = errors.New("no SPS/PPS in its output")
	}
	return nil, nil, fmt.Errorf("sim: ffmpeg h264 probe: %w (%s)", err, p.stderr.String())
}
