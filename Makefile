# Skerry — the two commands that matter: `make demo` and `make test`.
GO      ?= go
FUZZTIME ?= 30s
BENCHTIME ?= 2s
# GOTAGS is nolibav where libavcodec's headers are missing: the station then
# decodes MJPEG only (it says so at start and in every stream's health).
# Evaluated late, after `deps` has had its chance to install them.
GOTAGS = $(shell pkg-config --exists libavcodec libavutil libswscale 2>/dev/null || echo nolibav)

.PHONY: all demo test build deps vet lint fuzz bench bench-fleet bench-web bench-unitview soak clean

all: build

## deps: check (and where possible install) what the build and tests need
deps:
	@bash .ci/deps.sh

## build: the skerry binary in ./bin
build: deps
	@[ -z "$(GOTAGS)" ] || echo "make: libavcodec is missing: building with MJPEG video only (install libavcodec-dev libswscale-dev, or run make deps as root)" >&2
	$(GO) build -tags "$(GOTAGS)" -o bin/skerry .

## demo: the station with ten simulated drones patrolling the Port of Algeciras,
## inside the sample ED-269 zones of the demo port (customs hold the port
## authority's authorisation, APBA)
## TERRAIN=DIR gives it a folder of SRTM .hgt tiles for heights over land
demo: build
	./bin/skerry demo --zones mission/airspace/testdata/ed269_algeciras.json --authorisations APBA $(if $(TERRAIN),--terrain $(TERRAIN))

## test: vet, staticcheck and every test with the race detector
test: deps
	@[ -z "$(GOTAGS)" ] || echo "make: libavcodec is missing: testing with MJPEG video only" >&2
	$(GO) vet -tags "$(GOTAGS)" ./...
	"$$($(GO) env GOPATH)/bin/staticcheck" -tags "$(GOTAGS)" ./...
	$(GO) test -tags "$(GOTAGS)" -race -timeout 20m ./...
	@# the maritime story's three cameras cannot keep simulated time under
	@# the race detector: it skips itself there and runs here without it
	$(GO) test -tags "$(GOTAGS)" -count=1 -timeout 15m -run '^TestMaritimePictureRaisesTheIncidents$$' ./internal/station

## lint: staticcheck (installed by make deps, pinned)
lint: deps
	"$$($(GO) env GOPATH)/bin/staticcheck" ./...

## fuzz: run every fuzz target for FUZZTIME each (default 30s)
fuzz: deps
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

## bench: Go benchmarks (figures go to BENCHMARKS.md)
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

## bench-fleet: simulator and station as separate processes, 100/250/1000 vehicles
bench-fleet: build
	./bin/skerry bench fleet --vehicles 100
	./bin/skerry bench fleet --vehicles 250
	./bin/skerry bench fleet --vehicles 1000

## bench-web: 250 and 1,000 simulated vehicles at 10 Hz, 100 websocket consoles: latency, messages, CPU, memory
bench-web: build
	./bin/skerry bench web --vehicles 250 --clients 100
	./bin/skerry bench web --vehicles 250 --clients 100 --max-rate 10
	./bin/skerry bench web --vehicles 1000 --clients 100

## bench-unitview: what a maritime unit's page costs on the wire (first load, second visit, a live minute moving and still)
bench-unitview: deps
	SKERRY_MEASURE=1 $(GO) test -tags nolibav -count=1 -v -run '^TestUnitViewInBrowser$$' ./web/e2e/ | grep -E 'FIRST|SECOND|LIVE|ok|FAIL'

clean:
	rm -rf bin
