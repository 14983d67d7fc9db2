package gcs

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStoredPlanValidate(t *testing.T) {
	ok := StoredPlan{Name: "Port perimeter ✓", Kind: "creeping-line", Plan: json.RawMessage(`{}`), Request: json.RawMessage(`{"spacing":200}`)}
	require.NoError(t, ok.Validate())
	cases := map[string]func(*StoredPlan){
		"blank name":     func(p *StoredPlan) { p.Name = " \t" },
		"long name":      func(p *StoredPlan) { p.Name = strings.Repeat("é", MaxPlanNameLen+1) },
		"invalid UTF-8":  func(p *StoredPlan) { p.Name = "a\xffb" },
		"newline":        func(p *StoredPlan) { p.Name = "a\nb" },
		"empty kind":     func(p *StoredPlan) { p.Kind = "" },
		"upper-case":     func(p *StoredPlan) { p.Kind = "Survey" },
		"path kind":      func(p *StoredPlan) { p.Kind = "../x" },
		"no plan":        func(p *StoredPlan) { p.Plan = nil },
		"request array":  func(p *StoredPlan) { p.Request = json.RawMessage(`[]`) },
		"request null":   func(p *StoredPlan) { p.Request = json.RawMessage(`null`) },
		"request broken": func(p *StoredPlan) { p.Request = json.RawMessage(`{"a":`) },
		"long id":        func(p *StoredPlan) { p.ID = strings.Repeat("x", 65) },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			p := ok
			mutate(&p)
			err := p.Validate()
			require.ErrorIs(t, err, ErrInvalidStoredPlan)
		})
	}
}

func TestPlanConflictError(t *testing.T) {
	var err error = &PlanConflictError{ID: "p-1", Version: 2, Current: 3}
	require.True(t, errors.Is(err, ErrPlanConflict))
	require.Contains(t, err.Error(), "version 3, not 2")
}
