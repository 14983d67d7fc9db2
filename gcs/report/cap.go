package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"skerry/gcs"
)

// CAPNamespace is CAP 1.2's XML namespace.
const CAPNamespace = "urn:oasis:names:tc:emergency:cap:1.2"

// capAlert is CAP's <alert>, its elements in the schema's order.
type capAlert struct {
	XMLName     xml.Name  `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier  string    `xml:"identifier"`
	Sender      string    `xml:"sender"`
	Sent        string    `xml:"sent"`
	Status      string    `xml:"status"`
	MsgType     string    `xml:"msgType"`
	Scope       string    `xml:"scope"`
	Restriction string    `xml:"restriction"`
	Note        string    `xml:"note,omitempty"`
	References  string    `xml:"references,omitempty"`
	Incidents   string    `xml:"incidents"`
	Info        []capInfo `xml:"info"`
}

// capInfo is CAP's <info>.
type capInfo struct {
	Language    string        `xml:"language"`
	Category    string        `xml:"category"`
	Event       string        `xml:"event"`
	Urgency     string        `xml:"urgency"`
	Severity    string        `xml:"severity"`
	Certainty   string        `xml:"certainty"`
	Onset       string        `xml:"onset,omitempty"`
	SenderName  string        `xml:"senderName,omitempty"`
	Headline    string        `xml:"headline,omitempty"`
	Description string        `xml:"description,omitempty"`
	Instruction string        `xml:"instruction,omitempty"`
	Web         string        `xml:"web,omitempty"`
	Contact     string        `xml:"contact,omitempty"`
	Parameters  []capValue    `xml:"parameter"`
	Resources   []capResource `xml:"resource"`
	Areas       []capArea     `xml:"area"`
}

// capValue is a CAP name/value pair (<parameter>).
type capValue struct {
	Name  string `xml:"valueName"`
	Value string `xml:"value"`
}

// capResource is CAP's <resource>.
type capResource struct {
	Desc     string `xml:"resourceDesc"`
	MimeType string `xml:"mimeType"`
	URI      string `xml:"uri,omitempty"`
}

// capArea is CAP's <area>.
type capArea struct {
	Desc   string `xml:"areaDesc"`
	Circle string `xml:"circle,omitempty"`
}

// CAP encodes one report as OASIS CAP 1.2 XML.
func CAP(inc *gcs.Incident, kind gcs.ReportKind, id string, sent time.Time, refs []gcs.Report, cfg Config) ([]byte, error) {
	if err := checkIncident(inc); err != nil {
		return nil, err
	}
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	if capToken(id) == "" {
		return nil, fmt.Errorf("%w: the report has no id", ErrIncident)
	}
	cfg = cfg.withDefaults()
	if err := CheckStatus(cfg.Status); err != nil {
		return nil, err
	}
	sender := capSender(cfg)
	ti := describe(inc.Type)
	a := capAlert{
		Identifier:  capToken(id),
		Sender:      sender,
		Sent:        capTime(sent),
		Status:      xmlText(cfg.Status),
		MsgType:     string(kind),
		Scope:       "Restricted",
		Restriction: "For the maritime units of " + xmlText(cfg.SenderName) + " only; not for public release.",
		Incidents:   capToken(inc.ID),
	}
	var rs []string
	for _, r := range refs {
		rs = append(rs, capReference(sender, r))
	}
	a.References = strings.Join(rs, " ")

	info := capInfo{
		Language:    "en",
		Category:    ti.category,
		Event:       ti.event,
		Urgency:     ti.urgency,
		Severity:    capSeverity(inc.Severity),
		Certainty:   "Likely",
		SenderName:  xmlText(cfg.SenderName),
		Headline:    xmlText(inc.Title),
		Description: xmlText(inc.Summary),
		Instruction: ti.instruction,
		Web:         cfg.incidentLink(inc.ID),
		Contact:     xmlText(cfg.Contact),
	}
	if !inc.Raised.IsZero() {
		info.Onset = capTime(inc.Raised)
	}
	if seenByCamera(inc) {
		info.Certainty = "Observed"
	}
	if kind == gcs.ReportCancel {
		a.Note = "Incident " + capToken(inc.ID) + " is closed."
		info.Urgency = "Past"
		info.Instruction = "No further action: the station closed the incident."
	}
	facts := factsOf(inc)
	info.Parameters = parameters(inc, facts)
	info.Resources = resources(inc, cfg)
	area := xmlText(inc.Area)
	if strings.TrimSpace(area) == "" {
		area = "open sea"
	}
	info.Areas = []capArea{{Desc: area, Circle: formatFloat(inc.Lat, 6) + "," + formatFloat(inc.Lon, 6) + " " +
		formatFloat(radiusKm(inc.Lat, inc.Lon, facts), 3)}}
	a.Info = []capInfo{info}

	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(a); err != nil {
		return nil, fmt.Errorf("encoding CAP for incident %s: %w", inc.ID, err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// ErrStatus: a CAP status CAP does not have.
var ErrStatus = errors.New("not a CAP status")

// CheckStatus says whether status is one of CAP's (Actual, Exercise,
// System, Test, Draft); "" stands for Actual.
func CheckStatus(status string) error {
	switch status {
	case "", "Actual", "Exercise", "System", "Test", "Draft":
		return nil
	}
	return fmt.Errorf("%w: %q (Actual, Exercise, System, Test, Draft)", ErrStatus, status)
}

// capSender is the CAP sender: the Config's, fit for CAP, "skerry" when
// nothing of it is left.
func capSender(cfg Config) string {
	if s := capToken(cfg.Sender); s != "" {
		return s
	}
	return "skerry"
}

// parameters lists the incident's and its vessels' named values.
func parameters(inc *gcs.Incident, facts []vesselFacts) []capValue {
	ps := []capValue{
		{"incidentId", xmlText(inc.ID)},
		{"incidentType", xmlText(string(inc.Type))},
		{"incidentState", xmlText(string(inc.State))},
	}
	for i, f := range facts {
		p := "vessel" + strconv.Itoa(i+1) + "."
		add := func(name, value string) {
			if value != "" {
				ps = append(ps, capValue{p + name, xmlText(value)})
			}
		}
		add("target", string(f.v.Target))
		if f.v.MMSI != 0 {
			add("MMSI", fmt.Sprintf("%09d", f.v.MMSI))
		}
		add("vesselName", strings.TrimSpace(f.v.Name))
		add("callSign", strings.TrimSpace(f.v.CallSign))
		add("aisState", string(f.v.Status))
		if finite(f.course) {
			add("courseDeg", formatFloat(math.Mod(math.Round(f.course)+360, 360), 0))
		}
		if finite(f.speedKn) {
			add("speedKn", formatFloat(f.speedKn, 1))
		}
	}
	return ps
}

// resources lists the incident's pictures and clips.
func resources(inc *gcs.Incident, cfg Config) []capResource {
	var out []capResource
	for _, e := range inc.Evidence {
		var what, mime string
		switch e.Kind {
		case gcs.EvidenceSnapshot:
			what, mime = "Snapshot", "image/jpeg"
		case gcs.EvidenceClip:
			what, mime = "Video clip", "video/mp4"
		default:
			continue
		}
		if e.File == "" {
			continue
		}
		if e.MIME != "" {
			mime = e.MIME
		}
		desc := what
		if e.Vessel != "" {
			desc += " of vessel " + string(e.Vessel)
		}
		if !e.At.IsZero() {
			desc += " at " + capTime(e.At)
		}
		out = append(out, capResource{Desc: xmlText(desc), MimeType: xmlText(mime), URI: cfg.fileLink(inc.ID, e.File)})
	}
	return out
}

// xmlText removes what XML 1.0 cannot carry: control characters other
// than tab, newline and carriage return, U+FFFE and U+FFFF, surrogates;
// invalid UTF-8 becomes U+FFFD.
func xmlText(s string) string {
	ok := true
	for i, r := range s {
		if !xmlChar(r) || (r == utf8.RuneError && !validRuneAt(s, i)) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validRuneAt(s, i):
			b.WriteRune(utf8.RuneError)
		case xmlChar(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validRuneAt reports whether s holds an encoded U+FFFD at i (not an
// invalid byte).
func validRuneAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 3
}

// xmlChar reports whether XML 1.0 allows r (its Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
