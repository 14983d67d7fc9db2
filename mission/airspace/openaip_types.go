package airspace

import "strings"

// openAIPType is what one openAIP airspace type means for a UAS flight.
type openAIPType struct {
	name        string
	restriction Restriction // "" when it is not a UAS zone
	conditions  []string
	certain     bool // false: UAS rules there are national (reported)
}

// openAIPTypes maps openAIP's airspace type codes (its core API and export
// enumeration, 0-36) and the names its converters use. Sources: openAIP's
// API schema as documented in "OpenAIP Airspace API JSON Structure"
// (the_paragliding_app, kevin-mcisaac.github.io) and openAIP's answer on
// its forum (groups.google.com/g/openaip, "Airspace GeoJSON meaning of
// 'type' and 'icaoClass' fields"); the names from openAIP's
// openaip-aixm-to-geojson schema. Prohibited, restricted and danger areas
// follow ICAO's definitions (see areaKind); the rest is mapped no further
// than the type's own meaning.
var openAIPTypes = map[string]openAIPType{
	"0":  {name: "other"},
	"1":  {name: "restricted area", restriction: ReqAuthorisation, certain: true},
	"2":  {name: "danger area", restriction: Conditional, conditions: []string{dangerCondition}, certain: true},
	"3":  {name: "prohibited area", restriction: Prohibited, certain: true},
	"4":  aerodromeZone("control zone (CTR)"),
	"5":  {name: "transponder mandatory zone (TMZ)", restriction: Conditional, conditions: []string{"Transponder mandatory zone: fly with a transponder, or with the exemption national rules give UAS"}},
	"6":  {name: "radio mandatory zone (RMZ)", restriction: Conditional, conditions: []string{"Radio mandatory zone: keep radio contact, or fly with the exemption national rules give UAS"}},
	"7":  {name: "terminal manoeuvring area (TMA)"},
	"8":  reservedArea("temporary reserved area (TRA)"),
	"9":  reservedArea("temporary segregated area (TSA)"),
	"10": {name: "flight information region (FIR)"},
	"11": {name: "upper flight information region (UIR)"},
	"12": {name: "air defence identification zone (ADIZ)"},
	"13": aerodromeZone("aerodrome traffic zone (ATZ)"),
	"14": aerodromeZone("military aerodrome traffic zone (MATZ)"),
	"15": {name: "airway"},
	"16": {name: "military training route (MTR)"},
	"17": {name: "alert area", restriction: Conditional, conditions: []string{"Alert area: intense or unusual air activity"}, certain: true},
	"18": {name: "warning area", restriction: Conditional, conditions: []string{dangerCondition}, certain: true},
	"19": {name: "protected area", restriction: Conditional, conditions: []string{"Protected area: national rules restrict flights over it"}},
	"20": aerodromeZone("helicopter traffic zone (HTZ)"),
	"21": {name: "gliding sector", restriction: Conditional, conditions: []string{"Gliding sector: gliders fly here when it is active"}, certain: true},
	"22": {name: "transponder setting area (TRP)"},
	"23": {name: "traffic information zone (TIZ)"},
	"24": {name: "traffic information area (TIA)"},
	"25": {name: "military training area (MTA)"},
	"26": {name: "control area (CTA)"},
	"27": {name: "ACC sector"},
	"28": {name: "aerial sporting or recreational activity area", restriction: Conditional, conditions: []string{"Aerial sporting or recreational activity (parachuting, gliding, aerobatics...)"}, certain: true},
	"29": {name: "low altitude overflight restriction", restriction: Conditional, conditions: []string{"Low altitude overflight restriction: national rules restrict low flights over it"}},
	"30": {name: "military route (MRT)"},
	"31": {name: "TSA/TRA feeding route (TFR)"},
	"32": {name: "VFR sector"},
	"33": {name: "FIS sector"},
	"34": {name: "lower traffic area (LTA)"},
	"35": {name: "upper traffic area (UTA)"},
	"36": aerodromeZone("military control zone (MCTR)"),
}

// openAIPNames are the type names openAIP's converters write.
var openAIPNames = map[string]string{"RESTRICTED": "1", "DANGER": "2", "PROHIBITED": "3", "CTR": "4", "TMZ": "5",
	"RMZ": "6", "TMA": "7", "TRA": "8", "TSA": "9", "FIR": "10", "UIR": "11", "ADIZ": "12", "ATZ": "13", "MATZ": "14",
	"AWY": "15", "AIRWAY": "15", "ALERT": "17", "WARNING": "18", "PROTECTED": "19", "HTZ": "20", "GLIDING_SECTOR": "21",
	"CTA": "26", "AERIAL_SPORTING_RECREATIONAL": "28", "OTHER": "0"}

// openAirClasses map the OpenAir classes (AC records, as openAIP's OpenAir
// parser puts them in "class") to openAIP types: R restricted, Q danger, P
// prohibited, and the zones; ICAO classes A-G are airspace classes, not
// UAS zones (0 is reported as not used).
var openAirClasses = map[string]string{"R": "1", "Q": "2", "P": "3", "CTR": "4", "TMZ": "5", "RMZ": "6",
	"A": "26", "B": "26", "C": "26", "D": "26", "E": "26", "F": "26", "G": "26"}

// openAIPTypeOf looks a type up by code or name.
func openAIPTypeOf(s string) (openAIPType, bool) {
	s = strings.TrimSpace(s)
	if code, ok := openAIPNames[enum(s)]; ok {
		s = code
	}
	t, ok := openAIPTypes[s]
	return t, ok
}

// aerodromeZone is a zone round an aerodrome: UAS flights there follow
// national rules, most often with the air traffic service's permission.
func aerodromeZone(name string) openAIPType {
	return openAIPType{name: name, restriction: Conditional, conditions: []string{
		"Aerodrome airspace (" + name + "): UAS flights follow national rules here, most often with the air traffic service's permission"}}
}

// reservedArea is airspace reserved by NOTAM for some users.
func reservedArea(name string) openAIPType {
	return openAIPType{name: name, restriction: Conditional, conditions: []string{
		"Reserved airspace (" + name + "): while it is active (NOTAM), keep out unless cleared"}}
}
