package airspace

import (
	"encoding/json"
	"sort"
	"strings"
)

// ed318Aliases maps the property names national variants of ED-318 (and
// files that mix ED-269 names into ED-318 features) use to ED-318's,
// keyed by the name in lower case without "_", "-" or spaces. Plain "id"
// is not among them: ReadED318 takes the feature's id when there is no
// identifier.
var ed318Aliases = map[string]string{
	"zoneid": "identifier", "zoneidentifier": "identifier", "uaszoneid": "identifier", "ident": "identifier",
	"designator": "identifier", "code": "identifier", "zonecode": "identifier",
	"countrycode": "country", "zonecountry": "country",
	"zonename": "name", "title": "name",
	"zonetype": "type", "restrictiontype": "type", "zonerestriction": "type",
	"zonevariant": "variant",
	"conditions":  "restrictionConditions", "zoneconditions": "restrictionConditions",
	"reasons": "reason", "zonereason": "reason", "zonereasons": "reason",
	"zonemessage": "message", "msg": "message",
	"authority": "zoneAuthority", "authorities": "zoneAuthority", "zoneauthorities": "zoneAuthority",
	"applicability": "limitedApplicability", "timeperiods": "limitedApplicability",
	"lowerlimit": "lower", "upperlimit": "upper",
	"lowerverticalreference": "lowerReference", "upperverticalreference": "upperReference",
	"lowerref": "lowerReference", "upperref": "upperReference",
	"uomdimensions": "uom", "unit": "uom", "units": "uom",
}

// aliasKey normalises a property name for ed318Aliases.
func aliasKey(k string) string {
	return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(k))
}

// canonicalProps renames the properties of one feature to ED-318's names
// (checkED318Schema reports each rename). A property whose ED-318 name is
// also present is left alone.
func canonicalProps(b json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil || m == nil {
		return b // decodeProps reports it
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	changed := false
	for _, k := range keys {
		to, ok := ed318Aliases[aliasKey(k)]
		if !ok || hasKeyFold(m, to) {
			continue
		}
		m[to] = m[k]
		delete(m, k)
		changed = true
	}
	if !changed {
		return b
	}
	out, err := json.Marshal(m)
	if err != nil {
		return b
	}
	return out
}

// hasKeyFold reports whether m has key k in any case.
func hasKeyFold(m map[string]json.RawMessage, k string) bool {
	for key := range m {
		if strings.EqualFold(key, k) {
			return true
		}
	}
	return false
}
