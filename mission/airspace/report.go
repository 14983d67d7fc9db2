package airspace

import (
	"fmt"
	"strconv"

	"skerry/mission"
)

// report accumulates the issues of one file. An issue whose severity and
// message repeat one already reported is not added again but counted: a
// file that breaks the same way thousands of times (a wall of a 3D
// drawing per vertex, a missing reference in every zone) gives one line
// with a count, at the first place it happened.
type report struct {
	issues   mission.Issues
	counts   []int
	seen     map[issueKey]int // index in issues
	vertices int              // vertices read so far, against MaxFileVertices
}

// issueKey is what makes two issues the same for counting.
type issueKey struct {
	sev mission.Severity
	msg string
}

func (r *report) add(sev mission.Severity, item int, field, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	k := issueKey{sev, msg}
	if i, ok := r.seen[k]; ok {
		r.counts[i]++
		return
	}
	if r.seen == nil {
		r.seen = map[issueKey]int{}
	}
	r.seen[k] = len(r.issues)
	r.issues = append(r.issues, mission.Issue{Section: Section, Item: item, Field: field, Message: msg, Severity: sev})
	r.counts = append(r.counts, 1)
}

func (r *report) errorf(item int, field, format string, args ...any) {
	r.add(mission.SeverityError, item, field, format, args...)
}

func (r *report) warnf(item int, field, format string, args ...any) {
	r.add(mission.SeverityWarning, item, field, format, args...)
}

func (r *report) infof(item int, field, format string, args ...any) {
	r.add(mission.SeverityInfo, item, field, format, args...)
}

// list returns the issues, each repeated one saying how many times it
// happened: "ring has 2 distinct vertices, needs at least 3 (19,372
// times)".
func (r *report) list() mission.Issues {
	out := make(mission.Issues, len(r.issues))
	for i, is := range r.issues {
		if n := r.counts[i]; n > 1 {
			is.Message += " (" + thousands(n) + " times)"
		}
		out[i] = is
	}
	return out
}

// finish returns the zones, or an error when none could be used.
func (r *report) finish(format string, zones []Zone) ([]Zone, mission.Issues, error) {
	issues := r.list()
	if len(zones) == 0 {
		if err := issues.Err(); err != nil {
			return nil, issues, fmt.Errorf("airspace: no usable zone in %s input: %w", format, err)
		}
		return nil, issues, fmt.Errorf("airspace: no zone in %s input", format)
	}
	return zones, issues, nil
}

// thousands formats n with a comma between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
