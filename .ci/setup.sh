#!/usr/bin/env bash
# Installs what Intake needs on Debian 12, idempotently: the apt packages and
# the ONNX Runtime shared library (from the npm package onnxruntime-node,
# checked against a pinned sha256). A second run installs nothing.
# Prints the library path as the last line of its output.
set -euo pipefail

ORT_VERSION=1.24.1
ORT_SHA256=53ef1ac028dd1b05554b8da28d9159eb3876f99868193d2aaa6e67f0243c23d4
CACHE="${INTAKE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/intake}"
ORT_DIR="$CACHE/onnxruntime-$ORT_VERSION"
ORT_LIB="$ORT_DIR/libonnxruntime.so.1"

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-dan tesseract-ocr-swe tesseract-ocr-osd
  libtesseract-dev libleptonica-dev
  fonts-dejavu-core fonts-liberation poppler-utils curl ocrmypdf
)

log() { printf 'setup: %s\n' "$*" >&2; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing apt packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

sha() { sha256sum "$1" | cut -d' ' -f1; }
if [ ! -f "$ORT_LIB" ] || [ "$(sha "$ORT_LIB")" != "$ORT_SHA256" ]; then
  command -v npm >/dev/null || { log "npm is needed to fetch onnxruntime-node"; exit 1; }
  log "fetching ONNX Runtime $ORT_VERSION (npm onnxruntime-node)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null)
  tar -xzf "$tmp"/onnxruntime-node-*.tgz -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  got=$(sha "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1")
  if [ "$got" != "$ORT_SHA256" ]; then
    log "ONNX Runtime checksum mismatch: got $got, want $ORT_SHA256"
    exit 1
  fi
  mkdir -p "$ORT_DIR"
  mv "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$ORT_LIB.part"
  mv "$ORT_LIB.part" "$ORT_LIB"
fi
echo "$ORT_LIB"
