package airspace

import (
	"regexp"
	"strings"
)

// areaKind is the ICAO kind of a special-use area, as names and types in
// aeronautical data give it (ICAO Annex 15 / Doc 8126: prohibited,
// restricted and danger areas, designated with the nationality letters,
// P, R or D and a number, such as "LED123" or "ED-R 10B").
type areaKind uint8

// Area kinds, from least to most restrictive.
const (
	kindNone areaKind = iota
	// kindDanger: activities dangerous to flight may exist at specified
	// times. Flight is not forbidden.
	kindDanger
	// kindRestricted: flight is restricted in accordance with certain
	// specified conditions, in practice a permission to enter.
	kindRestricted
	// kindProhibited: flight is prohibited.
	kindProhibited
)

// String names the kind as a reader would.
func (k areaKind) String() string {
	switch k {
	case kindDanger:
		return "danger area"
	case kindRestricted:
		return "restricted area"
	case kindProhibited:
		return "prohibited area"
	}
	return "unknown"
}

// dangerCondition is the condition a danger area puts on a flight.
const dangerCondition = "Danger area: activities dangerous to flight may take place while it is active; check its activation (NOTAM, AIP) before flying"

// zoneRule is what a kind means for a UAS flight, mapped conservatively
// but not beyond what the kind says: a prohibited area is PROHIBITED; a
// restricted area needs its authority's permission (REQ_AUTHORISATION);
// a danger area forbids nothing, so it is CONDITIONAL with the condition
// to check its activation.
func (k areaKind) zoneRule() (Restriction, []string) {
	switch k {
	case kindDanger:
		return Conditional, []string{dangerCondition}
	case kindRestricted:
		return ReqAuthorisation, nil
	case kindProhibited:
		return Prohibited, nil
	}
	return "", nil
}

// kindWords are the words that name each kind in English and in the
// languages of the national authorities whose files were seen (accents
// folded, lower case): Spanish, French, German, Italian, Portuguese,
// Dutch.
var kindWords = map[areaKind][]string{
	kindProhibited: {"prohibited", "prohibida", "prohibido", "interdite", "interdit", "sperrgebiet",
		"flugverbot", "vietata", "vietato", "proibida", "proibido", "verboden"},
	kindRestricted: {"restricted", "restringida", "restringido", "reglementee", "reglemente",
		"beschrankungsgebiet", "flugbeschrankungsgebiet", "regolamentata", "restrita", "restrito", "beperkt"},
	kindDanger: {"danger", "dangerous", "peligrosa", "peligroso", "peligro", "dangereuse",
		"gefahrengebiet", "pericolosa", "pericoloso", "perigosa", "perigoso", "gevaarlijk", "gevaar"},
}

// designator matches an ICAO area designator at the start of a name:
// nationality letters, then P, R or D, then a number ("LED123", "LF-R 45",
// "ED-R 10B", "EG D201").
var designator = regexp.MustCompile(`^[A-Z]{2}[ -]?([PRD])[ -]?[0-9]{1,4}[A-Z]?\b`)

// foldAccents lower-cases s and folds the accented letters of the
// languages in kindWords.
var foldAccents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n", "ß", "ss")

// kindOf reads the area kind a text names: an ICAO designator at its
// start, or the kinds' words (whole words, any case and accents). When a
// text names several kinds, the most restrictive is returned and several
// is true.
func kindOf(s string) (k areaKind, several bool) {
	if m := designator.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		return map[string]areaKind{"P": kindProhibited, "R": kindRestricted, "D": kindDanger}[m[1]], false
	}
	words := strings.FieldsFunc(foldAccents.Replace(strings.ToLower(s)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	})
	found := 0
	for kind, names := range kindWords {
		for _, w := range words {
			if containsWord(names, w) {
				found++
				k = max(k, kind)
				break
			}
		}
	}
	return k, found > 1
}

func containsWord(names []string, w string) bool {
	for _, n := range names {
		if n == w {
			return true
		}
	}
	return false
}
