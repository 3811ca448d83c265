#!/usr/bin/env bash
# Installs the servers the service's integration tests run against, into the
# cache outside the repo, idempotently (a second run only checks the files):
#   versitygw   a real S3 server (v1.8.0, from the Go module proxy, ~4 min once)
#   nats-server built from the nats-server module version pinned in go.mod
# Prints "versitygw=PATH" and "nats-server=PATH" lines; the tests read the
# same paths through INTAKE_VERSITYGW and INTAKE_NATS_SERVER, or call this
# script themselves when those are unset.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSITYGW_VERSION=v1.8.0
CACHE="${INTAKE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/intake}"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
log() { printf 'test-servers: %s\n' "$*" >&2; }

# One installer at a time: tests in several packages may call this at once.
mkdir -p "$CACHE"
exec 9>"$CACHE/.test-servers.lock"
flock 9

vdir="$CACHE/versitygw-$VERSITYGW_VERSION"
if [ ! -x "$vdir/versitygw" ]; then
  log "installing versitygw $VERSITYGW_VERSION (takes a few minutes, once)"
  mkdir -p "$vdir.part"
  # Outside the module so its go.mod is not touched.
  (cd "$CACHE" && GOBIN="$vdir.part" GOFLAGS=-mod=mod "$GO" install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION" >&2)
  rm -rf "$vdir"
  mv "$vdir.part" "$vdir"
fi

nver=$("$GO" list -m -f '{{.Version}}' github.com/nats-io/nats-server/v2)
ndir="$CACHE/nats-server-$nver"
if [ ! -x "$ndir/nats-server" ]; then
  log "building nats-server $nver from go.mod"
  mkdir -p "$ndir"
  "$GO" build -o "$ndir/nats-server.part" github.com/nats-io/nats-server/v2
  mv "$ndir/nats-server.part" "$ndir/nats-server"
fi
echo "versitygw=$vdir/versitygw"
echo "nats-server=$ndir/nats-server"
