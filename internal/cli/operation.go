package cli

import (
	"flag"
	"fmt"
	"time"

	"skerry/gcs"
	"skerry/mission/profile"
	"skerry/mission/terrain"
)

// operationFlags configure the operation the station checks plans against.
type operationFlags struct {
	profile   string
	zones     listFlag
	auth      string
	area      string
	pilot     string
	pilots    int
	endurance time.Duration
	maxWind   float64
	cruise    float64
	terrain   string
}

func (f *operationFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.profile, "profile", gcs.DefaultProfile, "regulation profile every plan is checked against: "+joinNames(profile.Names())+", or a JSON profile file")
	fs.Var(&f.zones, "zones", "official zone file (ED-269, ED-318, openAIP, GeoJSON, KML or KMZ), repeatable")
	fs.StringVar(&f.auth, "authorisations", "", "comma-separated zone IDs or authority names the operation holds an authorisation from")
	fs.StringVar(&f.area, "operation-area", "", "GeoJSON polygon every route must stay inside (FILE or FILE#NAME)")
	fs.StringVar(&f.pilot, "pilot", "", "remote pilot position LAT,LON, for range and line-of-sight rules")
	fs.IntVar(&f.pilots, "pilots", 1, "remote pilots flying the fleet")
	fs.DurationVar(&f.endurance, "endurance", gcs.DefaultEndurance, "a vehicle's flight time at cruise on a full battery")
	fs.Float64Var(&f.maxWind, "max-wind", 0, "the vehicles' wind limit, m/s (0: none)")
	fs.StringVar(&f.terrain, "terrain", "", "directory of SRTM .hgt tiles for heights over land (default: none; the sea surface is assumed, conservatively)")
	fs.Float64Var(&f.cruise, "cruise-speed", gcs.DefaultCruiseSpeed, "the vehicles' speed between waypoints unless a plan changes it, m/s (ArduCopter WPNAV_SPEED)")
}

// operation builds the operation from the flags.
func (f *operationFlags) operation() (*gcs.Operation, error) {
	op := gcs.Operation{ProfileName: f.profile, Authorisations: splitList(f.auth), Pilots: f.pilots, Endurance: f.endurance, MaxWind: f.maxWind, CruiseSpeed: f.cruise}
	if p, err := loadProfile(f.profile); err != nil {
		return nil, err
	} else {
		op.Profile, op.ProfileName = p, p.Name
	}
	zones, issues, err := readZoneFiles(f.zones)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, count(len(issues), "issue"))
	}
	op.Zones = zones
	if f.area != "" {
		polys, err := readPolygons(f.area, "")
		if err != nil {
			return nil, err
		}
		op.Area = polys[0]
	}
	if f.terrain != "" {
		m, err := terrain.LoadDir(f.terrain)
		if err != nil {
			return nil, fmt.Errorf("--terrain: %w", err)
		}
		op.Terrain = m
	}
	if f.pilot != "" {
		p, err := parseLatLon(f.pilot)
		if err != nil {
			return nil, fmt.Errorf("--pilot: %w", err)
		}
		op.Pilot = &p
	}
	return gcs.NewOperation(op)
}

func joinNames(ns []string) string {
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
