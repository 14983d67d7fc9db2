package airspace

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestActiveAt(t *testing.T) {
	start, end := utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z")
	weekdays := Daily{Days: []time.Weekday{1, 2, 3, 4, 5}, Start: 7 * time.Hour, End: 19 * time.Hour}
	night := Daily{Days: []time.Weekday{time.Friday}, Start: 22 * time.Hour, End: 2 * time.Hour}
	cases := []struct {
		name string
		appl []Applicability
		at   string
		want bool
	}{
		{"no applicability", nil, "2026-03-02T12:00:00Z", true},
		{"permanent", []Applicability{{Permanent: true}}, "2030-01-01T00:00:00Z", true},
		{"before start", []Applicability{{Start: &start}}, "2025-12-31T23:59:59Z", false},
		{"at start", []Applicability{{Start: &start}}, "2026-01-01T00:00:00Z", true},
		{"at end (exclusive)", []Applicability{{End: &end}}, "2027-01-01T00:00:00Z", false},
		{"monday noon", []Applicability{{Start: &start, End: &end, Schedule: []Daily{weekdays}}}, "2026-03-02T12:00:00Z", true},
		{"monday 19:00", []Applicability{{Schedule: []Daily{weekdays}}}, "2026-03-02T19:00:00Z", false},
		{"sunday noon", []Applicability{{Schedule: []Daily{weekdays}}}, "2026-03-01T12:00:00Z", false},
		{"in another zone's offset", []Applicability{{Schedule: []Daily{weekdays}}}, "2026-03-02T07:30:00+01:00", false},
		{"friday night", []Applicability{{Schedule: []Daily{night}}}, "2026-03-06T23:00:00Z", true},
		{"saturday 01:00 of friday night", []Applicability{{Schedule: []Daily{night}}}, "2026-03-07T01:00:00Z", true},
		{"saturday 23:00", []Applicability{{Schedule: []Daily{night}}}, "2026-03-07T23:00:00Z", false},
		{"any day", []Applicability{{Schedule: []Daily{{Start: 0, End: 24 * time.Hour}}}}, "2026-03-07T23:59:00Z", true},
		{"second period", []Applicability{{End: &start}, {Start: &end}}, "2027-06-01T00:00:00Z", true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			z := Zone{Applicability: ca.appl}
			require.Equal(t, ca.want, z.ActiveAt(utc(ca.at)))
		})
	}
}

func TestTimeOfDay(t *testing.T) {
	cases := []struct {
		in    string
		d     time.Duration
		shift int
		ok    bool
	}{
		{"08:00", 8 * time.Hour, 0, true},
		{"08:00:30Z", 8*time.Hour + 30*time.Second, 0, true},
		{"00:30:00+01:00", 23*time.Hour + 30*time.Minute, -1, true},
		{"23:00:00-02:00", time.Hour, 1, true},
		{"24:00", 24 * time.Hour, 0, true},
		{"noon", 0, 0, false},
	}
	for _, ca := range cases {
		d, shift, ok := timeOfDay(ca.in)
		require.Equal(t, ca.ok, ok, ca.in)
		require.Equal(t, ca.d, d, ca.in)
		require.Equal(t, ca.shift, shift, ca.in)
	}
}

func TestEffect(t *testing.T) {
	auth := []Authority{{Name: "APBA"}}
	cases := []struct {
		r    Restriction
		op   Operation
		want EffectKind
	}{
		{Prohibited, Operation{Authorisations: []string{"Z1", "APBA"}}, EffectExclusion},
		{ReqAuthorisation, Operation{}, EffectExclusion},
		{ReqAuthorisation, Operation{Authorisations: []string{"z1"}}, EffectInfo},
		{ReqAuthorisation, Operation{Authorisations: []string{" apba "}}, EffectInfo},
		{ReqAuthorisation, Operation{Authorisations: []string{"other"}}, EffectExclusion},
		{Conditional, Operation{}, EffectWarning},
		{NoRestriction, Operation{}, EffectInfo},
		{USpace, Operation{}, EffectWarning},
		{"", Operation{}, EffectExclusion},
	}
	for _, ca := range cases {
		z := Zone{ID: "Z1", Restriction: ca.r, Authorities: auth, Conditions: []string{"c"}}
		e := z.Effect(ca.op)
		require.Equal(t, ca.want, e.Kind, "%s %v", ca.r, ca.op)
		if ca.r == Conditional {
			require.Equal(t, []string{"c"}, e.Conditions)
		}
	}
}
