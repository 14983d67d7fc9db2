package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// t0 is the tests' clock.
var t0 = time.Date(2026, 12, 2, 8, 15, 0, 0, time.UTC)

func f64(x float64) *float64 { return &x }

// sampleIncident is a dark vessel off Algeciras seen by a camera, with a
// snapshot, a track and the AIS of a second vessel.
func sampleIncident() *gcs.Incident {
	return &gcs.Incident{
		ID: "inc-42", Type: gcs.IncidentRendezvous, Severity: gcs.IncidentHigh, State: gcs.IncidentNew,
		Key: "rendezvous:v7:ais-224000001", Title: "Rendezvous of a dark boat with MARIA",
		Summary: "A dark boat (v7) stayed 40 m from MARIA (MMSI 224000001) for 6 min.",
		Lat:     36.1, Lon: -5.4, Area: "Bay of Algeciras",
		Raised: t0.Add(-10 * time.Minute), Observed: t0, Updated: t0,
		Vessels: []gcs.IncidentVessel{
			{Target: "v7", Contact: "v7", Status: gcs.TargetDark},
			{Target: "ais-224000001", MMSI: 224000001, Name: "MARIA ", CallSign: "EA1234", Status: gcs.TargetAIS},
		},
		Evidence: []gcs.Evidence{
			{Kind: gcs.EvidenceSnapshot, At: t0, Vessel: "v7", File: strings.Repeat("ab", 32), MIME: "image/jpeg"},
			{Kind: gcs.EvidenceTrack, At: t0, Vessel: "v7", Track: []gcs.TrackPoint{
				{At: t0.Add(-60 * time.Second), Lat: 36.1, Lon: -5.4},
				{At: t0, Lat: 36.1045, Lon: -5.4}, // 500 m north in a minute: 16.2 kn
			}},
			{Kind: gcs.EvidenceAIS, At: t0, Vessel: "ais-224000001", AIS: &gcs.AISVessel{MMSI: 224000001,
				SOG: f64(3.2), COG: f64(271.5), Position: &gcs.AISPosition{Lat: 36.12, Lon: -5.4, Time: t0}}},
		},
		Version: 1,
	}
}

// xmllint finds xmllint; without it the test skips, or fails when CI is
// set (CI must validate every report).
func xmllint(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xmllint is missing (Debian libxml2-utils; make deps installs it): CI must validate the CAP reports against the schema")
		}
		t.Skip("xmllint is missing (apt-get install libxml2-utils, or make deps): the CAP reports are not validated against the CAP 1.2 schema")
	}
	return path
}

// validateCAP checks a CAP body against the OASIS CAP 1.2 schema with
// xmllint.
func validateCAP(t testing.TB, body []byte) {
	t.Helper()
	bin := xmllint(t)
	file := filepath.Join(t.TempDir(), "report.xml")
	require.NoError(t, os.WriteFile(file, body, 0o600))
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", "CAP-v1.2.xsd"), file).CombinedOutput()
	require.NoError(t, err, "xmllint: %s\n%s", out, body)
	require.Contains(t, string(out), "validates")
}

// validateReports validates every CAP body among reports.
func validateReports(t testing.TB, rs []gcs.Report) {
	t.Helper()
	for _, r := range rs {
		if r.ContentType == ContentTypeCAP {
			validateCAP(t, r.Body)
		}
	}
}
