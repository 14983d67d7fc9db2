package report

import (
	"encoding/xml"
	"flag"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// fuzzing reports whether the test runs with -fuzz (then xmllint, a
// process per input, is left out).
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// FuzzCAP feeds any title, summary, vessel name and sender to CAP: the
// output always parses as XML with the text kept (less what XML cannot
// carry); over the committed corpus it also validates against the schema
// when xmllint is there.
func FuzzCAP(f *testing.F) {
	f.Add("Dark vessel near the port", "No AIS for 12 min", "MARIA", "skerry")
	f.Add("<b>&amp;</b>", "\"quoted\" 'single'", "A&B <C>", "a b,c")
	f.Add("\x00\x01\x1f\x7f", "\xff\xfe\xfd", "\uFFFE\uFFFF", "\t\n\r")
	f.Add("]]>", "<![CDATA[", "<!--", "-->")
	validate := !fuzzing()
	if _, err := exec.LookPath("xmllint"); err != nil {
		validate = false
	}
	f.Fuzz(func(t *testing.T, title, summary, name, sender string) {
		inc := sampleIncident()
		inc.Title, inc.Summary, inc.Area = title, summary, name
		inc.Vessels[1].Name, inc.Vessels[1].CallSign = name, name
		body, err := CAP(inc, gcs.ReportUpdate, "r-"+name, t0, []gcs.Report{{ID: title, Created: t0}}, Config{Sender: sender, SenderName: name})
		require.NoError(t, err)
		var d capDoc
		require.NoError(t, xml.Unmarshal(body, &d), "%q", body)
		require.Equal(t, xmlText(title), d.Info.Headline)
		require.Equal(t, xmlText(summary), d.Info.Description)
		require.Equal(t, capSender(Config{Sender: sender}), d.Sender)
		require.NotEmpty(t, d.Sender)
		if validate {
			validateCAP(t, body)
		}
	})
}
