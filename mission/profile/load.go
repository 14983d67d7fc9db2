package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"skerry/mission"
)

// maxFile bounds a profile file.
const maxFile = 1 << 20

// Load reads a user-defined profile (JSON, schema in README.md). Decoding
// is strict: unknown fields, trailing data, limits without a sourced rule
// and rules without a source are errors. With "base" naming a built-in
// profile, fields left out keep the base's values and every change must
// tighten the base (or be allowed by a declared waiver or authorisation).
func Load(r io.Reader) (Profile, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return Profile{}, fmt.Errorf("profile: read: %w", err)
	}
	if len(data) > maxFile {
		return Profile{}, errors.New("profile: file larger than 1 MiB")
	}
	var peek struct {
		Base string `json:"base"`
	}
	if err := json.Unmarshal(data, &peek); err != nil {
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	if peek.Base == "" {
		return loadStandalone(data)
	}
	return loadOnBase(data, peek.Base)
}

func decodeStrict(data []byte, p *Profile) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	if dec.More() {
		return errors.New("profile: data after the profile object")
	}
	return nil
}

func loadStandalone(data []byte) (Profile, error) {
	var p Profile
	if err := decodeStrict(data, &p); err != nil {
		return Profile{}, err
	}
	return p, validated(p)
}

func loadOnBase(data []byte, base string) (Profile, error) {
	b, err := Get(base)
	if err != nil {
		return Profile{}, err
	}
	p := b
	p.Name, p.Title, p.Doc, p.Rules, p.Waivers = "", "", "", nil, nil
	if err := decodeStrict(data, &p); err != nil {
		return Profile{}, err
	}
	if p.Framework != b.Framework || p.NeedsAuthorisation != b.NeedsAuthorisation {
		return Profile{}, fmt.Errorf("profile %q: framework and needs_authorisation come from base %q", p.Name, base)
	}
	if p.Authorisation != nil {
		if b, _, err = b.Authorise(*p.Authorisation); err != nil {
			return Profile{}, fmt.Errorf("profile %q: %w", p.Name, err)
		}
		if !authLimitsGiven(data) {
			p.Limits = b.Limits
		}
	}
	b.Waivers = p.Waivers
	t, _, err := b.Tighten(p.Limits)
	if err != nil {
		return Profile{}, fmt.Errorf("profile %q on base %q: %w", p.Name, base, err)
	}
	t.Name, t.Title, t.Doc, t.Base = p.Name, p.Title, p.Doc, base
	t.Rules = withRules(t.Rules, p.Rules...)
	return t, validated(t)
}

// authLimitsGiven reports whether the file sets the height itself; if not,
// an authorisation's limits are taken as they are.
func authLimitsGiven(data []byte) bool {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(data, &m)
	_, ok := m["max_height_m"]
	return ok
}

func validated(p Profile) error {
	if err := p.Validate().Err(); err != nil {
		return fmt.Errorf("profile %q: %w", p.Name, err)
	}
	return nil
}

// Save writes p as indented JSON in the schema Load reads, e.g. to start
// an operator's own profile from a built-in one.
func Save(w io.Writer, p Profile) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// Report lists the profile's rules with their sources as info issues, for
// a plan report.
func (p Profile) Report() mission.Issues {
	is := make(mission.Issues, 0, len(p.Rules))
	for _, r := range p.Rules {
		is = append(is, issue(mission.SeverityInfo, r.ID, "%s [%s; %s]", r.Text, r.Source.Ref, r.Source.URL))
	}
	return is
}
