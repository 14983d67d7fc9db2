package telemetry

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// allValid is every VALID flag of AIS_VESSEL that the station reads.
const allValid = common.AIS_FLAGS_VALID_COG | common.AIS_FLAGS_VALID_VELOCITY |
	common.AIS_FLAGS_VALID_DIMENSIONS | common.AIS_FLAGS_VALID_CALLSIGN | common.AIS_FLAGS_VALID_NAME

// aisVesselMsg is a complete AIS_VESSEL off Algeciras.
func aisVesselMsg() *common.MessageAisVessel {
	return &common.MessageAisVessel{
		Mmsi: 224123456, Lat: 361000000, Lon: -53500000, Cog: 9050, Heading: 9100, Velocity: 617, // 12.0 kn
		NavigationalStatus: common.AIS_NAV_STATUS_FISHING, Type: common.AIS_TYPE_FISHING,
		DimensionBow: 10, DimensionStern: 8, DimensionPort: 3, DimensionStarboard: 3,
		Callsign: "EA1234", Name: "VIRGEN DEL MAR@@@", Tslc: 2, Flags: allValid | common.AIS_FLAGS_POSITION_ACCURACY,
	}
}

func TestDecodeAISVessel(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	full := gcs.AISReport{MMSI: 224123456, HasPosition: true, Lat: 36.1, Lon: -5.35, HasSOG: true, SOG: 617 * cmsToKn,
		HasCOG: true, COG: 90.5, HasHeading: true, Heading: 91, HasNavStatus: true, NavStatus: 7,
		Static:   &gcs.AISStatic{Name: "VIRGEN DEL MAR", CallSign: "EA1234", ShipType: 30, ToBow: 10, ToStern: 8, ToPort: 3, ToStarboard: 3},
		Received: now.Add(-2 * time.Second), Source: "mavlink:l1-1"}
	cases := []struct {
		name string
		edit func(m *common.MessageAisVessel)
		want func(r *gcs.AISReport)
		err  string
	}{
		{name: "complete", edit: func(*common.MessageAisVessel) {}, want: func(*gcs.AISReport) {}},
		{name: "no valid flags", edit: func(m *common.MessageAisVessel) { m.Flags = 0 }, want: func(r *gcs.AISReport) {
			r.HasCOG, r.COG, r.HasSOG, r.SOG = false, 0, false, 0
			r.Static = &gcs.AISStatic{ShipType: 30}
		}},
		{name: "unknowns", edit: func(m *common.MessageAisVessel) {
			m.Lat, m.Lon, m.Heading, m.Velocity, m.NavigationalStatus = 91e7, 181e7, 36000, 65535, common.AIS_NAV_STATUS_UNKNOWN
			m.Type, m.Flags = 0, common.AIS_FLAGS_VALID_VELOCITY|common.AIS_FLAGS_VALID_COG
		}, want: func(r *gcs.AISReport) {
			*r = gcs.AISReport{MMSI: r.MMSI, HasCOG: true, COG: 90.5, Received: r.Received, Source: r.Source}
		}},
		{name: "large and fast", edit: func(m *common.MessageAisVessel) {
			m.DimensionBow, m.DimensionStern, m.DimensionPort, m.DimensionStarboard = 511, 300, 63, 20
			m.Velocity = 5200 // 101.1 kn, but the flag says more than 102.2
			m.Flags |= common.AIS_FLAGS_LARGE_BOW_DIMENSION | common.AIS_FLAGS_LARGE_PORT_DIMENSION | common.AIS_FLAGS_HIGH_VELOCITY
		}, want: func(r *gcs.AISReport) {
			r.SOG = aisMaxSOGKn
			r.Static.ToBow, r.Static.ToStern, r.Static.ToPort, r.Static.ToStarboard = 511, 300, 63, 20
		}},
		{name: "heading 359.6 is 0", edit: func(m *common.MessageAisVessel) { m.Heading = 35960 }, want: func(r *gcs.AISReport) { r.Heading = 0 }},
		{name: "lower-case name", edit: func(m *common.MessageAisVessel) { m.Name = "virgen\x01" }, want: func(r *gcs.AISReport) { r.Static.Name = "VIRGEN?" }},
		{name: "lat 95", edit: func(m *common.MessageAisVessel) { m.Lat = 95e7 }, err: "off the globe"},
		{name: "lon -181", edit: func(m *common.MessageAisVessel) { m.Lon = -181e7 }, err: "off the globe"},
		{name: "cog 360", edit: func(m *common.MessageAisVessel) { m.Cog = 36000 }, err: "COG"},
		{name: "heading 511 from AP_AIS", edit: func(m *common.MessageAisVessel) { m.Heading = 51100 }, want: func(r *gcs.AISReport) {
			r.HasHeading, r.Heading = false, 0
		}},
		{name: "lat 91 in single precision", edit: func(m *common.MessageAisVessel) { m.Lat = 910000032 }, want: func(r *gcs.AISReport) {
			r.HasPosition, r.Lat, r.Lon = false, 0, 0
		}},
		{name: "lon 181 in single precision", edit: func(m *common.MessageAisVessel) { m.Lon = 1809999936 }, want: func(r *gcs.AISReport) {
			r.HasPosition, r.Lat, r.Lon = false, 0, 0
		}},
		{name: "nav status 16", edit: func(m *common.MessageAisVessel) { m.NavigationalStatus = 16 }, err: "navigational status"},
		{name: "mmsi 0", edit: func(m *common.MessageAisVessel) { m.Mmsi = 0 }, err: "MMSI"},
		{name: "mmsi 10 digits", edit: func(m *common.MessageAisVessel) { m.Mmsi = 1_000_000_000 }, err: "MMSI"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := aisVesselMsg()
			tc.edit(m)
			r, err := decodeAISVessel(m, "mavlink:l1-1", now)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			want := full
			st := *full.Static
			want.Static = &st
			tc.want(&want)
			require.InDelta(t, want.SOG, r.SOG, 1e-9)
			r.SOG = want.SOG
			require.Equal(t, want, r)
		})
	}
}

