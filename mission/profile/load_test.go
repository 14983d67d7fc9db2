package profile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func ringAround() orb.Ring {
	return orb.Ring{{-5.4, 36.0}, {-5.3, 36.0}, {-5.3, 36.1}, {-5.4, 36.0}}
}

const standalone = `{
  "name": "gib-customs", "title": "Customs, Strait of Gibraltar", "framework": "state",
  "max_height_m": 120, "height_ref": "amsl", "vlos": false, "night": "lights",
  "max_aircraft_per_pilot": 2, "contingency_margin_m": 30, "contingency_height_m": 10,
  "rules": [
    {"id": "max-height", "text": "120 m AMSL", "source": {"ref": "Ops manual 4.2", "url": "OM-rev7.pdf"}},
    {"id": "vlos", "text": "BVLOS in area", "source": {"ref": "Ops manual 4.3", "url": "OM-rev7.pdf"}},
    {"id": "night", "text": "lights on", "source": {"ref": "Ops manual 4.5", "url": "OM-rev7.pdf"}},
    {"id": "aircraft-per-pilot", "text": "2 per pilot", "source": {"ref": "Ops manual 4.6", "url": "OM-rev7.pdf"}},
    {"id": "contingency", "text": "30/10 m", "source": {"ref": "Ops manual 4.7", "url": "OM-rev7.pdf"}}
  ]
}`

func TestLoad(t *testing.T) {
	cases := []struct {
		name    string
		json    string
		wantErr string
		check   func(t *testing.T, p Profile)
	}{
		{"standalone valid", standalone, "", func(t *testing.T, p Profile) {
			require.Equal(t, 2, p.MaxAircraftPerPilot)
			require.Equal(t, RefAMSL, p.HeightRef)
		}},
		{"unknown field", strings.Replace(standalone, `"vlos": false`, `"vlos": false, "max_hieght": 3`, 1), "unknown field", nil},
		{"trailing data", standalone + `{}`, "after", nil},
		{"missing source", strings.Replace(standalone, `{"ref": "Ops manual 4.6", "url": "OM-rev7.pdf"}`, `{"ref": ""}`, 1), "no source", nil},
		{"limit without rule", strings.Replace(standalone, `"night": "lights",`, `"night": "lights", "max_speed_mps": 20,`, 1), "max-speed", nil},
		{"on base tighten", `{"base": "eu-open-a3", "name": "a3-low", "title": "A3 at 60 m", "framework": "easa", "max_height_m": 60}`, "",
			func(t *testing.T, p Profile) {
				require.Equal(t, 60.0, p.MaxHeight)
				require.Equal(t, 150.0, p.MinDistanceBuiltUp) // kept from the base
				r, _ := p.Rule(RuleMaxHeight)
				require.Contains(t, r.Source.Ref, "2019/947")
				require.Contains(t, r.Text, "tightened")
			}},
		{"on base loosening", `{"base": "eu-open-a3", "name": "a3-high", "framework": "easa", "max_height_m": 200}`, "loosen", nil},
		{"on base loosening distance", `{"base": "eu-open-a3", "name": "x", "framework": "easa", "min_distance_built_up_m": 50}`, RuleDistBuiltUp, nil},
		{"on base framework change", `{"base": "faa-107", "name": "x", "framework": "state"}`, "framework", nil},
		{"on base waiver", `{"base": "faa-107", "name": "w", "framework": "faa", "max_height_m": 150,
			"waivers": [{"section": "107.51", "certificate": "107W-1", "max_height_m": 150}]}`, "", func(t *testing.T, p Profile) {
			require.Equal(t, 150.0, p.MaxHeight)
			r, _ := p.Rule(RuleMaxHeight)
			require.Contains(t, r.Text, "107W-1")
		}},
		{"on base authorisation", `{"base": "eu-specific", "name": "oat", "framework": "easa", "needs_authorisation": true,
			"authorisation": {"number": "OAT-7", "authority": "AESA", "url": "OAT-7.pdf", "area": [[-5.4,36],[-5.3,36],[-5.3,36.1],[-5.4,36]],
			"max_height_m": 100, "bvlos": true, "max_aircraft_per_pilot": 2, "night": "forbidden"}}`, "", func(t *testing.T, p Profile) {
			require.Equal(t, 100.0, p.MaxHeight)
			require.False(t, p.VLOS)
		}},
		{"on base without authorisation", `{"base": "eu-specific", "name": "oat", "framework": "easa", "needs_authorisation": true}`, "Art. 12", nil},
		{"unknown base", `{"base": "mars", "name": "x"}`, "no built-in", nil},
		{"not json", `{`, "profile", nil},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p, err := Load(strings.NewReader(ca.json))
			if ca.wantErr != "" {
				require.ErrorContains(t, err, ca.wantErr)
				return
			}
			require.NoError(t, err)
			require.Empty(t, p.Validate())
			ca.check(t, p)
		})
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	for _, name := range []string{"state", "faa-107", "eu-sts-02"} {
		p, _ := Get(name)
		var b bytes.Buffer
		require.NoError(t, Save(&b, p))
		q, err := Load(&b)
		require.NoError(t, err, name)
		require.Equal(t, p, q)
	}
}

