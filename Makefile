# Intake: `make run` processes the demo documents on the embedded default,
# `make test` runs every test. Both install what is missing first (apt
# packages, the ONNX Runtime library) and do nothing more on a second run.
SHELL := /bin/bash
SHARED ?= ../shared
BIN    := bin/intake
GO     ?= $(shell command -v go || echo /usr/local/go/bin/go)
# Tesseract must be single-threaded per process from the start (see README).
export OMP_THREAD_LIMIT := 1
export INTAKE_CACHE ?= $(HOME)/.cache/intake

.PHONY: setup build test run bench eval eval-visual lint clean

# setup.sh checks in well under a second that everything is there, so it
# runs every time rather than trusting a stamp file.
setup:
	@mkdir -p .cache
	@bash .ci/setup.sh > .cache/ortlib

build: setup
	$(GO) build -o $(BIN) ./cmd/intake

test: setup
	INTAKE_ONNXRUNTIME_LIB="$$(tail -n1 .cache/ortlib)" INTAKE_SHARED="$(abspath $(SHARED))" \
		$(GO) test -count=1 -timeout 30m ./...
	$(GO) vet ./...

# The main job on the embedded default: every demo document to a case file.
run: build
	@mkdir -p out/cases
	@echo "processing the demo documents into out/cases ..."
	@./$(BIN) process --out out/cases $(SHARED)/data/zugferd/XML-Rechnung/FX $(SHARED)/data/peppol-bis3/examples \
		$(SHARED)/data/oioubl/test/data/parse $(SHARED)/data/en16931/test/testfiles; rc=$$?; \
		[ $$rc -eq 0 ] || [ $$rc -eq 3 ] || exit $$rc
	@echo "case files: out/cases/<sha256>.json (schema: ./$(BIN) schema)"

bench: build
	./$(BIN) bench --shared $(SHARED)

eval: build
	./$(BIN) eval --labels fixtures

eval-visual: build
	./$(BIN) eval --visual --labels $(SHARED)/data/zugferd

clean:
	rm -rf bin out .cache
