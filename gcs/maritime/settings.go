package maritime

// Settings are the rules' parameters. (Placeholder: the rules' author
// replaces it.)
type Settings struct{}

// DefaultSettings returns the documented defaults.
func DefaultSettings() Settings { return Settings{} }

// Check says why settings cannot be used.
func (s *Settings) Check() error { return nil }
