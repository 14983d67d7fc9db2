package airspace

import (
	"bytes"
	"io"
	"math"
	"testing"

	"skerry/mission"
)

// fuzzRead checks a reader's promises on arbitrary input: no panic; an
// error means no zones; success means at least one zone, each with finite,
// valid volumes, and issues that name this package's section.
func fuzzRead(f *testing.F, read func(io.Reader) ([]Zone, mission.Issues, error), seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		zs, is, err := read(bytes.NewReader(data))
		for _, i := range is {
			if i.Section != Section {
				t.Fatalf("issue in section %q", i.Section)
			}
		}
		if err != nil {
			if len(zs) != 0 {
				t.Fatalf("error %v with %d zones", err, len(zs))
			}
			return
		}
		if len(zs) == 0 {
			t.Fatal("no error and no zone")
		}
		for _, z := range zs {
			checkZone(t, z)
		}
		ix := NewIndex(zs)
		b := zs[0].Bound()
		ix.At(b.Min[0], b.Min[1])
		ix.Along(b.Min, b.Max, 10)
	})
}

func checkZone(t *testing.T, z Zone) {
	if z.ID == "" || len(z.Volumes) == 0 {
		t.Fatalf("zone %q with %d volumes", z.ID, len(z.Volumes))
	}
	if _, ok := restrictionOf(string(z.Restriction)); !ok {
		t.Fatalf("zone %q restriction %q", z.ID, z.Restriction)
	}
	for _, v := range z.Volumes {
		if (v.Circle == nil) == (v.Polygon == nil) {
			t.Fatalf("zone %q: volume needs exactly one of polygon and circle", z.ID)
		}
		if v.Circle != nil && !(v.Circle.Radius > 0) {
			t.Fatalf("zone %q: radius %g", z.ID, v.Circle.Radius)
		}
		for _, r := range v.Polygon {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Fatalf("zone %q: ring %v", z.ID, r)
			}
		}
		for _, l := range []Limit{v.Lower, v.Upper} {
			if math.IsNaN(l.M) || math.IsInf(l.M, 0) || (!l.Unlimited && l.Ref == "") {
				t.Fatalf("zone %q: limit %+v", z.ID, l)
			}
		}
	}
}

func FuzzReadED269(f *testing.F) {
	fuzzRead(f, ReadED269,
		`[{"identifier":"A","restriction":"PROHIBITED","geometry":[{"uomDimensions":"M","lowerLimit":0,"lowerVerticalReference":"AGL","upperLimit":"120","upperVerticalReference":"AGL","horizontalProjection":{"type":"Circle","center":[-5.3,36.1],"radius":100}}]}]`,
		`{"zones":{"identifier":"B","restriction":"REQ_AUTHORIZATION","applicability":{"permanent":"NO","schedule":{"day":"ANY","startTime":"22:00","endTime":"02:00"}},"geometry":{"uomDimensions":"ft","upperLimit":null,"horizontalProjection":{"type":"Polygon","coordinates":[[[-5.4,36.1],[-5.3,36.1],[-5.3,36.2]]]}}}}`)
}

func FuzzReadED318(f *testing.F) {
	for _, ca := range ed318SchemaCases {
		f.Add([]byte(ca.in))
	}
	fuzzRead(f, ReadED318,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-5.4,36.1],[-5.3,36.1],[-5.3,36.2],[-5.4,36.1]]],"layer":{"upper":120,"upperReference":"WGS84","lower":0,"lowerReference":"AGL","uom":"ft"}},"properties":{"identifier":"A","name":[{"text":"x","lang":"es"},{"text":"y","lang":"en"}],"type":"USPACE","limitedApplicability":[{"startDateTime":"2026-01-01T00:00:00Z","schedule":[{"day":["MON"],"startTime":"08:00:00+04:00","endTime":"18:00:00+04:00"}]}]}}]}`,
		`[{"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2],"extent":{"radius":"50"}}],"layer":{"upper":"UNL","lower":"SFC"}},"properties":{"type":"conditional"}}]`)
}

func FuzzReadGeoJSON(f *testing.F) {
	for _, ca := range geojsonCases {
		f.Add([]byte(ca.in))
	}
	fuzzRead(f, ReadGeoJSON,
		`{"type":"Polygon","coordinates":[[[-5.4,36.1],[-5.3,36.1],[-5.3,36.2],[-5.4,36.1]]]}`,
		`{"type":"Feature","id":7,"properties":{"restriction":"no_restriction","upper":"400 ft AGL"},"geometry":{"type":"MultiPolygon","coordinates":[[[[-5.4,36.1],[-5.3,36.1],[-5.3,36.2]]]]}}`)
}

func FuzzReadKML(f *testing.F) {
	for _, ca := range kmlCases {
		f.Add([]byte(ca.in))
	}
	fuzzRead(f, ReadKML,
		`<kml><Placemark><name>a</name><Polygon><outerBoundaryIs><LinearRing><coordinates>-5.4,36.1 -5.3,36.1 -5.3,36.2</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`,
		`<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><ExtendedData><Data name="restriction"><value>CONDITIONAL</value></Data><Data name="upper"><value>UNL</value></Data></ExtendedData><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>1,1 2,1 2,2 1,1</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark></Document></kml>`)
}

func FuzzReadKMZ(f *testing.F) {
	for _, ca := range kmlCases[:4] {
		f.Add(kmz(f, "doc.kml", ca.in))
	}
	f.Add(kmz(f, "a.txt", "x"))
	fuzzRead(f, ReadKMZ)
}

func FuzzReadOpenAIP(f *testing.F) {
	for _, ca := range openAIPCases {
		f.Add([]byte(ca.in))
	}
	fuzzRead(f, ReadOpenAIP)
}
