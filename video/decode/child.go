//go:build cgo && !nolibav

package decode

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// serveChild is the child's whole life: decode units from in, reply on
// out, until in ends. It returns the exit code.
func serveChild(codec Codec, in io.Reader, out io.Writer) int {
	w := bufio.NewWriterSize(out, 1<<20)
	d, err := openLibav(codec)
	if err != nil {
		_ = writeText(w, replyFatal, err.Error())
		_ = w.Flush()
		return 2
	}
	defer d.close()
	_ = writeText(w, replyHello, fmt.Sprintf("%s %s, 1 thread", libavVersion(), codec))
	if w.Flush() != nil {
		return 3
	}
	shm := childShm()
	r := bufio.NewReaderSize(in, 256<<10)
	var buf []byte
	for {
		var req request
		req, buf, err = readRequest(r, buf)
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "decoder child:", err)
			return 3
		}
		err = serveUnit(d, req, w, shm)
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "decoder child: replying:", err)
			return 3
		}
	}
}

// serveUnit decodes one unit and writes its reply.
func serveUnit(d *libav, req request, w *bufio.Writer, shm *shmArea) error {
	held, err := d.decode(req)
	if err != nil {
		return writeText(w, replyError, err.Error())
	}
	if !held {
		return w.WriteByte(replyNone)
	}
	pts, width, height, full, planes, err := d.picture()
	if err != nil {
		return writeText(w, replyError, err.Error())
	}
	size := width*height + 2*((width+1)/2)*((height+1)/2)
	return writePicture(w, shm.room(size), pts, width, height, full, planes)
}
