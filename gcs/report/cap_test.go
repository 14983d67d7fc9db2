package report

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// capDoc is what the tests read back of a CAP body.
type capDoc struct {
	XMLName     xml.Name
	Identifier  string `xml:"identifier"`
	Sender      string `xml:"sender"`
	Sent        string `xml:"sent"`
	Status      string `xml:"status"`
	MsgType     string `xml:"msgType"`
	Scope       string `xml:"scope"`
	Restriction string `xml:"restriction"`
	References  string `xml:"references"`
	Incidents   string `xml:"incidents"`
	Info        struct {
		Category    string `xml:"category"`
		Event       string `xml:"event"`
		Urgency     string `xml:"urgency"`
		Severity    string `xml:"severity"`
		Certainty   string `xml:"certainty"`
		Headline    string `xml:"headline"`
		Description string `xml:"description"`
		Instruction string `xml:"instruction"`
		Web         string `xml:"web"`
		Parameters  []struct {
			Name  string `xml:"valueName"`
			Value string `xml:"value"`
		} `xml:"parameter"`
		Resources []struct {
			Desc     string `xml:"resourceDesc"`
			MimeType string `xml:"mimeType"`
			URI      string `xml:"uri"`
			Digest   string `xml:"digest"`
		} `xml:"resource"`
		Area struct {
			Desc    string   `xml:"areaDesc"`
			Circles []string `xml:"circle"`
		} `xml:"area"`
	} `xml:"info"`
}

// parseCAP reads a CAP body back.
func parseCAP(t testing.TB, body []byte) capDoc {
	t.Helper()
	var d capDoc
	require.NoError(t, xml.Unmarshal(body, &d), "%s", body)
	return d
}

// params maps a CAP body's parameters.
func (d capDoc) params() map[string]string {
	m := map[string]string{}
	for _, p := range d.Info.Parameters {
		m[p.Name] = p.Value
	}
	return m
}

func TestCAPContent(t *testing.T) {
	inc := sampleIncident()
	cfg := Config{Sender: "skerry@algeciras.example", BaseURL: "https://gcs.example/", Status: "Exercise"}
	body, err := CAP(inc, gcs.ReportAlert, "r1", t0, nil, cfg)
	require.NoError(t, err)
	validateCAP(t, body)
	d := parseCAP(t, body)
	require.Equal(t, CAPNamespace, d.XMLName.Space)
	require.Equal(t, "r1", d.Identifier)
	require.Equal(t, "skerry@algeciras.example", d.Sender)
	require.Equal(t, "2026-12-02T08:15:00+00:00", d.Sent)
	require.Equal(t, "Exercise", d.Status)
	require.Equal(t, "Alert", d.MsgType)
	require.Equal(t, "Restricted", d.Scope)
	require.NotEmpty(t, d.Restriction)
	require.Empty(t, d.References)
	require.Equal(t, "inc-42", d.Incidents)
	require.Equal(t, "Security", d.Info.Category)
	require.Equal(t, "Immediate", d.Info.Urgency)
	require.Equal(t, "Severe", d.Info.Severity)
	require.Equal(t, "Observed", d.Info.Certainty)
	require.Equal(t, inc.Title, d.Info.Headline)
	require.Equal(t, inc.Summary, d.Info.Description)
	require.Contains(t, d.Info.Instruction, "Intercept and inspect")
	require.Equal(t, "https://gcs.example/api/incidents/inc-42", d.Info.Web)
	require.Equal(t, map[string]string{
		"incidentId": "inc-42", "incidentType": "rendezvous", "incidentState": "new",
		"vessel1.target": "v7", "vessel1.aisState": "dark", "vessel1.courseDeg": "0", "vessel1.speedKn": "16.2",
		"vessel2.target": "ais-224000001", "vessel2.MMSI": "224000001", "vessel2.vesselName": "MARIA",
		"vessel2.callSign": "EA1234", "vessel2.aisState": "ais", "vessel2.courseDeg": "272", "vessel2.speedKn": "3.2",
	}, d.params())
	require.Len(t, d.Info.Resources, 1)
	r := d.Info.Resources[0]
	require.Equal(t, "image/jpeg", r.MimeType)
	require.Equal(t, "https://gcs.example/api/incidents/inc-42/files/"+strings.Repeat("ab", 32), r.URI)
	require.Empty(t, r.Digest, "CAP's digest is SHA-1; the station holds SHA-256 only")
	require.Contains(t, r.Desc, "v7")
	require.Equal(t, "Bay of Algeciras", d.Info.Area.Desc)
	// The second vessel's AIS position is 2.2 km north: the circle holds it.
	require.Equal(t, []string{"36.1,-5.4 2.326"}, d.Info.Area.Circles)
}

