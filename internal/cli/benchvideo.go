package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"skerry/internal/bench"
)

func runBenchVideo(ctx context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "bench video", "bench video [--streams N] [--duration D] [--still]")
	streams := fs.Int("streams", 1, "simulated 720p25 H.264 cameras, each ingested, sampled and watched by one viewer")
	duration := fs.Duration("duration", 30*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 10*time.Second, "how long to let the streams settle before measuring")
	sample := fs.Float64("sample-fps", 5, "frames per second decoded for analysis, per stream")
	size := fs.String("camera-size", "1280x720", "camera frame size WxH")
	fps := fs.Float64("camera-fps", 25, "camera frame rate")
	codec := fs.String("camera-codec", "h264", "h264 or mjpeg")
	decodeFrames := fs.Int("decode-frames", 250, "frames of the 720p clip decoded by the station's decoder and by ffmpeg -threads 1 (0: skip)")
	still := fs.Bool("still", false, "leave the drones on their bases (no boats in view, no contacts)")
	approach := fs.Duration("approach", 10*time.Minute, "how long the drones may take to reach their boats before measuring (measuring starts sooner once every stream sees a contact)")
	cruise := fs.Float64("cruise", 20, "the drones' cruise speed to their boats, m/s (WPNAV_SPEED)")
	maxBoat := fs.Float64("max-boat-speed", 0, "watch only boats no faster than this, m/s (0: half the cruise speed)")
	maxLength := fs.Float64("max-boat-length", 60, "watch only boats no longer than this, metres (a ship longer fills the view at 150 m)")
	speedup := fs.Float64("speedup", 1, "the simulator's time speed-up (figures are only meaningful at 1)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, c, args); err != nil {
		return err
	}
	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil {
		return fmt.Errorf("--camera-size %q: want WxH", *size)
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Video(ctx, bench.VideoConfig{Streams: *streams, SimCommand: []string{exe, "sim"}, Width: w, Height: h, FPS: *fps,
		Codec: *codec, SampleFPS: *sample, Warmup: *warmup, Duration: *duration, Still: *still, Approach: *approach, Cruise: *cruise,
		MaxBoatSpeed: *maxBoat, MaxBoatLength: *maxLength, Speedup: *speedup, Log: log.With("component", "station"), Progress: e.stderr})
	if err != nil {
		return err
	}
	var dec []bench.DecodeResult
	for _, camera := range []bool{true, false} {
		if *decodeFrames <= 0 {
			break
		}
		d, err := bench.DecodeVsFFmpeg(ctx, *decodeFrames, camera)
		if err != nil {
			fmt.Fprintf(e.stderr, "decode comparison: %v\n", err)
			continue
		}
		dec = append(dec, d)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(struct {
			bench.VideoResult
			Decode []bench.DecodeResult `json:"decode,omitempty"`
		}{res, dec})
	}
	printVideo(e, res, dec)
	return nil
}

func printVideo(e *env, res bench.VideoResult, dec []bench.DecodeResult) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
	fmt.Fprintf(e.stdout, "video benchmark: %d %s %s streams at %g fps, measured %s (%d cores, %s)\n",
		res.Streams, res.Size, res.Codec, res.FPS, res.Duration.Round(time.Millisecond), runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(e.stdout, "  station CPU         %.2f cores (with its decoder processes)\n", res.StationCPU)
	fmt.Fprintf(e.stdout, "  simulator CPU       %.2f cores (render and encode)\n", res.SimCPU)
	fmt.Fprintf(e.stdout, "  frames received     %.1f /s\n", res.Received)
	fmt.Fprintf(e.stdout, "  frames analysed     %.1f /s (skipped for a newer one: %.1f /s)\n", res.Analysed, res.Skipped)
	fmt.Fprintf(e.stdout, "  frames to viewers   %.1f /s (lost: %.1f /s)\n", res.ViewerFrames, res.ViewerLost)
	fmt.Fprintf(e.stdout, "  capture → viewer    p50 %s  p99 %s  max %s\n", ms(res.ToViewer.P50), ms(res.ToViewer.P99), ms(res.ToViewer.Max))
	fmt.Fprintf(e.stdout, "  capture → analysis  p50 %s  p99 %s  max %s (burnt-in time)\n", ms(res.ToAnalysis.P50), ms(res.ToAnalysis.P99), ms(res.ToAnalysis.Max))
	if len(res.Watching) > 0 {
		var boats []string
		for _, w := range res.Watching {
			boats = append(boats, fmt.Sprintf("%s→%s", w.Vehicle, w.Boat))
		}
		fmt.Fprintf(e.stdout, "  watching            %s (reached in %s)\n", strings.Join(boats, " "), res.Approach.Round(time.Second))
	}
	fmt.Fprintf(e.stdout, "  contacts            %d updated by %d of %d streams, %.1f updates/s on the live feed; %d on a boat (%d updates), the rest false\n",
		res.Contacts, res.Seeing, res.Streams, res.ContactUpdates, res.OnBoat, res.OnBoatUpdates)
	if len(res.NotSeeing) > 0 {
		fmt.Fprintf(e.stdout, "  no contact from     %s\n", strings.Join(res.NotSeeing, " "))
	}
	fmt.Fprintf(e.stdout, "  capture → contact   p50 %s  p90 %s  max %s (%d updates, %d from the burnt-in time)\n",
		ms(res.ToContact.P50), ms(res.ToContact.P90), ms(res.ToContact.Max), res.ToContact.N, res.Stamped)
	fmt.Fprintf(e.stdout, "  analysis → contact  p50 %s  p90 %s  max %s (detection, tracking, live feed)\n",
		ms(res.AnalysisToContact.P50), ms(res.AnalysisToContact.P90), ms(res.AnalysisToContact.Max))
	fmt.Fprintf(e.stdout, "  capture clock error p50 %s  max %s (RTP/RTCP time against the burnt-in time)\n", ms(res.ClockError.P50), ms(res.ClockError.Max))
	fmt.Fprintf(e.stdout, "  restarts %d, decode errors %d\n", res.Restarts, res.DecodeErrs)
	for _, d := range dec {
		fmt.Fprintf(e.stdout, "  decode %dx%d H.264 %s, %d frames, CPU per frame: station %.2f ms (%.2f ms decoding alone), ffmpeg -threads 1 %.2f ms: %.2f×\n",
			d.Width, d.Height, d.Clip, d.Frames, d.Ours.Seconds()*1000, d.OursDecode.Seconds()*1000, d.FFmpeg.Seconds()*1000, d.Ratio)
	}
}
