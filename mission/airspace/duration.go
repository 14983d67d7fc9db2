package airspace

import (
	"regexp"
	"strconv"
	"strings"
)

// isoDuration matches an ISO 8601 duration: PnYnMnWnDTnHnMnS, each part
// optional, the smallest may have a decimal fraction (dot or comma).
var isoDuration = regexp.MustCompile(`^P(?:([0-9.,]+)Y)?(?:([0-9.,]+)M)?(?:([0-9.,]+)W)?(?:([0-9.,]+)D)?(?:T(?:([0-9.,]+)H)?(?:([0-9.,]+)M)?(?:([0-9.,]+)S)?)?$`)

// durationUnits name isoDuration's groups.
var durationUnits = []string{"year", "month", "week", "day", "hour", "minute", "second"}

// HumanDuration says an ISO 8601 duration (as ED-269 and ED-318 give an
// authority's intervalBefore) in words: "P10DT00H" is "10 days",
// "PT1H30M" "1 hour 30 minutes", "P0D" "0 days". Text that is not such a
// duration is returned as it is.
func HumanDuration(iso string) string {
	s := strings.ToUpper(strings.TrimSpace(iso))
	m := isoDuration.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return iso
	}
	var parts []string
	last := ""
	for i, v := range m[1:] {
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
		if err != nil {
			return iso
		}
		last = durationUnits[i]
		if f == 0 {
			continue
		}
		parts = append(parts, plural(f, durationUnits[i]))
	}
	if len(parts) == 0 {
		return plural(0, last)
	}
	return strings.Join(parts, " ")
}

// plural says "1 day", "2 days", "1.5 days".
func plural(n float64, unit string) string {
	s := strconv.FormatFloat(n, 'f', -1, 64) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