func TestCAPPerType(t *testing.T) {
	tests := []struct {
		typ                         gcs.IncidentType
		sev                         gcs.IncidentSeverity
		category, urgency, severity string
		instruction                 string
	}{
		{gcs.IncidentDark, gcs.IncidentMedium, "Security", "Expected", "Moderate", "Intercept and inspect"},
		{gcs.IncidentAISGap, gcs.IncidentLow, "Transport", "Expected", "Minor", "Keep watch"},
		{gcs.IncidentZoneEntry, gcs.IncidentHigh, "Security", "Expected", "Severe", "Intercept and inspect"},
		{gcs.IncidentLoitering, gcs.IncidentLow, "Security", "Expected", "Minor", "Keep watch"},
		{gcs.IncidentRendezvous, gcs.IncidentHigh, "Security", "Immediate", "Severe", "Intercept and inspect"},
		{gcs.IncidentFastApproach, gcs.IncidentHigh, "Security", "Immediate", "Severe", "Intercept and inspect"},
		{gcs.IncidentInconsistentAIS, gcs.IncidentMedium, "Security", "Expected", "Moderate", "AIS identity"},
		{gcs.IncidentManual, gcs.IncidentMedium, "Security", "Expected", "Moderate", "Keep watch"},
		{"new_rule", "", "Security", "Expected", "Unknown", "Keep watch"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			inc := sampleIncident()
			inc.Type, inc.Severity = tt.typ, tt.sev
			body, err := CAP(inc, gcs.ReportUpdate, "r2", t0, []gcs.Report{{ID: "r1", Created: t0.Add(-time.Minute)}}, Config{})
			require.NoError(t, err)
			validateCAP(t, body)
			d := parseCAP(t, body)
			require.Equal(t, tt.category, d.Info.Category)
			require.Equal(t, tt.urgency, d.Info.Urgency)
			require.Equal(t, tt.severity, d.Info.Severity)
			require.Contains(t, d.Info.Instruction, tt.instruction)
			require.NotEmpty(t, d.Info.Event)
			require.Equal(t, "skerry,r1,2026-12-02T08:14:00+00:00", d.References)
		})
	}
}

func TestCAPAISOnlyNoLinks(t *testing.T) {
	inc := &gcs.Incident{ID: "i7", Type: gcs.IncidentAISGap, Severity: gcs.IncidentLow, State: gcs.IncidentAcknowledged,
		Title: "AIS gap of SEA STAR", Lat: -33.9, Lon: 151.3, Version: 2,
		Vessels:  []gcs.IncidentVessel{{Target: "ais-503000001", MMSI: 3000001, Status: gcs.TargetAIS}},
		Evidence: []gcs.Evidence{{Kind: gcs.EvidenceSnapshot, Vessel: "ais-503000001"}}, // no file: skipped
	}
	// Sent in another zone: CAP's time is in UTC with +00:00.
	sent := time.Date(2026, 12, 2, 10, 15, 0, 0, time.FixedZone("CET", 3600))
	body, err := CAP(inc, gcs.ReportAlert, "r9", sent, nil, Config{Sender: "ops centre, <bay> & co"})
	require.NoError(t, err)
	validateCAP(t, body)
	d := parseCAP(t, body)
	require.Equal(t, "2026-12-02T09:15:00+00:00", d.Sent)
	require.Equal(t, "Likely", d.Info.Certainty)
	require.Equal(t, "open sea", d.Info.Area.Desc)
	require.Equal(t, []string{"-33.9,151.3 0.5"}, d.Info.Area.Circles)
	require.Empty(t, d.Info.Web)
	require.Empty(t, d.Info.Resources)
	require.Equal(t, "ops_centre___bay>___co", d.Sender)
	require.NotContains(t, d.Sender, " ")
	require.NotContains(t, d.Sender, ",")
	require.Equal(t, "003000001", d.params()["vessel1.MMSI"])
}

func TestCAPEscaping(t *testing.T) {
	hostile := []string{
		`<script>alert("x")</script> & 'quotes'`,
		"bell\x07 nul\x00 esc\x1b tab\t nl\n cr\r",
		"invalid \xff\xfe utf-8 and \uFFFE \uFFFF",
		"]]> <![CDATA[ x ]]>",
		"emoji 🚤 and Ñ",
		"",
	}
	for _, s := range hostile {
		inc := sampleIncident()
		inc.Title, inc.Summary, inc.Area = s, s, s
		inc.ID = "inc " + s
		inc.Vessels[1].Name, inc.Vessels[1].CallSign = s, s
		inc.Evidence[0].Vessel = gcs.VesselID(s)
		body, err := CAP(inc, gcs.ReportCancel, "r "+s, t0, []gcs.Report{{ID: s, Created: t0}}, Config{Sender: s, BaseURL: "https://gcs.example/", SenderName: s, Contact: s})
		require.NoError(t, err)
		validateCAP(t, body)
		d := parseCAP(t, body)
		require.Equal(t, xmlText(s), d.Info.Headline)
		require.Equal(t, "Cancel", d.MsgType)
	}
	require.Equal(t, "bell nul esc tab\t nl\n cr\r", xmlText("bell\x07 nul\x00 esc\x1b tab\t nl\n cr\r"))
	require.Equal(t, "a\uFFFDb", xmlText("a\xffb"))
	require.Equal(t, "a\uFFFDb", xmlText("a\uFFFDb"))
}

// TestSchemaRejects shows that the schema check has teeth: bodies broken
// in CAP's terms (a msgType CAP does not have, a sent time with Z, status
// after msgType, an info without certainty) fail xmllint.
func TestSchemaRejects(t *testing.T) {
	bin := xmllint(t)
	body, err := CAP(sampleIncident(), gcs.ReportAlert, "r1", t0, nil, Config{})
	require.NoError(t, err)
	good := string(body)
	for _, broken := range []string{
		strings.Replace(good, "<msgType>Alert</msgType>", "<msgType>Notice</msgType>", 1),
		strings.Replace(good, "<sent>2026-12-02T08:15:00+00:00</sent>", "<sent>2026-12-02T08:15:00Z</sent>", 1),
		strings.Replace(strings.Replace(good, "<status>Actual</status>", "", 1), "<scope>", "<status>Actual</status><scope>", 1),
		strings.Replace(good, "<certainty>Observed</certainty>", "", 1),
	} {
		require.NotEqual(t, good, broken, "the mutation changed nothing")
		file := filepath.Join(t.TempDir(), "broken.xml")
		require.NoError(t, os.WriteFile(file, []byte(broken), 0o600))
		out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", "CAP-v1.2.xsd"), file).CombinedOutput()
		require.Error(t, err, "xmllint took a broken CAP body:\n%s", out)
		require.Contains(t, string(out), "fails to validate")
	}
}
