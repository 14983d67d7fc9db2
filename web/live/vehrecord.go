package live

import (
	"bytes"
	"fmt"
	"math/bits"
	"sync"

	"skerry/gcs"
)

// vehicleRecord is one vehicle state as the hub sends it: each top-level
// member encoded once, so that a change can go out as only the members
// that differ from the state before (vehicle_delta in PROTOCOL.md). Most
// changes are a position, an attitude or a speed: a delta is a tenth of
// the whole state, and at hundreds of vehicles and consoles the bytes
// written are the station's main cost. A member equal to the one before
// is not encoded again but shared. A record never changes once built,
// except that its whole encoding is made once, when first needed.
type vehicleRecord struct {
	state *gcs.Vehicle               // read-only; compared with the next state
	vals  [len(vehicleCodecs)][]byte // encoded members; nil: omitted (omitempty)
	size  int                        // bytes of the whole encoding
	once  sync.Once
	full  []byte // the whole encoding, as encoding/json writes a gcs.Vehicle

	healthOnce sync.Once
	health     []byte // the stream_health patch of state, made once when first needed
}

// memberMask has bit i set for member i of vehicleCodecs.
type memberMask uint64

// allMembers is the mask of every member.
const allMembers = memberMask(1)<<len(vehicleCodecs) - 1

// healthMember is not a member of gcs.Vehicle: it marks a change of
// "cameras" that touched only its streams' health and recording, sent as
// the smaller stream_health patch (see streamHealthPatch). A change of
// anything else in "cameras" sets the cameras bit, which sends the
// member whole and makes the patch needless.
const healthMember = memberMask(1) << len(vehicleCodecs)

// idMember is the mask of "id", which every delta carries.
const idMember memberMask = 1

// newVehicleRecord encodes v, which must not change afterwards, and
// returns the members that differ from prev (every one when prev is nil).
// A member that cannot be encoded is an error naming it: the caller keeps
// the state before, so a console never gets a broken member.
func newVehicleRecord(v *gcs.Vehicle, prev *vehicleRecord) (*vehicleRecord, memberMask, error) {
	r := &vehicleRecord{state: v, size: 1}
	var changed memberMask
	for i := range vehicleCodecs {
		m := &vehicleCodecs[i]
		if prev == nil || !m.same(v, prev.state) {
			val, err := m.encode(v)
			if err != nil {
				return nil, 0, fmt.Errorf("vehicle %s, member %s: %w", v.ID, m.key[1:len(m.key)-2], err)
			}
			if prev == nil || !bytes.Equal(val, prev.vals[i]) || (val == nil) != (prev.vals[i] == nil) {
				r.vals[i] = val
				if i == camerasMember && prev != nil && sameCameraShape(v.Cameras, prev.state.Cameras) {
					changed |= healthMember
				} else {
					changed |= 1 << i
				}
			} else {
				r.vals[i] = prev.vals[i]
			}
		} else {
			r.vals[i] = prev.vals[i]
		}
		if r.vals[i] != nil {
			r.size += len(m.key) + len(r.vals[i]) + 1
		}
	}
	if prev == nil {
		changed = allMembers
	}
	return r, changed, nil
}

// whole returns the state's whole encoding.
func (r *vehicleRecord) whole() []byte {
	r.once.Do(func() {
		b := make([]byte, 0, r.size)
		for i, val := range r.vals {
			if val == nil {
				continue
			}
			if len(b) == 0 {
				b = append(b, '{')
			} else {
				b = append(b, ',')
			}
			b = append(b, vehicleCodecs[i].key...)
			b = append(b, val...)
		}
		r.full = append(b, '}')
	})
	return r.full
}

// deltaWorthIt tells whether sending members m of r as a delta saves
// much over sending the whole state.
func (r *vehicleRecord) deltaWorthIt(m memberMask) bool {
	if m&allMembers == allMembers {
		return false
	}
	n := 1
	for rest := m&allMembers | idMember; rest != 0; rest &= rest - 1 {
		i := bits.TrailingZeros64(uint64(rest))
		n += len(vehicleCodecs[i].key) + max(len(r.vals[i]), len("null")) + 1
	}
	if patchNeeded(m) {
		n += len(streamHealthKey) + len(r.healthPatch()) + 1
	}
	return n < r.size*3/4
}

// appendDelta appends the data of a vehicle_delta: an object of "id" and
// the members m of r, a member that is now omitted as null.
func (r *vehicleRecord) appendDelta(buf []byte, m memberMask) []byte {
	buf = append(buf, '{')
	first := true
	for rest := m&allMembers | idMember; rest != 0; rest &= rest - 1 {
		i := bits.TrailingZeros64(uint64(rest))
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = append(buf, vehicleCodecs[i].key...)
		if val := r.vals[i]; val != nil {
			buf = append(buf, val...)
		} else {
			buf = append(buf, "null"...)
		}
	}
	if patchNeeded(m) {
		buf = append(buf, ',')
		buf = append(buf, streamHealthKey...)
		buf = append(buf, r.healthPatch()...)
	}
	return append(buf, '}')
}
