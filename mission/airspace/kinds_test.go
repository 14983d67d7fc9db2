package airspace

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestKindOf(t *testing.T) {
	cases := []struct {
		in      string
		want    areaKind
		several bool
	}{
		{"LED123 Sierra de la Cabrera", kindDanger, false},
		{"LER71 (Rota)", kindRestricted, false},
		{"LEP 45", kindProhibited, false},
		{"ED-R 10B Todendorf", kindRestricted, false},
		{"LF-R 45 A", kindRestricted, false},
		{"Zona peligrosa de tiro", kindDanger, false},
		{"Zone réglementée", kindRestricted, false},
		{"ZONA PROHIBIDA", kindProhibited, false},
		{"Flugbeschränkungsgebiet Putlos", kindRestricted, false},
		{"Gefahrengebiet ED-D 1", kindDanger, false},
		{"Restricted/Danger area", kindRestricted, true},
		{"Madrid CTR", kindNone, false},
		{"Dangerfield park", kindNone, false}, // whole words only
		{"LEDR heliport", kindNone, false},    // no number: not a designator
		{"", kindNone, false},
	}
	for _, ca := range cases {
		k, several := kindOf(ca.in)
		require.Equal(t, ca.want, k, ca.in)
		require.Equal(t, ca.several, several, ca.in)
	}
}

func TestKindZoneRule(t *testing.T) {
	r, c := kindDanger.zoneRule()
	require.Equal(t, Conditional, r)
	require.Equal(t, []string{dangerCondition}, c)
	r, _ = kindRestricted.zoneRule()
	require.Equal(t, ReqAuthorisation, r)
	r, _ = kindProhibited.zoneRule()
	require.Equal(t, Prohibited, r)
	r, _ = kindNone.zoneRule()
	require.Empty(t, r)
}
