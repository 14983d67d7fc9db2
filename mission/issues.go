package mission

import (
	"errors"
	"fmt"
	"strings"
)

// Severity grades an Issue.
type Severity uint8

// Severities, from least to most serious.
const (
	// SeverityInfo notes a normalisation that changes no meaning.
	SeverityInfo Severity = iota
	// SeverityWarning says something could not be expressed or kept.
	SeverityWarning
	// SeverityError says the plan or input is structurally wrong.
	SeverityError
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", s)
}

// Section names the part of a plan an Issue is about.
type Section string

// Sections of a plan.
const (
	SectionPlan    Section = "plan"
	SectionHome    Section = "home"
	SectionMission Section = "mission"
	SectionFence   Section = "fence"
	SectionRally   Section = "rally"
)

// Issue is one validation error or conversion warning. Issues are values:
// functions return them in a slice, item by item, instead of failing on the
// first one.
type Issue struct {
	// Section is the part of the plan concerned.
	Section Section
	// Item is the index in that section (mission item, fence zone, rally
	// point, file line or MAVLink seq as Message says), or -1 for the
	// section as a whole.
	Item int
	// Field names the offending field, if any ("lat", "param3", ...).
	Field string
	// Message says what is wrong in plain words.
	Message string
	// Severity grades the issue.
	Severity Severity
}

// String formats the issue as "warning: mission[3].yaw: message".
func (i Issue) String() string {
	var b strings.Builder
	b.WriteString(i.Severity.String())
	b.WriteString(": ")
	b.WriteString(string(i.Section))
	if i.Item >= 0 {
		fmt.Fprintf(&b, "[%d]", i.Item)
	}
	if i.Field != "" {
		b.WriteString(".")
		b.WriteString(i.Field)
	}
	b.WriteString(": ")
	b.WriteString(i.Message)
	return b.String()
}

// Issues is a list of Issue with helpers.
type Issues []Issue

// HasErrors reports whether any issue is of SeverityError.
func (is Issues) HasErrors() bool {
	for _, i := range is {
		if i.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Err joins the SeverityError issues into one error, or returns nil.
func (is Issues) Err() error {
	var errs []error
	for _, i := range is {
		if i.Severity == SeverityError {
			errs = append(errs, errors.New(i.String()))
		}
	}
	return errors.Join(errs...)
}

// Errorf appends an issue of SeverityError. Readers and codecs in other
// packages (mission/mavlink, mission/planfile) report in the same shape as
// the model's own validation with Errorf, Warnf and Infof.
func (is *Issues) Errorf(sec Section, item int, field, format string, args ...any) {
	is.add(SeverityError, sec, item, field, format, args...)
}

// Warnf appends an issue of SeverityWarning.
func (is *Issues) Warnf(sec Section, item int, field, format string, args ...any) {
	is.add(SeverityWarning, sec, item, field, format, args...)
}

// Infof appends an issue of SeverityInfo.
func (is *Issues) Infof(sec Section, item int, field, format string, args ...any) {
	is.add(SeverityInfo, sec, item, field, format, args...)
}

func (is *Issues) add(sev Severity, sec Section, item int, field, format string, args ...any) {
	*is = append(*is, Issue{Section: sec, Item: item, Field: field, Message: fmt.Sprintf(format, args...), Severity: sev})
}
