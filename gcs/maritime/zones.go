package maritime

// Zones are the sea zones the rules know. (Placeholder: the rules' author
// replaces it.)
type Zones struct{}

// Zone is one sea zone.
type Zone struct {
	Name string
	Kind string
}

// At returns the zones containing (lat, lon).
func (z *Zones) At(lat, lon float64) []*Zone { return nil }

// ParseZones reads sea zones from a GeoJSON FeatureCollection.
func ParseZones(geojson []byte) (*Zones, error) { return &Zones{}, nil }
