package planfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"skerry/mission"
)

// addSeeds adds the test data files with the given extensions.
func addSeeds(f *testing.F, exts ...string) {
	for _, ext := range exts {
		names, _ := filepath.Glob(filepath.Join(sampleDir, "*"+ext))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

type reader func(io.Reader) (*mission.Plan, mission.Issues, error)
type writer func(io.Writer, *mission.Plan) (mission.Issues, error)

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
	for _, ca := range qgcItemCases {
		f.Add([]byte(planWithItem(ca.item)))
	}
	for _, ca := range qgcRefusedCases {
		f.Add([]byte(planWithItem(ca.item)))
	}
	f.Add([]byte(planWithItem(cameraStructure)))
	for _, in := range qgcV1Missions {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadQGCPlan, WriteQGCPlan) })
}

func FuzzReadWPL(f *testing.F) {
	addSeeds(f, ".waypoints")
	for _, ca := range wplCurrentCases {
		f.Add([]byte(ca.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadWPL, WriteWPL) })
}

func FuzzReadGeoJSONPlan(f *testing.F) {
	addSeeds(f, ".geojson")
	f.Fuzz(func(t *testing.T, data []byte) { checkStable(t, data, ReadGeoJSONPlan, WriteGeoJSONPlan) })
}
