//go:build !cgo || nolibav

package decode

import (
	"io"
)

// libavAvailable: this build has no libavcodec (MJPEG only).
const libavAvailable = false

// noLibav is why this build cannot decode H.264 or H.265.
const noLibav = noLibavReason

func libavVersion() string { return "" }

// serveChild tells the parent this build cannot decode, and exits.
func serveChild(codec Codec, _ io.Reader, out io.Writer) int {
	_ = writeText(out, replyFatal, codec.title()+" "+noLibav)
	return 2
}
