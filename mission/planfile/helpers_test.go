package planfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

// geoBytes renders a plan as GeoJSON: an exact, NaN-safe way to compare
// plans.
func geoBytes(t testing.TB, p *mission.Plan) string {
	t.Helper()
	var b bytes.Buffer
	is, err := WriteGeoJSONPlan(&b, p)
	require.NoError(t, err, "%v", is)
	return b.String()
}

// requireSamePlan fails unless a and b hold the same plan.
func requireSamePlan(t testing.TB, a, b *mission.Plan) {
	t.Helper()
	require.Equal(t, geoBytes(t, a), geoBytes(t, b))
}

// sampleDir holds the sample plan files. They stay in mission/testdata,
// beside the model rather than here, because tests of other packages (web,
// internal/...) and the README use them as sample plans too. This
// package's own testdata holds only its fuzz corpus.
const sampleDir = "../testdata"

func openTestdata(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(sampleDir, name))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func readQGCFile(t testing.TB, name string) (*mission.Plan, mission.Issues) {
	t.Helper()
	p, is, err := ReadQGCPlan(openTestdata(t, name))
	require.NoError(t, err)
	return p, is
}

// severities counts issues by severity.
func severities(is mission.Issues) map[mission.Severity]int {
	m := map[mission.Severity]int{}
	for _, i := range is {
		m[i.Severity]++
	}
	return m
}

// issuesText is the issues one per line, for Contains checks.
func issuesText(is mission.Issues) string {
	s := ""
	for _, i := range is {
		s += i.String() + "\n"
	}
	return s
}
