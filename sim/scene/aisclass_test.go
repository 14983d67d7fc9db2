package scene

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAISClass reads the "ais_class" property strictly: "A" by default.
func TestAISClass(t *testing.T) {
	const ais = `"id":"a","type":"yacht","speed":10,"ais":true,"mmsi":224000001`
	cases := []struct {
		name, props, want, err string
	}{
		{"default", ais, "A", ""},
		{"A", ais + `,"ais_class":"A"`, "A", ""},
		{"B", ais + `,"ais_class":"B"`, "B", ""},
		{"lower case", ais + `,"ais_class":"b"`, "", `ais_class b is not "A" or "B"`},
		{"number", ais + `,"ais_class":2`, "", `ais_class 2 is not`},
		{"without ais", `"id":"a","type":"rib","speed":10,"ais_class":"B"`, "", `ais_class without "ais": true`},
		{"no AIS, no class", `"id":"a","type":"rib","speed":10`, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := NewWorld(oneVessel(c.props, line), 1)
			if c.err != "" {
				require.ErrorContains(t, err, c.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, w.Vessels(0)[0].AISClass)
		})
	}
}
