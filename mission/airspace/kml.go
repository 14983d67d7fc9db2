package airspace

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"skerry/mission"
)

// kmlPlacemark is the part of a KML Placemark ReadKML uses.
type kmlPlacemark struct {
	ID          string       `xml:"id,attr"`
	Name        string       `xml:"name"`
	Description string       `xml:"description"`
	StyleURL    string       `xml:"styleUrl"`
	Polygons    []kmlPolygon `xml:"Polygon"`
	Multi       []kmlMulti   `xml:"MultiGeometry"`
	Data        []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value"`
	} `xml:"ExtendedData>Data"`
	SimpleData []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"ExtendedData>SchemaData>SimpleData"`
	// folders are the names of the Folders and Document around it,
	// innermost first (set by the scanner, not from the element).
	folders []string
}

// kmlMulti is a MultiGeometry, which may nest.
type kmlMulti struct {
	Polygons []kmlPolygon `xml:"Polygon"`
	Multi    []kmlMulti   `xml:"MultiGeometry"`
}

// kmlPolygon is a KML Polygon with its 3D settings.
type kmlPolygon struct {
	Extrude      string   `xml:"extrude"`
	AltitudeMode string   `xml:"altitudeMode"` // also gx:altitudeMode
	Outer        string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner        []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

// maxKMLNesting bounds how deep MultiGeometries are followed.
const maxKMLNesting = 8

// polygons returns the placemark's polygons, MultiGeometries flattened.
func (pm *kmlPlacemark) polygons() []kmlPolygon {
	out := append([]kmlPolygon(nil), pm.Polygons...)
	var walk func(ms []kmlMulti, depth int)
	walk = func(ms []kmlMulti, depth int) {
		for _, m := range ms {
			out = append(out, m.Polygons...)
			if depth < maxKMLNesting {
				walk(m.Multi, depth+1)
			}
		}
	}
	walk(pm.Multi, 0)
	return out
}

// ReadKML reads zones from KML (any namespace; see ReadKMZ for .kmz):
// every Placemark with a Polygon (or polygons in MultiGeometries), outer
// and inner boundaries as "lon,lat[,alt]" tuples. KML has no circles.
//
// Heights: ExtendedData (Data or SchemaData) may give lower, upper,
// lowerRef, upperRef and uom, read as ReadGeoJSON reads properties. Without
// them, the heights of a 3D drawing are read from its coordinates (see
// kmlVolumes): polygons with altitudeMode absolute (AMSL) or
// relativeToGround (AGL), a zone drawn as a floor ring, a ceiling ring and
// vertical walls, or as one ring extruded to the ground.
//
// Restriction: ExtendedData restriction, else the kind of area (danger,
// restricted, prohibited, in English or a national language, or an ICAO
// designator such as "LED123") its name, folders, style or description
// say, mapped as kindOf and zoneRule document. A placemark that says
// nothing of its restriction is a hand-drawn area, PROHIBITED with a
// warning (as in ReadGeoJSON), unless it carries what an authority
// publishes (3D heights, a kind of airspace): then it is reported as of
// unknown restriction and not used, never guessed.
//
// Names and descriptions are read as plain text (HTML removed). The ID is
// the placemark's id, an ExtendedData id or identifier, or the designator
// its name starts with. Placemarks without an area are reported and
// skipped.
func ReadKML(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	sc := kmlScanner{dec: dec}
	var rep report
	var zones []Zone
	i := 0
	for ; i < MaxZones; i++ {
		pm, err := sc.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rep.list(), fmt.Errorf("airspace: KML: %w", err)
		}
		if z, ok := pm.zone(&rep, i); ok {
			zones = append(zones, z)
		}
	}
	if i == MaxZones {
		rep.errorf(i, "", "more than %d placemarks: the rest not read", MaxZones)
	}
	return rep.finish("KML", zones)
}

// kmlScanner finds Placemarks and the names of the Folders (and Document)
// they are in.
type kmlScanner struct {
	dec     *xml.Decoder
	depth   int
	folders []kmlFolder
}

// kmlFolder is an open Folder or Document: its element depth and name.
type kmlFolder struct {
	depth int
	name  string
}

// next decodes the next Placemark, or returns io.EOF.
func (s *kmlScanner) next() (*kmlPlacemark, error) {
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.depth++
			switch t.Name.Local {
			case "Placemark":
				pm := &kmlPlacemark{}
				if err := s.dec.DecodeElement(pm, &t); err != nil {
					return nil, err
				}
				s.depth--
				for i := len(s.folders) - 1; i >= 0; i-- {
					pm.folders = append(pm.folders, s.folders[i].name)
				}
				return pm, nil
			case "Folder", "Document":
				s.folders = append(s.folders, kmlFolder{depth: s.depth})
			case "name":
				if n := len(s.folders); n > 0 && s.folders[n-1].depth == s.depth-1 {
					var name string
					if err := s.dec.DecodeElement(&name, &t); err != nil {
						return nil, err
					}
					s.depth--
					s.folders[n-1].name = plainText(name)
				}
			}
		case xml.EndElement:
			if n := len(s.folders); n > 0 && s.folders[n-1].depth == s.depth {
				s.folders = s.folders[:n-1]
			}
			s.depth--
		}
	}
}
