package mission

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds the test data files with the given extensions.
func addSeeds(f *testing.F, exts ...string) {
	for _, ext := range exts {
		names, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

type reader func(io.Reader) (*Plan, Issues, error)
type writer func(io.Writer, *Plan) (Issues, error)

// checkStable: a valid plan that was read writes, reads back, and writes
// the same bytes again.
func checkStable(t *testing.T, data []byte, read reader, write writer) {
	p, is, err := read(bytes.NewReader(data))
	if err != nil || is.HasErrors() {
		return
	}
	var b1, b2 bytes.Buffer
	if _, err := write(&b1, p); err != nil {
		t.Fatalf("valid plan did not write: %v", err)
	}
	p2, is2, err := read(bytes.NewReader(b1.Bytes()))
	if err != nil || is2.HasErrors() {
		t.Fatalf("own output did not read back: %v %v\n%s", err, is2, b1.String())
	}
	if _, err := write(&b2, p2); err != nil {
		t.Fatal(err)
	}
	if b1.String() != b2.String() {
		t.Fatalf("write → read → write changed the output:\n%s\n---\n%s", b1.String(), b2.String())
	}
}

func FuzzReadQGCPlan(f *testing.F) {
	addSeeds(f, ".plan")
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadQGCPlan, WriteQGCPlan) })
}

func FuzzReadWPL(f *testing.F) {
	addSeeds(f, ".waypoints")
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadWPL, WriteWPL) })
}

func FuzzReadGeoJSONPlan(f *testing.F) {
	addSeeds(f, ".geojson")
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadGeoJSONPlan, WriteGeoJSONPlan) })
}

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
	p := fullPlan()
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
