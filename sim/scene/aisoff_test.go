package scene

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestAISOffAfter reads the "ais_off_after" property strictly.
func TestAISOffAfter(t *testing.T) {
	const ais = `"id":"a","type":"rib","speed":10,"ais":true,"mmsi":224000001`
	cases := []struct {
		name, props string
		want        time.Duration
		err         string
	}{
		{"absent", ais, 0, ""},
		{"seconds", ais + `,"ais_off_after":90`, 90 * time.Second, ""},
		{"fraction", ais + `,"ais_off_after":1.5`, 1500 * time.Millisecond, ""},
		{"zero", ais + `,"ais_off_after":0`, 0, "ais_off_after 0 is not"},
		{"negative", ais + `,"ais_off_after":-5`, 0, "ais_off_after -5 is not"},
		{"string", ais + `,"ais_off_after":"60"`, 0, "ais_off_after 60 is not"},
		{"huge", ais + `,"ais_off_after":1e300`, 0, "is not a number of seconds"},
		{"bool", ais + `,"ais_off_after":true`, 0, "ais_off_after true is not"},
		{"without ais", `"id":"a","type":"rib","speed":10,"ais_off_after":60`, 0, `ais_off_after without "ais": true`},
		{"ais false", `"id":"a","type":"rib","speed":10,"ais":false,"ais_off_after":60`, 0, `ais_off_after without "ais": true`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := NewWorld(oneVessel(c.props, line), 1)
			if c.err != "" {
				require.ErrorContains(t, err, c.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, w.Vessels(0)[0].AISOffAfter)
		})
	}
}
