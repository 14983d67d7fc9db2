package gcs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PlanStore keeps the plans pilots saved, durably. Implementations are safe
// for concurrent use. Updates are optimistic: a pilot saves over the
// version they read, and loses to whoever saved first with a
// *PlanConflictError (errors.Is ErrPlanConflict) instead of overwriting
// them silently.
type PlanStore interface {
	// List returns every saved plan without its Plan and Request bodies,
	// most recently modified first.
	List(ctx context.Context) ([]StoredPlan, error)
	// Get returns one plan with its bodies; ErrPlanNotFound if none has
	// the id.
	Get(ctx context.Context, id string) (StoredPlan, error)
	// Save creates p when p.ID is empty (the store gives it an id, version
	// 1 and both times) or else updates the plan p.ID if its version is
	// still p.Version (the store then raises the version and sets
	// Modified; Created is kept). It returns the record as stored.
	Save(ctx context.Context, p StoredPlan) (StoredPlan, error)
	// Delete removes plan id; with version > 0 only while the plan is at
	// that version.
	Delete(ctx context.Context, id string, version int64) error
}

// StoredPlan is one saved plan; adapters choose how to show it. Plan
// holds the plan as Skerry GeoJSON (planfile.WriteGeoJSONPlan): the
// station's own documented, versioned format, which keeps everything the plan model holds, reads back with the
// same lenient reader as any GeoJSON plan, and stays readable to other
// tools and to SQL's JSON functions if the Go types change.
type StoredPlan struct {
	ID   string
	Name string
	// Kind says how the plan was made: a planner's name ("coast",
	// "survey", ...), "imported" or "drawn".
	Kind string
	// Plan is the Skerry GeoJSON plan text; List leaves it empty.
	Plan json.RawMessage
	// Request is the planning request that made the plan (a JSON object,
	// as POST /api/plan/{kind} takes it), so a pilot can plan again; nil
	// when there is none. List leaves it empty.
	Request  json.RawMessage
	Created  time.Time
	Modified time.Time
	// Version counts saves, from 1.
	Version int64
	Counts  PlanCounts
	// Check is the last check against the active operation; nil when the
	// station had no operation to check against.
	Check *PlanCheck
}

// PlanCounts says how big a plan is.
type PlanCounts struct {
	Mission int // mission items
	Fence   int // fence zones
	Rally   int // rally points
}

// PlanCheck summarises a plan's check against an operation.
type PlanCheck struct {
	Lawful     bool
	Violations int // errors only; warnings are not counted
	Profile    string
	At         time.Time
}

// Errors of a PlanStore; callers branch with errors.Is.
var (
	// ErrPlanNotFound: no saved plan has the id.
	ErrPlanNotFound = errors.New("no such saved plan")
	// ErrPlanConflict: the plan was saved by someone else since the
	// version the caller read. The error is a *PlanConflictError.
	ErrPlanConflict = errors.New("the saved plan was changed since it was read")
	// ErrInvalidStoredPlan: a record the store refuses (no name, a bad
	// kind, no plan, a request that is not a JSON object).
	ErrInvalidStoredPlan = errors.New("invalid saved plan")
)

// PlanConflictError is a lost optimistic update: the caller saved over
// Version, but the plan is at Current.
type PlanConflictError struct {
	ID      string
	Version int64
	Current int64
}

// Error says what happened and what to do.
func (e *PlanConflictError) Error() string {
	return fmt.Sprintf("%v: plan %s is at version %d, not %d: read it again and reapply your change", ErrPlanConflict, e.ID, e.Current, e.Version)
}

// Unwrap makes errors.Is(err, ErrPlanConflict) true.
func (e *PlanConflictError) Unwrap() error { return ErrPlanConflict }

// Limits of a stored plan.
const (
	MaxPlanNameLen = 200      // characters
	MaxPlanKindLen = 32       // bytes
	MaxPlanBytes   = 16 << 20 // Skerry GeoJSON text
	MaxRequestSize = 4 << 20  // planning request JSON
	maxPlanIDLen   = 64       // bytes
	planKindChars  = "abcdefghijklmnopqrstuvwxyz0123456789-_"
)

// Validate checks a record before it is stored: a name of 1 to
// MaxPlanNameLen printable characters, a kind of lower-case letters,
// digits, '-' and '_', a plan, and a request that is absent or a JSON
// object. Errors wrap ErrInvalidStoredPlan.
func (p *StoredPlan) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidStoredPlan, fmt.Sprintf(format, args...))
	}
	switch {
	case strings.TrimSpace(p.Name) == "":
		return bad("a plan needs a name")
	case !utf8.ValidString(p.Name) || utf8.RuneCountInString(p.Name) > MaxPlanNameLen:
		return bad("the name must be UTF-8 text of at most %d characters", MaxPlanNameLen)
	case strings.IndexFunc(p.Name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return bad("the name may not hold control characters")
	case p.Kind == "" || len(p.Kind) > MaxPlanKindLen || strings.Trim(p.Kind, planKindChars) != "":
		return bad("kind %.40q: want a planner name, \"imported\" or \"drawn\" (lower-case letters, digits, - and _)", p.Kind)
	case len(p.Plan) == 0:
		return bad("no plan")
	case len(p.Plan) > MaxPlanBytes:
		return bad("the plan is larger than %d MiB", MaxPlanBytes>>20)
	case len(p.Request) > MaxRequestSize:
		return bad("the planning request is larger than %d MiB", MaxRequestSize>>20)
	case len(p.ID) > maxPlanIDLen:
		return bad("id longer than %d bytes", maxPlanIDLen)
	}
	if len(p.Request) > 0 {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(p.Request, &obj); err != nil || obj == nil {
			return bad("the planning request must be a JSON object")
		}
	}
	return nil
}
