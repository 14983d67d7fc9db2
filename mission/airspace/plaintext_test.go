package airspace

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPlainText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"No UAS flights.", "No UAS flights."},
		{"  stay < 120 m & > 50 m ", "stay < 120 m & > 50 m"},
		{`<b>Danger area</b><br/>Activity: <i>firing</i> &amp; blasting`, "Danger area Activity: firing & blasting"},
		{`<table border="1"><tr><td>Lower</td><td>SFC</td></tr><tr><td>Upper</td><td>1000 ft</td></tr></table>`, "Lower SFC Upper 1000 ft"},
		{`<html><head><title>x</title><style>td{color:red}</style></head><body><p>Zona&nbsp;peligrosa</p><!-- note --><p>Activa</p></body></html>`, "Zona peligrosa Activa"},
		{"Caf&#233; &#xE9;t&eacute;", "Café été"},
		{`<a href="https://x.example/?a=1&amp;b=2">link</a>`, "link"},
	}
	for _, ca := range cases {
		require.Equal(t, ca.want, plainText(ca.in), ca.in)
	}
}
