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
	for _, fields := range packageImports(t) {
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

// restricted lists project packages that, in non-test code, only the
// given top-level packages may import, besides the restricted package's
// own subpackages. The MAVLink item codec is autopilot knowledge: it
// belongs to the MAVLink adapter and to the application that wires it,
// not to the core, the other adapters or the rest of mission/...; they
// hand telemetry a *mission.Plan.
var restricted = map[string][]string{
	"mission/mavlink": {"telemetry", "internal"},
}

// TestRestrictedImports holds each restricted package to its importers.
func TestRestrictedImports(t *testing.T) {
	for _, fields := range packageImports(t) {
		pkg := fields[0]
		for _, imp := range fields[1:] {
			for r, who := range restricted {
				if !within(imp, "skerry/"+r) || within(pkg, "skerry/"+r) || contains(who, topLevel(pkg)) {
					continue
				}
				t.Errorf("%s imports %s: only %v may import skerry/%s", pkg, imp, who, r)
			}
		}
	}
}

// parts lists, for packages that are one concern of a top-level package
// (each with its subpackages), which other packages of that same
// top-level package their non-test code may import. The REST API and the
// live feed are apart: neither imports the other, the shapes both show
// are in web/view, and web, which composes them, may import all three.
var parts = map[string][]string{
	"web/api":  {"web/view"},
	"web/live": {"web/view"},
	"web/view": {},
}

// TestPartsStayApart holds each part to the siblings it may import.
func TestPartsStayApart(t *testing.T) {
	for _, fields := range packageImports(t) {
		pkg := fields[0]
		for part, may := range parts {
			if !within(pkg, "skerry/"+part) {
				continue
			}
			top := "skerry/" + topLevel(pkg)
			for _, imp := range fields[1:] {
				if !within(imp, top) || within(imp, "skerry/"+part) || withinAny(imp, may) {
					continue
				}
				t.Errorf("%s imports %s: of %s, %s may import only %v", pkg, imp, top, part, may)
			}
		}
	}
}

// withinAny reports whether pkg is within one of the project packages
// dirs (named without the module's "skerry/").
func withinAny(pkg string, dirs []string) bool {
	for _, d := range dirs {
		if within(pkg, "skerry/"+d) {
			return true
		}
	}
	return false
}

// within reports whether pkg is dir or one of its subpackages.
func within(pkg, dir string) bool {
	return pkg == dir || strings.HasPrefix(pkg, dir+"/")
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

// allowedModules lists, per top-level package, the third-party modules
// (path prefixes) its non-test code may import; the standard library is
// always allowed, internal/ may import anything. A new dependency is a
// decision: add it here with the package that needs it.
var allowedModules = map[string][]string{
	"mission":   {"github.com/paulmach/orb", "github.com/peterstace/simplefeatures", "github.com/tidwall/rtree"},
	"gcs":       {"github.com/paulmach/orb"},
	"telemetry": {"github.com/BertoldVdb/go-ais", "github.com/bluenviron/gomavlib/v3", "github.com/paulmach/orb", "github.com/pion/transport/v2", "go.bug.st/serial"},
	// video: gortsplib's client with its codecs (mediacommon) and RTP/RTCP
	// packets (pion), for RTSP ingest and MP4 recording.
	// video/detect/yolo: ONNX Runtime's Go binding (cgo, dlopen), for the
	// learned detector.
	"video": {"github.com/bluenviron/gortsplib/v4", "github.com/bluenviron/mediacommon/v2", "github.com/pion/rtp", "github.com/pion/rtcp",
		"github.com/paulmach/orb", "github.com/yalue/onnxruntime_go"},
	"web": {"github.com/gorilla/websocket", "github.com/paulmach/orb", "github.com/prometheus/client_golang"},
	// sim: the RTSP server of its cameras is gortsplib's; its AIS
	// transponders encode with go-ais (and its aisnmea).
	"sim": {"github.com/bluenviron/gomavlib/v3", "github.com/paulmach/orb", "github.com/bluenviron/gortsplib/v4",
		"github.com/bluenviron/mediacommon/v2", "github.com/pion/rtp", "github.com/pion/rtcp", "github.com/BertoldVdb/go-ais"},
}

// TestModuleRules holds each package to its third-party modules, and
// main.go to internal/cli alone (with the standard library).
func TestModuleRules(t *testing.T) {
	for _, fields := range packageImports(t) {
		pkg := fields[0]
		if pkg == "skerry" {
			for _, imp := range fields[1:] {
				if strings.HasPrefix(imp, "skerry/") && imp != "skerry/internal/cli" || strings.Contains(imp, ".") {
					t.Errorf("main.go imports %s: of the project and modules it may import only skerry/internal/cli", imp)
				}
			}
			continue
		}
		top := topLevel(pkg)
		mods, ruled := allowedModules[top]
		if !ruled {
			continue
		}
		for _, imp := range fields[1:] {
			first, _, _ := strings.Cut(imp, "/")
			if !strings.Contains(first, ".") || imp == "skerry" || strings.HasPrefix(imp, "skerry/") {
				continue // the standard library, or the project (TestImportRules)
			}
			ok := false
			for _, m := range mods {
				ok = ok || imp == m || strings.HasPrefix(imp, m+"/")
			}
			if !ok {
				t.Errorf("%s imports %s: %s may use only the modules %v", pkg, imp, top, mods)
			}
		}
	}
}

// packageImports lists every package of the module with its non-test
// imports: [package, import...].
func packageImports(t *testing.T) [][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var list [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		list = append(list, strings.Fields(line))
	}
	return list
}
