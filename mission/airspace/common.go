package airspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// wrapperKeys are the keys real files put their zone list under (matched
// case-insensitively), in order of preference.
var wrapperKeys = []string{"features", "zones", "uaszones", "uaszonelist", "uaszoneversion", "geozones", "items", "data"}

// zoneList finds the list of zones in a JSON document: a bare array, or an
// object with one of wrapperKeys (one level of nesting, as in
// {"data": {"features": [...]}}), or a single zone object. name is the
// wrapper key used ("" for a bare array or a single zone).
func zoneList(data []byte) (items []json.RawMessage, name string, err error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		err = json.Unmarshal(data, &items)
		return items, "", err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, "", err
	}
	for depth := 0; depth < 2; depth++ {
		next := map[string]json.RawMessage(nil)
		for _, key := range wrapperKeys {
			for k, v := range obj {
				if !strings.EqualFold(k, key) {
					continue
				}
				v = bytes.TrimSpace(v)
				if len(v) > 0 && v[0] == '[' {
					err = json.Unmarshal(v, &items)
					return items, k, err
				}
				if next == nil && len(v) > 0 && v[0] == '{' && json.Unmarshal(v, &next) != nil {
					next = nil
				}
			}
		}
		if next == nil {
			break
		}
		obj = next
	}
	for k := range obj {
		if strings.EqualFold(k, "identifier") || strings.EqualFold(k, "geometry") {
			return []json.RawMessage{data}, "", nil
		}
	}
	return nil, "", fmt.Errorf("no zone list (an array, or an object with %s)", strings.Join(wrapperKeys, ", "))
}

// authoritySpec is a zone authority as ED-269 and ED-318 give it.
type authoritySpec struct {
	Name           text `json:"name"`
	Service        text `json:"service"`
	Email          text `json:"email"`
	ContactName    text `json:"contactName"`
	SiteURL        text `json:"siteURL"`
	Phone          text `json:"phone"`
	Purpose        text `json:"purpose"`
	IntervalBefore text `json:"intervalBefore"`
}

// commonSpec holds the zone properties ED-269 and ED-318 share.
type commonSpec struct {
	Identifier            text                    `json:"identifier"`
	Country               text                    `json:"country"`
	Name                  text                    `json:"name"`
	Restriction           text                    `json:"restriction"`
	RestrictionConditions texts                   `json:"restrictionConditions"`
	Reason                texts                   `json:"reason"`
	OtherReasonInfo       text                    `json:"otherReasonInfo"`
	Message               text                    `json:"message"`
	Applicability         list[applicabilitySpec] `json:"applicability"`
	LimitedApplicability  list[applicabilitySpec] `json:"limitedApplicability"`
	ZoneAuthority         list[authoritySpec]     `json:"zoneAuthority"`
}

// zone converts the shared properties; restriction is the code the format
// keeps it in. ok is false (reported) when the zone cannot be used. Texts
// are read as plain text: HTML some files put in them is removed.
func (c commonSpec) zone(rep *report, item int, restriction text, source string) (Zone, bool) {
	z := Zone{ID: string(c.Identifier), Country: string(c.Country), Name: plainText(string(c.Name)),
		Reasons: codes(c.Reason), OtherReasonInfo: plainText(string(c.OtherReasonInfo)),
		Message: plainText(string(c.Message)), Source: source}
	for _, cond := range c.RestrictionConditions {
		if cond = plainText(cond); cond != "" {
			z.Conditions = append(z.Conditions, cond)
		}
	}
	if z.ID == "" {
		z.ID = "#" + itoa(item)
		rep.warnf(item, "identifier", "zone has no identifier: called it %s", z.ID)
	}
	r, ok := restrictionOf(string(restriction))
	if !ok {
		if restriction == "" {
			rep.errorf(item, "restriction", "zone %s has no restriction: dropped", z.ID)
		} else {
			rep.errorf(item, "restriction", "zone %s has unknown restriction %q: dropped", z.ID, restriction)
		}
		return z, false
	}
	if e := enum(string(restriction)); string(r) != e && e != "REQ_AUTHORIZATION" { // ED-318's spelling of ours
		rep.infof(item, "restriction", "restriction %q read as %s", restriction, r)
	}
	z.Restriction = r
	for _, a := range c.ZoneAuthority {
		z.Authorities = append(z.Authorities, Authority{Name: string(a.Name), Service: string(a.Service),
			Email: string(a.Email), ContactName: string(a.ContactName), SiteURL: string(a.SiteURL),
			Phone: string(a.Phone), Purpose: purposeOf(string(a.Purpose)), IntervalBefore: string(a.IntervalBefore)})
	}
	z.Applicability = applicabilities(rep, item, append(c.Applicability, c.LimitedApplicability...))
	return z, true
}

// applicabilities converts periods. If any period cannot be used, the zone
// is taken as always applying (conservative) and that is reported.
func applicabilities(rep *report, item int, specs []applicabilitySpec) []Applicability {
	var out []Applicability
	for i, s := range specs {
		a, ok := s.applicability(rep, item, "applicability["+itoa(i)+"]")
		if !ok {
			rep.warnf(item, "applicability", "a period could not be read: the zone is taken as always applying")
			return nil
		}
		out = append(out, a)
	}
	return out
}

// volume builds a volume from a shape and its limits; ok false drops it.
func volume(rep *report, item int, field string, s shape, lower, upper limitSpec) (Volume, bool) {
	lo, ok1 := lower.limit(rep, item, field+".lower")
	hi, ok2 := upper.limit(rep, item, field+".upper")
	if !ok1 || !ok2 {
		rep.errorf(item, field, "volume dropped: its limits cannot be read")
		return Volume{}, false
	}
	if !hi.Unlimited && lo.Ref == hi.Ref && hi.M <= lo.M {
		rep.warnf(item, field, "upper limit %v is not above lower limit %v", hi, lo)
	}
	return Volume{Polygon: s.poly, Circle: s.circle, Lower: lo, Upper: hi}, true
}

// decodeZone unmarshals one zone, reporting a structural error.
func decodeZone(rep *report, item int, b json.RawMessage, dst any) bool {
	if err := json.Unmarshal(b, dst); err != nil {
		rep.errorf(item, "", "zone dropped: %v", err)
		return false
	}
	return true
}

// checkCount reports and truncates more than MaxZones items.
func checkCount(rep *report, items []json.RawMessage) []json.RawMessage {
	if len(items) > MaxZones {
		rep.errorf(MaxZones, "", "%d zones in the file: only the first %d read", len(items), MaxZones)
		return items[:MaxZones]
	}
	return items
}
