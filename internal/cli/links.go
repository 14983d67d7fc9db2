package cli

import (
	"fmt"
	"regexp"
	"strings"

	"skerry/telemetry"
)

var linkName = regexp.MustCompile(`^[a-z0-9][a-z0-9_]{0,15}$`)

// parseLinks turns --link [NAME=]URL and --redundant NAME:OTHER flags into
// link configurations.
func parseLinks(links, redundant []string) ([]telemetry.LinkConfig, error) {
	var out []telemetry.LinkConfig
	index := map[string]int{}
	for i, l := range links {
		name, url := fmt.Sprintf("l%d", i+1), l
		if eq, colon := strings.Index(l, "="), strings.Index(l, ":"); eq > 0 && (colon < 0 || eq < colon) {
			name, url = l[:eq], l[eq+1:]
		}
		if !linkName.MatchString(name) {
			return nil, fmt.Errorf("--link %q: name %q must be 1–16 lower-case letters, digits or _", l, name)
		}
		if _, dup := index[name]; dup {
			return nil, fmt.Errorf("--link %q: name %q used twice", l, name)
		}
		index[name] = len(out)
		out = append(out, telemetry.LinkConfig{Name: name, URL: url})
	}
	for _, r := range redundant {
		a, b, ok := strings.Cut(r, ":")
		ia, oka := index[a]
		_, okb := index[b]
		if !ok || !oka || !okb || a == b {
			return nil, fmt.Errorf("--redundant %q: want NAME:OTHER naming two different --link names", r)
		}
		out[ia].RedundantWith = b
	}
	return out, nil
}
