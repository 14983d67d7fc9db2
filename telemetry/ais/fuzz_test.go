package ais

import (
	"testing"
)

// FuzzDecode throws arbitrary lines (NMEA framing, tag blocks, payloads) at
// a decoder that has seen a first fragment: it must never panic, and every
// report must respect the ranges.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		typ1,
		`\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep` + "`iToV0<00,0*78",
		"!AIVDM,2,2,9,B,`88888888888880,2*76",
		"!AIVDM,1,1,,A,403Ovl@000Htt<tSF0l4Q@100`Pq,0*28,d-109,S2105,t050056.00",
		"$GPGSA,A,3,11,32,14,28,22,03,10,08,17,,,,2.02,1.03,1.74*00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		d := NewDecoder(nil)
		_, _, _ = d.Decode("!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A")
		r, ok, err := d.Decode(line)
		if ok && err != nil {
			t.Fatalf("report and error: %v", err)
		}
		if r.HasPosition && (r.Lat < -90 || r.Lat > 90 || r.Lon < -180 || r.Lon > 180) {
			t.Fatalf("position out of range: %+v", r)
		}
		if r.HasHeading && r.Heading >= 360 || r.HasCOG && r.COG >= 360 || r.HasSOG && r.SOG > 102.2+1e-9 {
			t.Fatalf("motion out of range: %+v", r)
		}
	})
}
