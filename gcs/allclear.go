package gcs

import "strings"

// Autopilots announce the end of a condition in a status text of its own
// ("Throttle failsafe off", "Radio Failsafe Cleared", "GPS Glitch
// cleared", "Vibration compensation OFF"), often at WARNING severity like
// the text that raised it. Such an all-clear answers the alert of the text
// it ends: it clears that alert and raises none of its own.

// clearWords end an all-clear text; onWords and a " - action" tail end
// the texts they answer ("Radio Failsafe - Continuing Auto").
var (
	clearWords = []string{"off", "cleared", "clear", "ok", "resolved", "restored", "recovered", "stopped", "ended", "inactive"}
	onWords    = []string{"on", "started", "detected", "triggered", "active"}
)

// allClear reports whether text announces the end of a condition, and the
// condition's stem: "Throttle failsafe off" → "throttle failsafe".
func allClear(text string) (string, bool) {
	t := normText(text)
	for _, w := range clearWords {
		if stem, ok := strings.CutSuffix(t, " "+w); ok && stem != "" {
			return stem, true
		}
	}
	return "", false
}

// conditionStem is the condition a status text raises: "Radio Failsafe -
// Continuing Auto" → "radio failsafe", "Throttle failsafe on" → "throttle
// failsafe".
func conditionStem(text string) string {
	t := normText(text)
	if i := strings.Index(t, " - "); i > 0 {
		t = t[:i]
	}
	for _, w := range onWords {
		if stem, ok := strings.CutSuffix(t, " "+w); ok && stem != "" {
			return stem
		}
	}
	return t
}

// answers reports whether an all-clear with stem clear ends a condition
// with stem cond: the same words, or one within the other on word
// boundaries ("Glitch cleared" ends "GPS Glitch").
func answers(clear, cond string) bool {
	if clear == cond {
		return true
	}
	short, long := clear, cond
	if len(short) > len(long) {
		short, long = long, short
	}
	return strings.Contains(" "+long+" ", " "+short+" ")
}

// normText lowercases text and folds its spaces and trailing dots.
func normText(text string) string {
	return strings.TrimRight(strings.Join(strings.Fields(strings.ToLower(text)), " "), ".!")
}
