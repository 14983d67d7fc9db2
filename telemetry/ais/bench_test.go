package ais

import "testing"

// BenchmarkDecodeGpsd decodes the real Lemmer capture (AIS and GNSS lines)
// and reports AIS sentences decoded per second.
func BenchmarkDecodeGpsd(b *testing.B) {
	lines := aivdm(readLines(b, "testdata/gpsd/ais-nmea.log"))
	b.ReportAllocs()
	d := NewDecoder(nil)
	n := 0
	for b.Loop() {
		for _, l := range lines {
			_, _, _ = d.Decode(l)
		}
		n += len(lines)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}
