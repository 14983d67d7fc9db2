# Skerry — the two commands that matter: `make demo` and `make test`.
GO      ?= go
FUZZTIME ?= 30s
BENCHTIME ?= 2s

.PHONY: all demo test build deps vet lint fuzz bench bench-fleet bench-web soak clean

all: build

## deps: check (and where possible install) what the build and tests need
deps:
	@bash .ci/deps.sh

## build: the skerry binary in ./bin
build: deps
	$(GO) build -o bin/skerry .

## demo: the station with ten simulated drones patrolling the Port of Algeciras,
## inside the sample ED-269 zones of the demo port (customs hold the port
## authority's authorisation, APBA)
## TERRAIN=DIR gives it a folder of SRTM .hgt tiles for heights over land
demo: build
	./bin/skerry demo --zones mission/airspace/testdata/ed269_algeciras.json --authorisations APBA $(if $(TERRAIN),--terrain $(TERRAIN))

## test: vet, staticcheck and every test with the race detector
test: deps
	$(GO) vet ./...
	"$$($(GO) env GOPATH)/bin/staticcheck" ./...
	$(GO) test -race -timeout 20m ./...

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

clean:
	rm -rf bin
