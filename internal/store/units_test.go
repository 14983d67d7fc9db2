package store

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func sampleUnit(id gcs.UnitID) gcs.Unit {
	return gcs.Unit{ID: id, Name: "Cutter " + string(id), Webhook: "https://cutter.example/reports", Secret: "s3cret", Token: "t0ken",
		Area:  &gcs.UnitArea{Polygon: [][2]float64{{-5.5, 36.0}, {-5.3, 36.0}, {-5.3, 36.2}, {-5.5, 36.2}}},
		Types: []gcs.IncidentType{gcs.IncidentDark, gcs.IncidentRendezvous}, MinSeverity: gcs.IncidentMedium, Format: gcs.FormatCAP}
}

func TestUnitsRoundTripAcrossReopening(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	us := s.Units()
	list, err := us.Units(ctx)
	require.NoError(t, err)
	require.NotNil(t, list)
	require.Empty(t, list)

	b, a := sampleUnit("b-boat"), sampleUnit("a.centre")
	a.Webhook, a.Secret, a.Area, a.Default, a.Format = "", "", &gcs.UnitArea{Lat: 36.1, Lon: -5.4, RadiusM: 20_000}, true, gcs.FormatJSON
	require.NoError(t, us.PutUnit(ctx, b))
	require.NoError(t, us.PutUnit(ctx, a))
	b.Name, b.Types = "Renamed", nil
	require.NoError(t, us.PutUnit(ctx, b), "upsert")
	require.NoError(t, us.PutUnit(ctx, gcs.Unit{ID: "c_min", Name: "Minimal"}))
	require.NoError(t, s.Close())

	s, err = Open(path)
	require.NoError(t, err)
	defer s.Close()
	us = s.Units()
	list, err = us.Units(ctx)
	require.NoError(t, err)
	require.Equal(t, []gcs.Unit{a, b, {ID: "c_min", Name: "Minimal"}}, list, "sorted by id, secrets and tokens kept")

	require.NoError(t, us.DeleteUnit(ctx, "b-boat"))
	require.ErrorIs(t, us.DeleteUnit(ctx, "b-boat"), gcs.ErrNoUnit)
	require.ErrorIs(t, us.DeleteUnit(ctx, "never"), gcs.ErrNoUnit)
	list, err = us.Units(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
}

func TestUnitsRefuseBadUnits(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	us := s.Units()
	nan := math.NaN()
	for name, c := range map[string]struct {
		change func(u *gcs.Unit)
		says   string
	}{
		"no id":         {func(u *gcs.Unit) { u.ID = "" }, "unit id"},
		"long id":       {func(u *gcs.Unit) { u.ID = gcs.UnitID(strings.Repeat("a", 65)) }, "1 to 64"},
		"slash in id":   {func(u *gcs.Unit) { u.ID = "a/b" }, "'/'"},
		"space in id":   {func(u *gcs.Unit) { u.ID = "a b" }, "' '"},
		"no name":       {func(u *gcs.Unit) { u.Name = "" }, "name"},
		"relative hook": {func(u *gcs.Unit) { u.Webhook = "/reports" }, "webhook"},
		"ftp hook":      {func(u *gcs.Unit) { u.Webhook = "ftp://x.example/r" }, "webhook"},
		"hostless hook": {func(u *gcs.Unit) { u.Webhook = "https:///r" }, "webhook"},
		"two points":    {func(u *gcs.Unit) { u.Area.Polygon = u.Area.Polygon[:2] }, "3 to"},
		"NaN point":     {func(u *gcs.Unit) { u.Area.Polygon[1][1] = nan }, "point 1"},
		"off earth":     {func(u *gcs.Unit) { u.Area.Polygon[0][0] = 200 }, "point 0"},
		"both":          {func(u *gcs.Unit) { u.Area.RadiusM = 100 }, "not both"},
		"no radius":     {func(u *gcs.Unit) { u.Area = &gcs.UnitArea{Lat: 36, Lon: -5} }, "radius"},
		"huge radius":   {func(u *gcs.Unit) { u.Area = &gcs.UnitArea{Lat: 36, Lon: -5, RadiusM: 1_000_001} }, "radius"},
		"NaN radius":    {func(u *gcs.Unit) { u.Area = &gcs.UnitArea{Lat: 36, Lon: -5, RadiusM: nan} }, "radius"},
		"Inf radius":    {func(u *gcs.Unit) { u.Area = &gcs.UnitArea{Lat: 36, Lon: -5, RadiusM: math.Inf(1)} }, "radius"},
		"NaN centre":    {func(u *gcs.Unit) { u.Area = &gcs.UnitArea{Lat: nan, Lon: -5, RadiusM: 10} }, "centre"},
		"format":        {func(u *gcs.Unit) { u.Format = "xml" }, "format"},
		"type":          {func(u *gcs.Unit) { u.Types = []gcs.IncidentType{gcs.IncidentDark, "piracy"} }, "piracy"},
		"severity":      {func(u *gcs.Unit) { u.MinSeverity = "extreme" }, "severity"},
	} {
		u := sampleUnit("u1")
		c.change(&u)
		err := us.PutUnit(ctx, u)
		require.ErrorIs(t, err, ErrBadUnit, name)
		require.Contains(t, err.Error(), c.says, name)
	}
	list, err := us.Units(ctx)
	require.NoError(t, err)
	require.Empty(t, list)
	require.NoError(t, CheckUnit(sampleUnit("ok-1_2.3~")))
}
