package yolo

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// maxClasses bounds a model's class count (names and ids).
const maxClasses = 100000

var nameEntry = regexp.MustCompile(`(\d+)\s*:\s*(?:'([^']*)'|"([^"]*)")`)

// parseNames reads the class names that Ultralytics exporters put in the
// model's metadata ("names": "{0: 'person', 1: 'bicycle', ...}"), as a
// slice by class id; ids missing in between get "". Anything else gives
// nil.
func parseNames(s string) []string {
	m := map[int]string{}
	top := -1
	for _, e := range nameEntry.FindAllStringSubmatch(s, -1) {
		id, err := strconv.Atoi(e[1])
		if err != nil || id >= maxClasses {
			continue
		}
		m[id] = e[2] + e[3]
		top = max(top, id)
	}
	if top < 0 {
		return nil
	}
	out := make([]string, top+1)
	for id, n := range m {
		out[id] = n
	}
	return out
}

// keepClasses resolves the classes asked for (ids, or names from the
// model's metadata, case-insensitive) into a mask by class id; none asked
// for gives nil, all classes.
func keepClasses(want []string, names []string, classes int) ([]bool, error) {
	if len(want) == 0 {
		return nil, nil
	}
	keep := make([]bool, classes)
	for _, w := range want {
		w = strings.TrimSpace(w)
		if id, err := strconv.Atoi(w); err == nil {
			if id < 0 || id >= classes {
				return nil, fmt.Errorf("yolo: class %d out of range: the model has %d classes (0..%d)", id, classes, classes-1)
			}
			keep[id] = true
			continue
		}
		found := false
		for id, n := range names {
			if id < classes && n != "" && strings.EqualFold(n, w) {
				keep[id], found = true, true
			}
		}
		if !found {
			if len(names) == 0 {
				return nil, fmt.Errorf("yolo: class %q: the model names no classes, give class ids", w)
			}
			return nil, fmt.Errorf("yolo: class %q is not one of the model's: %s", w, strings.Join(nonEmpty(names), ", "))
		}
	}
	return keep, nil
}

func nonEmpty(s []string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
