package video

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// feedPreroll feeds a pre-roll n units of 100 bytes, 40 ms apart from t0 (capture
// and arrival times alike), a key frame every keyEvery.
func feedPreroll(p *preroll, t0 time.Time, first, n, keyEvery int) {
	for i := first; i < first+n; i++ {
		at := t0.Add(time.Duration(i) * 40 * time.Millisecond)
		p.add(unit{codec: "h264", data: make([]byte, 100), key: i%keyEvery == 0, captured: at, received: at})
	}
}

// keptTimes returns the capture times of the units kept, as offsets from t0.
func keptTimes(p *preroll, t0 time.Time) []time.Duration {
	var out []time.Duration
	for _, u := range p.units[p.head:] {
		out = append(out, u.captured.Sub(t0))
	}
	return out
}

// TestPrerollKeeps: the pre-roll starts at a key frame, keeps at least
// its span, lets go of whole groups of pictures by age, drops early (and
// counts) to stay within its bytes, and counts the units before any key
// frame.
func TestPrerollKeeps(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	t.Run("by age", func(t *testing.T) {
		p := newPreroll(2*time.Second, 1<<20)
		feedPreroll(p, t0, 3, 200, 25) // key frames at 25, 50...; 3 to 24 come before any
		require.EqualValues(t, 22, p.unkept)
		got := keptTimes(p, t0)
		newest := 202 * 40 * time.Millisecond
		require.True(t, p.units[p.head].key)
		require.Equal(t, newest, got[len(got)-1])
		// The oldest key frame is the last one at least 2 s before the
		// newest: 150 (6 s) before 202 (8.08 s).
		require.Equal(t, 150*40*time.Millisecond, got[0])
		require.Len(t, got, 53)
		require.Equal(t, 53*100, p.bytes)
		require.Zero(t, p.early)
	})
	t.Run("by bytes", func(t *testing.T) {
		p := newPreroll(time.Minute, 2500) // 25 units
		feedPreroll(p, t0, 0, 100, 10)
		got := keptTimes(p, t0)
		require.LessOrEqual(t, p.bytes, 2500)
		// Each time a 26th unit comes, the oldest 10 go.
		require.Equal(t, 80*40*time.Millisecond, got[0], "whole groups of pictures go")
		require.Len(t, got, 20)
		require.EqualValues(t, 80, p.early)
	})
	t.Run("a group of pictures over the bytes", func(t *testing.T) {
		p := newPreroll(time.Minute, 250)
		feedPreroll(p, t0, 0, 5, 100)
		require.Empty(t, keptTimes(p, t0))
		require.Zero(t, p.bytes)
		require.EqualValues(t, 3, p.early)
		require.EqualValues(t, 2, p.unkept, "after the key frame went, the frames that need it are not kept")
	})
	t.Run("none", func(t *testing.T) {
		require.Nil(t, newPreroll(-1, 1<<20))
		require.Nil(t, newPreroll(time.Second, -1))
		var p *preroll
		p.add(unit{codec: "h264", key: true})
		got, why := p.cut(t0, t0.Add(time.Second))
		require.Empty(t, got)
		require.Contains(t, why, "no pre-roll")
	})
	t.Run("compacts", func(t *testing.T) {
		p := newPreroll(time.Second, 1<<20)
		feedPreroll(p, t0, 0, 5000, 5)
		require.Less(t, len(p.units), 200, "dropped units do not pile up")
		require.Len(t, keptTimes(p, t0), len(p.units)-p.head)
	})
}

// TestPrerollCut: which units a clip of [from, to] gets.
func TestPrerollCut(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	p := newPreroll(time.Minute, 1<<20)
	feedPreroll(p, t0, 0, 250, 25) // 0 to 9.96 s, a key frame a second
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 40 * time.Millisecond) }
	cases := []struct {
		name        string
		from, to    time.Time
		first, last int // unit numbers; first -1: nothing
		why         string
	}{
		{"within", at(60), at(110), 50, 110, ""},
		{"from on a key frame", at(75), at(80), 75, 80, ""},
		{"between frames", at(60).Add(time.Millisecond), at(110).Add(39 * time.Millisecond), 50, 110, ""},
		{"before what is kept: clamped", at(-500), at(30), 0, 30, ""},
		{"beyond the newest: clamped", at(230), at(1000), 225, 249, ""},
		{"all of it", at(-1000), at(1000), 0, 249, ""},
		{"after the newest", at(251), at(300), -1, 0, "spans"},
		{"before the oldest", at(-100), at(-1), -1, 0, "spans"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, why := p.cut(c.from, c.to)
			if c.first < 0 {
				require.Empty(t, got)
				require.Contains(t, why, c.why)
				return
			}
			require.Empty(t, why)
			require.True(t, got[0].key)
			require.Equal(t, at(c.first), got[0].captured)
			require.Equal(t, at(c.last), got[len(got)-1].captured)
			require.Len(t, got, c.last-c.first+1)
		})
	}

	t.Run("starts after from", func(t *testing.T) {
		q := newPreroll(time.Minute, 1<<20)
		feedPreroll(q, t0, 10, 100, 25) // kept from 25
		got, _ := q.cut(at(0), at(60))
		require.Equal(t, at(25), got[0].captured)
		require.Equal(t, at(60), got[len(got)-1].captured)
	})
	t.Run("ends at another codec", func(t *testing.T) {
		q := newPreroll(time.Minute, 1<<20)
		feedPreroll(q, t0, 0, 50, 25)
		q.add(unit{codec: "mjpeg", data: []byte{0xff, 0xd8}, key: true, captured: at(50), received: at(50)})
		got, _ := q.cut(at(30), at(60))
		require.Equal(t, at(25), got[0].captured)
		require.Equal(t, at(49), got[len(got)-1].captured)
	})
	t.Run("a copy", func(t *testing.T) {
		got, _ := p.cut(at(0), at(10))
		got[0] = kept{}
		require.True(t, p.units[p.head].key, "the clip's units are the caller's")
	})
}