type fakeTerrain map[[2]float64]float64

func (f fakeTerrain) Elevation(lat, lon float64) (float64, bool) {
	h, ok := f[[2]float64{lat, lon}]
	return h, ok
}

func TestHeightAboveSurface(t *testing.T) {
	ground := fakeTerrain{{36.1, -5.35}: 40}
	cases := []struct {
		name string
		amsl float64
		s    Surface
		lat  float64
		want float64
		sev  mission.Severity
		none bool
	}{
		{"water default tide", 100, Surface{Water: true}, 36.0, 100.5, mission.SeverityInfo, false},
		{"water 4 m tide", 100, Surface{Water: true, TideRange: 4}, 36.0, 102, mission.SeverityInfo, false},
		{"land with terrain", 100, Surface{Terrain: ground}, 36.1, 60, mission.SeverityInfo, false},
		{"land void", 100, Surface{Terrain: ground}, 36.2, 100, mission.SeverityWarning, false},
		{"land no model", 100, Surface{}, 36.1, 100, mission.SeverityWarning, false},
		{"inland home", 700, Surface{Ground: &Ground{M: 584, Source: "home"}}, 36.1, 116, mission.SeverityInfo, false},
		{"coastal home", 100, Surface{Ground: &Ground{M: 3, Source: "home"}}, 36.1, 100.5, mission.SeverityInfo, false},
		{"terrain first", 100, Surface{Terrain: ground, Ground: &Ground{M: 3, Source: "home"}}, 36.1, 60, mission.SeverityInfo, false},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			h, is := HeightAboveSurface(ca.lat, -5.35, ca.amsl, ca.s)
			require.InDelta(t, ca.want, h, 1e-9)
			if ca.none {
				require.Empty(t, is)
				return
			}
			require.Len(t, is, 1)
			require.Equal(t, ca.sev, is[0].Severity)
		})
	}
}

func TestCheckHeight(t *testing.T) {
	a3, _ := Get("eu-open-a3")
	require.False(t, a3.CheckHeight(36, -5.35, 119, Surface{Water: true}).HasErrors())
	// 119.6 m AMSL is within 120 m at mean sea level but not at low tide.
	is := a3.CheckHeight(36, -5.35, 119.6, Surface{Water: true})
	require.True(t, is.HasErrors())
	require.Contains(t, is.Err().Error(), "2019/947")
	require.False(t, a3.CheckHeight(36.1, -5.35, 150, Surface{Terrain: fakeTerrain{{36.1, -5.35}: 40}}).HasErrors())
	require.True(t, a3.CheckHeight(36.1, -5.35, 150, Surface{}).HasErrors())
	st, _ := Get("state")
	require.True(t, st.CheckHeight(36, -5.35, 150, Surface{Water: true}).HasErrors(), "150 m AMSL is 150.5 m above the sea at low tide")
	require.False(t, st.CheckHeight(36, -5.35, 149, Surface{Water: true}).HasErrors())
	// Inland, from the take-off ground: 700 m AMSL is 116 m above a home at 584 m.
	is = st.CheckHeight(-35.36, 149.17, 700, Surface{Ground: &Ground{M: 584, Source: "the vehicle's home"}})
	require.False(t, is.HasErrors())
	require.Contains(t, is[0].Message, "ground reference: the vehicle's home at 584.0 m AMSL")
	// A coastal home: heights from the sea at low tide, as over water.
	is = st.CheckHeight(36, -5.35, 150, Surface{Ground: &Ground{M: 3, Source: "the vehicle's home"}})
	require.True(t, is.HasErrors())
	require.Contains(t, is[0].Message, "a coastal site (the vehicle's home at 3.0 m AMSL)")
}
