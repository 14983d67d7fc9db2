package maritime

import "skerry/gcs"

// Evaluate runs every enabled rule over s. (Placeholder.)
func Evaluate(s *Situation, set *Settings) []Finding { return nil }

// Score scores one track's risk from the findings about it and the number
// of past incidents of its identity. (Placeholder.)
func Score(t *Track, findings []*Finding, past int, set *Settings) gcs.Risk { return gcs.Risk{} }
