# Intake: `make run` serves the demo documents on the embedded default,
# `make test` runs every test. Both install what is missing first (apt
# packages, the ONNX Runtime library) and do nothing more on a second run.
SHELL := /bin/bash
SHARED ?= ../shared
BIN    := bin/intake
GO     ?= $(shell command -v go || echo /usr/local/go/bin/go)
# Tesseract must be single-threaded per process from the start (see README).
export OMP_THREAD_LIMIT := 1
export INTAKE_CACHE ?= $(HOME)/.cache/intake

.PHONY: setup build test run bench bench-service eval eval-visual lint clean

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

# The service on the embedded default: `intake serve` with a folder inbox,
# embedded NATS, the SQLite case store and a folder outbox under out/serve,
# fed the demo documents; it keeps serving until Ctrl-C.
run: build
	@bash .ci/serve-demo.sh ./$(BIN) $(SHARED) out/serve

# The service end to end on a real S3 server (versitygw, installed into the
# cache on first use): docs/s with 1 and 2 workers, latency, peak RSS.
bench-service: build
	@vgw=$$(bash .ci/test-servers.sh | sed -n 's/^versitygw=//p'); \
		./$(BIN) bench-service --shared $(SHARED) --versitygw "$$vgw"

# Every benchmark: documents/s and peak RSS per path, the OCR comparison
# with the tesseract CLI and ocrmypdf, validation against 100,000
# suppliers, model inference and the OCR dictionary (Go benchmarks), then
# the service on real S3 and NATS.
bench: build
	./$(BIN) bench --shared $(SHARED)
	INTAKE_ONNXRUNTIME_LIB="$$(tail -n1 .cache/ortlib)" \
		$(GO) test -run '^$$' -bench . -benchmem ./validators/... ./models/... ./extractors/ocr
	$(MAKE) --no-print-directory bench-service

eval: build
	./$(BIN) eval --labels fixtures/corpus

eval-visual: build
	./$(BIN) eval --visual --labels $(SHARED)/data/zugferd

clean:
	rm -rf bin out .cache
