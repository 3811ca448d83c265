#!/usr/bin/env bash
# gen.sh regenerates onnx.pb.go from the onnx.proto of Debian 12's
# libonnx-dev (ONNX 1.12.0), so no Python and no network beyond apt and the
# Go module proxy are needed. Run from anywhere: `go generate ./models/onnxpb`.
# Needs protoc (apt: protobuf-compiler).
set -euo pipefail
cd "$(dirname "$0")"
PROTOC_GEN_GO=v1.36.12 # keep equal to google.golang.org/protobuf in go.mod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ ! -f onnx.proto ]]; then
	(cd "$tmp" && apt-get download libonnx-dev >/dev/null && dpkg-deb -x libonnx-dev_*.deb x)
	cp "$tmp/x/usr/include/onnx/onnx.proto" onnx.proto
fi
GOBIN="$tmp/bin" go install "google.golang.org/protobuf/cmd/protoc-gen-go@$PROTOC_GEN_GO"
PATH="$tmp/bin:$PATH" protoc --go_out=. --go_opt=paths=source_relative \
	--go_opt=Monnx.proto=intake/models/onnxpb onnx.proto
