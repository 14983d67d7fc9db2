package bench

import (
	"context"
	"time"

	"skerry/video/decode"
)

// DecodeResult compares the station's H.264 decoder with `ffmpeg -threads
// 1` on the same 720p clip in the same run: CPU time per frame.
type DecodeResult struct {
	Clip          string `json:"clip"`
	Width, Height int
	Frames        int
	Ours          time.Duration `json:"ours_per_frame"`        // child decoder, pictures copied back
	OursDecode    time.Duration `json:"ours_decode_per_frame"` // child decoder, no picture wanted
	FFmpeg        time.Duration `json:"ffmpeg_per_frame"`
	Ratio         float64       `json:"ratio"`
}

// DecodeVsFFmpeg makes a 1280×720 25 fps H.264 clip of frames frames with
// ffmpeg and decodes it both ways. The camera clip is what a camera's
// hardware encoder sends (high profile, 4 Mb/s); the other is libx264
// ultrafast as the simulator sends, cheaper to decode, where copying the
// pictures back weighs more.
func DecodeVsFFmpeg(ctx context.Context, frames int, camera bool) (DecodeResult, error) {
	res := DecodeResult{Clip: "ultrafast (as the simulator)", Width: 1280, Height: 720, Frames: frames}
	opts := decode.ClipOptions{Codec: decode.H264, Width: 1280, Height: 720, FPS: 25, Frames: frames}
	if camera {
		res.Clip, opts = "camera (high profile, 4 Mb/s)", decode.CameraClip(frames)
	}
	clip, err := decode.MakeClipWith(ctx, opts)
	if err != nil {
		return res, err
	}
	c, err := decode.CompareWithFFmpeg(ctx, clip, frames)
	if err != nil {
		return res, err
	}
	res.Frames, res.Ours, res.OursDecode, res.FFmpeg, res.Ratio = c.Frames, c.OursCPU, c.OursDecodeCPU, c.FFmpegCPU, c.Ratio()
	return res, nil
}
