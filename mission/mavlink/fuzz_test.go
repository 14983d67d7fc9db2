package mavlink

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"skerry/mission/missiontest"
)

// mavItemSize is the size of one MAVItem in the fuzz input encoding.
const mavItemSize = 2 + 1 + 2 + 1 + 1 + 4*4 + 4 + 4 + 4 + 1

// mavItemsOf cuts fuzz input into MAVItems (little endian, field order).
func mavItemsOf(data []byte) []MAVItem {
	var out []MAVItem
	for len(data) >= mavItemSize && len(out) < 4096 {
		d := data[:mavItemSize]
		f32 := func(o int) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(d[o:])) }
		out = append(out, MAVItem{
			Seq: binary.LittleEndian.Uint16(d), Frame: d[2], Command: binary.LittleEndian.Uint16(d[3:]), Current: d[5], Autocontinue: d[6],
			Param1: f32(7), Param2: f32(11), Param3: f32(15), Param4: f32(19),
			X: int32(binary.LittleEndian.Uint32(d[23:])), Y: int32(binary.LittleEndian.Uint32(d[27:])), Z: f32(31), MissionType: MissionType(d[35]),
		})
		data = data[mavItemSize:]
	}
	return out
}

// mavBytes is the inverse of mavItemsOf, for seeds.
func mavBytes(items []MAVItem) []byte {
	var b bytes.Buffer
	for _, m := range items {
		_ = binary.Write(&b, binary.LittleEndian, m)
	}
	return b.Bytes()
}

func FuzzDecodeMAVItems(f *testing.F) {
	p := missiontest.FullPlan()
	ms, _ := MissionItems(p.Home, p.Mission, ArduPilot)
	fs, _ := FenceItems(p.Fence)
	rs, _ := RallyItems(p.Rally)
	for _, s := range [][]MAVItem{ms, fs, rs} {
		f.Add(mavBytes(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		items := mavItemsOf(data)
		for _, opt := range []MissionOptions{ArduPilot, PX4} {
			home, m, _ := DecodeMission(items, opt)
			again, _ := MissionItems(home, m, opt)
			h2, m2, _ := DecodeMission(again, opt)
			third, _ := MissionItems(h2, m2, opt)
			if fmt.Sprintf("%+v", again) != fmt.Sprintf("%+v", third) {
				t.Fatalf("mission decode/encode not stable:\n%+v\n%+v", again, third)
			}
		}
		fence, _ := DecodeFence(items)
		_, _ = FenceItems(fence)
		rally, _ := DecodeRally(items)
		_, _ = RallyItems(rally)
	})
}
