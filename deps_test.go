package main

import (
	"os/exec"
	"strings"
	"testing"
)

// allowed lists, per top-level package, which project packages it may
// import (see ../shared/design.md). internal/ may import everything.
var allowed = map[string][]string{
	"mission":   {},
	"gcs":       {"mission"},
	"telemetry": {"gcs", "mission"},
	"video":     {"gcs", "mission"},
	"web":       {"gcs", "mission"},
	"sim":       {},
}

// TestImportRules keeps the layering true: the domain core knows no
// adapter, adapters do not know each other, the simulator knows nothing.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		top := topLevel(pkg)
		rule, ruled := allowed[top]
		if !ruled {
			continue
		}
		for _, imp := range fields[1:] {
			if imp != "skerry" && !strings.HasPrefix(imp, "skerry/") {
				continue
			}
			it := topLevel(imp)
			if it == top || contains(rule, it) {
				continue
			}
			t.Errorf("%s imports %s: %s may import only %v of the project", pkg, imp, top, rule)
		}
	}
}

func topLevel(pkg string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(pkg, "skerry"), "/")
	top, _, _ := strings.Cut(rest, "/")
	return top
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
