package airspace

import (
	"html"
	"regexp"
	"strings"
)

var (
	// htmlTag matches a tag or comment: "<b>", "</td>", "<br/>", "<!-- x -->".
	htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>`)
	// htmlDrop matches elements whose content is not text.
	htmlDrop = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	// htmlBreak matches the tags that start or end a line, a block or a
	// cell.
	htmlBreak = regexp.MustCompile(`(?i)<(br|/?(p|div|tr|li|ul|ol|table|h[1-6]|td|th))\b[^<>]*>`)
	// htmlEntity matches a character reference: "&amp;", "&#233;", "&#xE9;".
	htmlEntity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)
)

// plainText turns the HTML that KML descriptions (and some other files'
// messages) carry into one line of plain text for messages: tags removed,
// line and cell ends as spaces, character references decoded, whitespace
// collapsed. Text that holds no tag or reference is only trimmed, so "<
// 120 m" stays as it is.
func plainText(s string) string {
	if !htmlTag.MatchString(s) && !htmlEntity.MatchString(s) {
		return strings.TrimSpace(s)
	}
	s = htmlDrop.ReplaceAllString(s, " ")
	s = htmlBreak.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}
