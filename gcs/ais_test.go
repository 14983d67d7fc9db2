package gcs

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// aisClock is an injected clock the test moves.
type aisClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *aisClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *aisClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newAISPicture(t *testing.T, clock *aisClock) *AISPicture {
	t.Helper()
	p := &AISPicture{Now: clock.now, Retention: 10 * time.Minute}
	require.NoError(t, p.Initialize())
	t.Cleanup(p.Close)
	return p
}

func TestAISPictureMergesStaticData(t *testing.T) {
	clock := &aisClock{t: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)}
	p := newAISPicture(t, clock)
	ctx := context.Background()
	// Class B: 24A brings the name, 24B the rest, a position report the motion.
	p.Update(AISReport{MMSI: 244670316, Class: "B", Static: &AISStatic{Name: "ZEEVAART"}, Source: "rx1"})
	p.Update(AISReport{MMSI: 244670316, Class: "B", Static: &AISStatic{CallSign: "PD1234", ShipType: 37, ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2}, Source: "rx1"})
	p.Update(AISReport{MMSI: 244670316, Class: "B", HasPosition: true, Lat: 52.8, Lon: 5.7, HasSOG: true, SOG: 6.1, HasCOG: true, COG: 123.4, Source: "rx2"})
	// Class A: message 5 all at once, a later one renaming it.
	p.Update(AISReport{MMSI: 211000001, Class: "A", Static: &AISStatic{Name: "OLD", CallSign: "DABC", ShipType: 70, ToBow: 100, ToStern: 20, ToPort: 10, ToStarboard: 10}})
	p.Update(AISReport{MMSI: 211000001, Class: "A", Static: &AISStatic{Name: "NEW", CallSign: "DABC", ShipType: 70, ToBow: 100, ToStern: 20, ToPort: 10, ToStarboard: 10}})

	b, err := p.Get(ctx, 244670316)
	require.NoError(t, err)
	require.Equal(t, AISStatic{Name: "ZEEVAART", CallSign: "PD1234", ShipType: 37, ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2}, b.AISStatic)
	require.Equal(t, "B", b.Class)
	require.NotNil(t, b.Position)
	require.Equal(t, AISPosition{Lat: 52.8, Lon: 5.7, Time: clock.now(), Source: "rx2"}, *b.Position)
	require.Equal(t, 6.1, *b.SOG)
	require.Equal(t, 123.4, *b.COG)
	require.Nil(t, b.Heading)
	require.Equal(t, uint64(3), b.Reports)
	require.Equal(t, "rx2", b.Source)

	a, err := p.Get(ctx, 211000001)
	require.NoError(t, err)
	require.Equal(t, "NEW", a.Name)
	require.Nil(t, a.Position)

	_, err = p.Get(ctx, 1)
	require.ErrorIs(t, err, ErrNoAISVessel)
	list, err := p.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, uint64(5), p.Stats().Reports)
}

func TestAISPictureLatestWinsByTime(t *testing.T) {
	clock := &aisClock{t: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)}
	p := newAISPicture(t, clock)
	t0 := clock.now()
	p.Update(AISReport{MMSI: 7, HasPosition: true, Lat: 1, Lon: 1, HasHeading: true, Heading: 90, Received: t0.Add(10 * time.Second)})
	// Older (a slow receiver, a satellite feed): its motion is ignored,
	// its static data kept.
	p.Update(AISReport{MMSI: 7, HasPosition: true, Lat: 2, Lon: 2, HasHeading: true, Heading: 180, Received: t0, Static: &AISStatic{Name: "LATE"}})
	v, err := p.Get(context.Background(), 7)
	require.NoError(t, err)
	require.Equal(t, 1.0, v.Position.Lat)
	require.Equal(t, uint16(90), *v.Heading)
	require.Equal(t, "LATE", v.Name)
	require.Equal(t, uint64(1), p.Stats().Stale)
	// Newer wins.
	p.Update(AISReport{MMSI: 7, HasPosition: true, Lat: 3, Lon: 3, HasNavStatus: true, NavStatus: 5, Received: t0.Add(20 * time.Second)})
	v, err = p.Get(context.Background(), 7)
	require.NoError(t, err)
	require.Equal(t, 3.0, v.Position.Lat)
	require.Equal(t, t0.Add(20*time.Second), v.Position.Time)
	require.Equal(t, uint16(90), *v.Heading, "a field the newer message lacks stays")
	require.Equal(t, uint8(5), *v.NavStatus)
}

func TestAISPictureRetention(t *testing.T) {
	clock := &aisClock{t: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)}
	p := newAISPicture(t, clock)
	ctx := context.Background()
	p.Update(AISReport{MMSI: 1, HasPosition: true, Lat: 1, Lon: 1})
	_, err := p.Get(ctx, 1) // applied before the clock moves
	require.NoError(t, err)
	clock.add(6 * time.Minute)
	p.Update(AISReport{MMSI: 2, HasPosition: true, Lat: 1, Lon: 1})
	first, err := p.Get(ctx, 2)
	require.NoError(t, err)
	clock.add(5 * time.Minute) // 1 unheard for 11 min, 2 for 5
	list, err := p.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, uint32(2), list[0].MMSI)
	_, err = p.Get(ctx, 1)
	require.ErrorIs(t, err, ErrNoAISVessel)
	require.Equal(t, uint64(1), p.Stats().Expired)
	// Heard again: stays, first heard kept, last heard moves.
	p.Update(AISReport{MMSI: 2, HasSOG: true, SOG: 1})
	v, err := p.Get(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, first.FirstHeard, v.FirstHeard)
	require.Equal(t, clock.now(), v.LastHeard)
	require.Equal(t, 1, p.Stats().Vessels)
}

func TestAISPictureRefusesBadReports(t *testing.T) {
	clock := &aisClock{t: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)}
	p := newAISPicture(t, clock)
	for _, r := range []AISReport{
		{MMSI: 0},
		{MMSI: MaxMMSI + 1},
		{MMSI: 3, HasPosition: true, Lat: math.NaN()},
		{MMSI: 3, HasPosition: true, Lat: 91},
		{MMSI: 3, HasSOG: true, SOG: math.Inf(1)},
		{MMSI: 3, HasCOG: true, COG: 360},
		{MMSI: 3, HasHeading: true, Heading: 511},
	} {
		p.Update(r)
	}
	list, err := p.List(context.Background())
	require.NoError(t, err)
	require.Empty(t, list)
	require.Equal(t, uint64(7), p.Stats().Invalid)
}

func TestAISPictureBounded(t *testing.T) {
	clock := &aisClock{t: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)}
	p := &AISPicture{Now: clock.now, Vessels: 2}
	require.NoError(t, p.Initialize())
	defer p.Close()
	for m := uint32(1); m <= 3; m++ {
		p.Update(AISReport{MMSI: m})
		_, err := p.Get(context.Background(), m) // applied before the clock moves
		require.NoError(t, err)
		clock.add(time.Second)
	}
	list, err := p.List(context.Background())
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, []uint32{3, 2}, []uint32{list[0].MMSI, list[1].MMSI})
}

func TestAISPictureClosed(t *testing.T) {
	var never AISPicture
	never.Update(AISReport{MMSI: 1}) // dropped, no panic
	_, err := never.List(context.Background())
	require.Error(t, err)
	never.Close()
}