// TestAISVesselOverMAVLink: a drone relays AIS_VESSEL over UDP; good ones
// reach the AIS sink with the drone as source, malformed ones are counted.
func TestAISVesselOverMAVLink(t *testing.T) {
	var mu sync.Mutex
	var got []gcs.AISReport
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}},
		AIS: func(r gcs.AISReport) { mu.Lock(); got = append(got, r); mu.Unlock() }}
	c := startStation(t, s)
	p := udpPeer(t, s, "a", 4)
	require.Eventually(t, func() bool {
		p.send(copterHB(ardupilotmega.COPTER_MODE_LOITER, true))
		return len(c.vehicles()) == 1
	}, 5*time.Second, 20*time.Millisecond)
	c.wait(t, 0, isIdentity("a-4"))

	good := aisVesselMsg()
	bad := aisVesselMsg()
	bad.Lat = 92e7 // off the globe, not the "unavailable" marker
	worse := aisVesselMsg()
	worse.Mmsi = 0
	p.send(good, bad, worse)
	require.Eventually(t, func() bool {
		st := s.AISVesselStats()
		return st.Applied == 1 && st.Rejected == 2
	}, 5*time.Second, 10*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 1)
	r := got[0]
	require.Equal(t, "mavlink:a-4", r.Source)
	require.Equal(t, uint32(224123456), r.MMSI)
	require.True(t, r.HasPosition)
	require.InDelta(t, 36.1, r.Lat, 1e-9)
	require.InDelta(t, -5.35, r.Lon, 1e-9)
	require.InDelta(t, 12.0, r.SOG, 0.01)
	require.Equal(t, "VIRGEN DEL MAR", r.Static.Name)
	require.Contains(t, s.AISVesselStats().LastRejected, "MMSI")
}

// FuzzAISVessel: any AIS_VESSEL converts or is refused, never crashes, and
// what converts passes the core's own check.
func FuzzAISVessel(f *testing.F) {
	f.Add(uint32(224123456), int32(361000000), int32(-53500000), uint16(9050), uint16(9100), uint16(617), uint8(7), uint16(allValid), "VIRGEN")
	f.Add(uint32(1), int32(91e7), int32(181e7), uint16(36000), uint16(36000), uint16(65535), uint8(15), uint16(0xffff), "")
	f.Fuzz(func(t *testing.T, mmsi uint32, lat, lon int32, cog, hdg, vel uint16, nav uint8, flags uint16, name string) {
		m := &common.MessageAisVessel{Mmsi: mmsi, Lat: lat, Lon: lon, Cog: cog, Heading: hdg, Velocity: vel,
			NavigationalStatus: common.AIS_NAV_STATUS(nav), Type: common.AIS_TYPE(byte(flags)),
			DimensionBow: cog, DimensionStern: hdg, DimensionPort: nav, DimensionStarboard: byte(flags >> 8),
			Callsign: name, Name: name, Tslc: vel, Flags: common.AIS_FLAGS(flags)}
		r, err := decodeAISVessel(m, "mavlink:f-1", time.Unix(1e9, 0))
		if err != nil {
			return
		}
		require.NoError(t, gcs.CheckAISReport(&r))
		require.False(t, math.IsNaN(r.SOG))
		if r.HasPosition {
			require.LessOrEqual(t, math.Abs(r.Lat), 90.0)
		}
	})
}
