package paramfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead: Read never panics, and what it reads is written and read back
// to the same values in both formats. Seeded with readCases and testdata.
func FuzzRead(f *testing.F) {
	for _, ca := range readCases {
		f.Add([]byte(ca.in))
	}
	files, _ := filepath.Glob("testdata/*.param*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		want := file.Values()
		for _, format := range []Format{MissionPlanner, QGroundControl} {
			var b bytes.Buffer
			ps := make([]Param, 0, len(want))
			for name, v := range want {
				ps = append(ps, Param{Name: name, Value: v, Type: "real64"})
			}
			if err := Write(&b, format, ps, Meta{}); err != nil {
				t.Fatalf("%s: writing what was read: %v", format, err)
			}
			back, err := Read(&b)
			if err != nil || len(back.Issues) > 0 {
				t.Fatalf("%s: reading back: %v %v\n%s", format, err, back.Issues, b.String())
			}
			got := back.Values()
			for name, v := range want {
				if got[name] != v {
					t.Fatalf("%s: %s: wrote %v, read back %v", format, name, v, got[name])
				}
			}
		}
	})
}
