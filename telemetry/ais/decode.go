package ais

import (
	"fmt"
	"strings"
	"time"

	goais "github.com/BertoldVdb/go-ais"
	"github.com/BertoldVdb/go-ais/aisnmea"
)

// Decoder turns NMEA lines into Reports. It reassembles multi-sentence
// messages, so one Decoder serves one stream and is owned by one goroutine;
// only Stats may be called from others.
type Decoder struct {
	nmea *aisnmea.NMEACodec
	now  func() time.Time
	c    counters
}

// NewDecoder returns a Decoder that stamps reports without a tag block time
// with now (time.Now when nil).
func NewDecoder(now func() time.Time) *Decoder {
	if now == nil {
		now = time.Now
	}
	codec := goais.CodecNew(false, false)
	codec.DropSpace = true
	return &Decoder{nmea: aisnmea.NMEACodecNew(codec), now: now}
}

// Stats returns the counters so far; safe from any goroutine.
func (d *Decoder) Stats() Stats { return d.c.snapshot() }

// Decode decodes one line. It returns ok=false with a nil error for lines
// that carry no report yet (non-AIS NMEA, a buffered fragment), and an error
// wrapping ErrChecksum, ErrFraming or ErrUnsupported for rejected lines. All
// outcomes are counted in Stats.
func (d *Decoder) Decode(line string) (Report, bool, error) {
	d.c.sentences.Add(1)
	sentence, parts, ok, err := frame(line)
	if err != nil {
		d.count(err)
		return Report{}, false, err
	}
	if !ok {
		d.c.other.Add(1)
		return Report{}, false, nil
	}
	before := d.nmea.BufferedMessages()
	pkt, err := d.nmea.ParseSentence(sentence)
	if err != nil {
		err = classify(err)
		d.count(err)
		return Report{}, false, err
	}
	d.countDropped(before, parts, pkt)
	if pkt == nil {
		d.c.fragments.Add(1)
		return Report{}, false, nil
	}
	r, err := d.report(pkt)
	if err != nil {
		d.count(err)
		return Report{}, false, err
	}
	d.c.reports.Add(1)
	return r, true, nil
}

// countDropped counts fragments the go-ais reassembler evicted unfinished
// (it expires them after a number of sentences): the buffer should have
// grown by one for a fragment, or shrunk by the other parts of a completed
// message of parts sentences.
func (d *Decoder) countDropped(before, parts int, pkt *aisnmea.VdmPacket) {
	expected := before + 1
	if pkt != nil {
		expected = before - (parts - 1)
	}
	if after := d.nmea.BufferedMessages(); after < expected {
		d.c.incomplete.Add(uint64(expected - after))
	}
}

func (d *Decoder) count(err error) {
	switch {
	case isErr(err, ErrChecksum):
		d.c.checksum.Add(1)
	case isErr(err, ErrUnsupported):
		d.c.unsupported.Add(1)
	default:
		d.c.framing.Add(1)
	}
}

// frame cuts a line down to an optional tag block and a !xxVDM/!xxVDO
// sentence ending at its checksum, dropping receiver metadata after *hh.
// ok is false for lines that are not AIS sentences; parts is the number of
// sentences of the message.
func frame(line string) (string, int, bool, error) {
	line = strings.TrimSpace(line)
	if line == "" || line[0] == '#' || line[0] == '$' {
		return "", 0, false, nil
	}
	body := line
	tag := ""
	if line[0] == '\\' {
		end := strings.IndexByte(line[1:], '\\')
		if end < 0 {
			return "", 0, false, fmt.Errorf("%w: unterminated tag block", ErrFraming)
		}
		tag, body = line[:end+2], line[end+2:]
	}
	if len(body) < 7 || body[0] != '!' {
		if body != "" && body[0] == '$' {
			return "", 0, false, nil
		}
		return "", 0, false, fmt.Errorf("%w: no !..VDM sentence", ErrFraming)
	}
	if kind := body[3:6]; kind != "VDM" && kind != "VDO" {
		return "", 0, false, nil
	}
	star := strings.IndexByte(body, '*')
	if star < 0 || len(body) < star+3 {
		return "", 0, false, fmt.Errorf("%w: no checksum", ErrFraming)
	}
	body = body[:star+3]
	var sum byte
	for i := 1; i < star; i++ {
		sum ^= body[i]
	}
	if want := fmt.Sprintf("%02X", sum); !strings.EqualFold(want, body[star+1:]) {
		return "", 0, false, fmt.Errorf("%w: sentence %s, want %s", ErrChecksum, body[star+1:], want)
	}
	parts, part := fragment(body)
	if parts < 1 || parts > 9 || part < 1 || part > parts {
		return "", 0, false, fmt.Errorf("%w: fragment %d of %d", ErrFraming, part, parts)
	}
	return tag + body, parts, true, nil
}

// classify maps a go-nmea parse error (the sentence checksum was checked in
// frame, so a checksum error here is the tag block's) to a reason.
func classify(err error) error {
	if strings.Contains(err.Error(), "checksum") {
		return fmt.Errorf("%w: %w", ErrChecksum, err)
	}
	return fmt.Errorf("%w: %w", ErrFraming, err)
}

// fragment reads the fragment count and number, the sentence's first two
// fields (single digits by the standard); 0 when malformed.
func fragment(body string) (parts, part int) {
	if len(body) < 11 || body[6] != ',' || body[8] != ',' || body[10] != ',' {
		return 0, 0
	}
	return digit(body[7]), digit(body[9])
}

func digit(b byte) int {
	if b < '0' || b > '9' {
		return 0
	}
	return int(b - '0')
}
