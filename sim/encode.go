package sim

import (
	"encoding/binary"

	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/bluenviron/gomavlib/v3/pkg/x25"
)

// newDialectRW returns the ardupilotmega dialect read-writer shared by all
// vehicles (it is read-only after Initialize and safe for concurrent use).
func newDialectRW() (*dialect.ReadWriter, error) {
	rw := &dialect.ReadWriter{Dialect: ardupilotmega.Dialect}
	return rw, rw.Initialize()
}

// appendFrameV2 appends an unsigned MAVLink 2 frame carrying an encoded
// payload. Encoding the payload once and framing it per path lets every path
// keep its own sequence numbers without encoding the message again.
func appendFrameV2(dst []byte, seq, sys, comp uint8, id uint32, payload []byte, crcExtra byte) []byte {
	start := len(dst)
	dst = append(dst, 0xFD, byte(len(payload)), 0, 0, seq, sys, comp,
		byte(id), byte(id>>8), byte(id>>16))
	dst = append(dst, payload...)
	h := x25.New()
	h.Write(dst[start+1:])
	h.Write([]byte{crcExtra})
	return binary.LittleEndian.AppendUint16(dst, h.Sum16())
}

// encoded is a message payload ready to be framed.
type encoded struct {
	id       uint32
	payload  []byte
	crcExtra byte
}

// encode encodes m with the shared dialect; ok is false for messages outside
// the dialect (a programming error).
func (s *Sim) encode(m message.Message) (encoded, bool) {
	mp := s.dialect.GetMessage(m.GetID())
	if mp == nil {
		return encoded{}, false
	}
	raw := mp.Write(m, true)
	return encoded{id: raw.ID, payload: raw.Payload, crcExtra: mp.CRCExtra()}, true
}

// send frames m once per path of the vehicle's link and emits it there.
// The caller holds v.mu.
func (v *vehicle) send(m message.Message) { v.sendFrom(1, nil, m) }

// sendFrom sends m as component comp of the vehicle; seqs holds that
// component's sequence number on each path (nil: the autopilot's). The
// caller holds v.mu.
func (v *vehicle) sendFrom(comp uint8, seqs []uint8, m message.Message) {
	if len(v.eps) == 0 {
		v.sim.stats.framesOut.Add(1)
		return
	}
	e, ok := v.sim.encode(m)
	if !ok {
		v.log.Error("message not in dialect", "id", m.GetID())
		return
	}
	for i, ep := range v.eps {
		seq := &ep.seq
		if seqs != nil {
			seq = &seqs[i]
		}
		v.buf = appendFrameV2(v.buf[:0], *seq, v.sysid, comp, e.id, e.payload, e.crcExtra)
		*seq++
		ep.emit(v.buf)
	}
}
