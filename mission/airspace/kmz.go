package airspace

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"skerry/mission"
)

// kmzMagic starts every zip archive with a file in it.
var kmzMagic = []byte("PK\x03\x04")

// maxKMZEntries bounds the archive's directory.
const maxKMZEntries = 10_000

// ReadKMZ reads a KMZ file: a zip archive whose doc.kml (or else its first
// .kml file) is read as ReadKML reads KML; the zones' Source is "KMZ".
// Nothing is extracted to disk; the KML is read through a bounded reader
// (MaxFileSize), whatever sizes the archive claims, so a zip bomb costs at
// most that much memory.
func ReadKMZ(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	doc, err := kmzDoc(data)
	if err != nil {
		return nil, nil, fmt.Errorf("airspace: KMZ: %w", err)
	}
	zones, issues, err := ReadKML(bytes.NewReader(doc))
	for i := range zones {
		zones[i].Source = string(FormatKMZ)
	}
	return zones, issues, err
}

// kmzDoc returns the KML document of a KMZ archive.
func kmzDoc(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are never used as paths here
		return nil, err
	}
	if len(zr.File) > maxKMZEntries {
		return nil, fmt.Errorf("%d files in the archive, more than %d", len(zr.File), maxKMZEntries)
	}
	var doc *zip.File
	for _, f := range zr.File {
		name := path.Clean(strings.ReplaceAll(f.Name, `\`, "/"))
		if strings.EqualFold(name, "doc.kml") {
			doc = f
			break
		}
		if doc == nil && strings.EqualFold(path.Ext(name), ".kml") {
			doc = f
		}
	}
	if doc == nil {
		return nil, errors.New("no .kml file in the archive")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.Name, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d bytes once uncompressed", doc.Name, MaxFileSize)
	}
	return b, nil
}
