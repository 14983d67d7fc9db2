package airspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"skerry/mission"
)

// Section is the mission.Section of every issue this package reports.
const Section mission.Section = "airspace"

// Bounds on what a reader accepts, so a hostile file cannot exhaust memory.
const (
	// MaxFileSize is the largest input read: 64 MiB.
	MaxFileSize = 64 << 20
	// MaxZones is the most zones read from one file.
	MaxZones = 100_000
	// MaxRingVertices is the most vertices in one ring.
	MaxRingVertices = 100_000
	// MaxFileVertices is the most vertices in one file.
	MaxFileVertices = 4_000_000
)

// readAll reads r up to MaxFileSize and strips a UTF-8 BOM.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("airspace: input larger than %d bytes", MaxFileSize)
	}
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// text is a string read leniently: a string, a number, a boolean, a
// multilingual list [{text, lang}] (English, else the first), or an object
// {text}. Anything else reads as "".
type text string

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (t *text) UnmarshalJSON(b []byte) error {
	*t = text(strings.TrimSpace(textOf(b)))
	return nil
}

func textOf(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return ""
	}
	switch b[0] {
	case '"':
		var s string
		_ = json.Unmarshal(b, &s)
		return s
	case '[':
		var list []struct {
			Text text `json:"text"`
			Lang text `json:"lang"`
		}
		if json.Unmarshal(b, &list) != nil || len(list) == 0 {
			return ""
		}
		for _, l := range list {
			if strings.HasPrefix(strings.ToLower(string(l.Lang)), "en") {
				return string(l.Text)
			}
		}
		return string(list[0].Text)
	case '{':
		var o struct {
			Text text `json:"text"`
		}
		_ = json.Unmarshal(b, &o)
		return string(o.Text)
	}
	return string(b) // number or boolean as written
}

// texts is a list of strings read leniently: an array of texts, or a
// single text (split on commas when it holds several codes).
type texts []string

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (t *texts) UnmarshalJSON(b []byte) error {
	*t = nil
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(b, &list) == nil {
			if isLangList(list) {
				*t = append(*t, strings.TrimSpace(textOf(b)))
				return nil
			}
			for _, e := range list {
				if s := strings.TrimSpace(textOf(e)); s != "" {
					*t = append(*t, s)
				}
			}
		}
		return nil
	}
	if s := strings.TrimSpace(textOf(b)); s != "" {
		*t = append(*t, s)
	}
	return nil
}

// isLangList reports whether list is a multilingual text [{text, lang}].
func isLangList(list []json.RawMessage) bool {
	for _, e := range list {
		var o map[string]json.RawMessage
		if json.Unmarshal(e, &o) != nil {
			return false
		}
		if _, ok := o["lang"]; !ok {
			return false
		}
	}
	return len(list) > 0
}

// list is a JSON array read leniently: null is empty and a single object
// is a list of one.
type list[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '[' {
		var one T
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*l = list[T]{one}
		return nil
	}
	var many []T
	err := json.Unmarshal(b, &many)
	*l = many
	return err
}

// enum normalises a code: upper case, spaces and hyphens as underscores.
func enum(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// restrictionOf maps the spellings seen in real files to a Restriction.
func restrictionOf(s string) (Restriction, bool) {
	switch e := enum(s); e {
	case "PROHIBITED", "FORBIDDEN":
		return Prohibited, true
	case "REQ_AUTHORISATION", "REQ_AUTHORIZATION", "REQUIRES_AUTHORISATION", "REQUIRES_AUTHORIZATION",
		"AUTHORISATION", "AUTHORIZATION":
		return ReqAuthorisation, true
	case "CONDITIONAL":
		return Conditional, true
	case "NO_RESTRICTION", "NO_RESTRICTIONS", "NONE":
		return NoRestriction, true
	case "USPACE", "U_SPACE":
		return USpace, true
	}
	return "", false
}

// purposeOf normalises an authority purpose to ED-269/ED-318's spelling.
func purposeOf(s string) string {
	e := enum(s)
	if e == "AUTHORISATION" {
		return "AUTHORIZATION"
	}
	return e
}

// codes normalises a list of codes with enum; an entry holding several
// ("SENSITIVE, AIR_TRAFFIC") is split on commas and semicolons.
func codes(in []string) []string {
	var out []string
	for _, s := range in {
		for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
			if e := enum(c); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}
