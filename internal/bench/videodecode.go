package bench

import (
	"context"
	"time"

	"skerry/video/decode"
)

// DecodeResult compares the station's H.264 decoder with `ffmpeg -threads
// 1` on the same 720p clip in the same run: CPU time per frame.
type DecodeResult struct {
	Width, Height int
	Frames        int
	Ours          time.Duration `json:"ours_per_frame"`        // child decoder, pictures copied back
	OursDecode    time.Duration `json:"ours_decode_per_frame"` // child decoder, no picture wanted
	FFmpeg        time.Duration `json:"ffmpeg_per_frame"`
	Ratio         float64       `json:"ratio"`
}

// DecodeVsFFmpeg makes a 1280×720 25 fps H.264 clip of frames frames with
// ffmpeg and decodes it both ways.
func DecodeVsFFmpeg(ctx context.Context, frames int) (DecodeResult, error) {
	res := DecodeResult{Width: 1280, Height: 720, Frames: frames}
	clip, err := decode.MakeClip(ctx, decode.H264, res.Width, res.Height, 25, frames)
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
