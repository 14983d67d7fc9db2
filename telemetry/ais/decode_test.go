package ais

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRejectsCountedByReason feeds broken sentences: each is counted under
// its reason, and decoding carries on.
func TestRejectsCountedByReason(t *testing.T) {
	d := NewDecoder(nil)
	for _, l := range []string{
		"!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*28",             // checksum
		`\s:x,c:1*00\!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29`, // tag block checksum
		"!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0",                // no checksum
		`\s:x,c:1*00!AIVDM`, // unterminated tag block
		withSum("!AIVDM,0,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0"), // fragment 1 of 0
		withSum("!AIVDM,1,1,,B,1,0"),                            // payload too short for type 1
		"garbage",
	} {
		_, ok, err := d.Decode(l)
		require.False(t, ok, l)
		require.Error(t, err, l)
	}
	s := d.Stats()
	require.Equal(t, uint64(2), s.Checksum)
	require.Equal(t, uint64(5), s.Framing)
	// Still decodes after all that.
	r, ok, err := d.Decode("!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29 receiver metadata,d-109")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, uint32(244660274), r.MMSI)
}

// TestIncompleteMultipartTimesOut leaves the first part of a two-part
// message unanswered: go-ais expires it after a number of sentences and it
// is counted as incomplete.
func TestIncompleteMultipartTimesOut(t *testing.T) {
	d := NewDecoder(nil)
	_, ok, err := d.Decode("!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A")
	require.NoError(t, err)
	require.False(t, ok)
	for range 100 {
		_, ok, err := d.Decode(typ1)
		require.NoError(t, err)
		require.True(t, ok)
	}
	require.Equal(t, uint64(1), d.Stats().Incomplete)
}

// TestMotionRanges checks ITU-R M.1371's not-available values and range.
func TestMotionRanges(t *testing.T) {
	for _, c := range []struct {
		name                   string
		lat, lon, sog, cog     float64
		heading                uint16
		pos, hsog, hcog, hhead bool
		bad                    bool
	}{
		{"all valid", 52.8, 5.7, 10, 90, 45, true, true, true, true, false},
		{"not available", 91, 181, 102.3, 360, 511, false, false, false, false, false},
		{"lat out of range", 95, 5, 0, 0, 0, false, true, true, true, true},
		{"lon out of range", 52, -190, 0, 0, 0, false, true, true, true, true},
		{"lat only not available", 91, 5, 0, 0, 0, false, true, true, true, false},
		{"cog out of range", 0, 0, 0, 400, 0, true, true, false, true, true},
		{"heading out of range", 0, 0, 0, 0, 400, true, true, true, false, true},
		{"sog 102.2 is valid", 0, 0, 102.2, 0, 0, true, true, true, true, false},
	} {
		var r Report
		bad := r.motion(c.lat, c.lon, c.sog, c.cog, c.heading)
		require.Equal(t, c.bad, bad, c.name)
		require.Equal(t, [4]bool{c.pos, c.hsog, c.hcog, c.hhead}, [4]bool{r.HasPosition, r.HasSOG, r.HasCOG, r.HasHeading}, c.name)
	}
}

// withSum appends the NMEA checksum to a sentence.
func withSum(s string) string {
	var sum byte
	for i := 1; i < len(s); i++ {
		sum ^= s[i]
	}
	return fmt.Sprintf("%s*%02X", s, sum)
}
