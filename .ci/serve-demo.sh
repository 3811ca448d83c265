#!/usr/bin/env bash
# make run: starts `intake serve` on the embedded default (a folder inbox,
# embedded NATS JetStream with its state on disk, the SQLite case store, a
# folder outbox), feeds it the demo documents, says where to look, and
# keeps serving in the foreground until Ctrl-C (a graceful drain).
# usage: serve-demo.sh BIN SHARED DATA [HTTP_ADDR]
set -euo pipefail
BIN=$1 SHARED=$2 DATA=$3 HTTP=${4:-127.0.0.1:8080}

mkdir -p "$DATA/inbox"
"$BIN" serve --data "$DATA" --http "$HTTP" &
pid=$!
# Ctrl-C, a kill or a failure of this script: drain and stop the service.
stop() { trap - EXIT; kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; exit "${1:-0}"; }
trap 'stop 0' INT TERM
trap 'stop 1' EXIT
cases() { find "$DATA/outbox/cases" -name '*.json' 2>/dev/null | wc -l || true; }

up() { command -v curl >/dev/null && curl -s -o /dev/null "http://$HTTP/healthz"; }
for _ in $(seq 1 300); do
  up && break
  kill -0 "$pid" 2>/dev/null || { echo "run: intake serve exited" >&2; exit 1; }
  sleep 0.2
done

# Copied under a hidden name and renamed, so the inbox never lists a
# half-written file.
n=0
feed() { # prefix files...
  local prefix=$1; shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    local name="$prefix-$(basename "$f")"
    cp "$f" "$DATA/inbox/.$name.part" && mv "$DATA/inbox/.$name.part" "$DATA/inbox/$name"
    n=$((n + 1))
  done
}
feed zugferd "$SHARED"/data/zugferd/XML-Rechnung/FX/*.pdf
feed peppol "$SHARED"/data/peppol-bis3/examples/*.xml
feed oioubl "$SHARED"/data/oioubl/test/data/parse/*.xml
want=$(sha256sum "$DATA"/inbox/* | cut -d' ' -f1 | sort -u | wc -l)
echo "run: $n demo documents in $DATA/inbox ($want distinct); waiting for their cases ..."
for _ in $(seq 1 600); do
  have=$(cases)
  [ "$have" -ge "$want" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "run: intake serve exited" >&2; exit 1; }
  sleep 0.2
done
have=$(cases)
cat <<MSG

run: $have case files written. Where to look:
  health     curl http://$HTTP/healthz
  metrics    curl http://$HTTP/metrics
  case files $DATA/outbox/cases/<sha256>.json   (originals: $DATA/outbox/originals/)
  case store sqlite3 $DATA/cases.db 'SELECT route, doc_type, source FROM cases'
  inbox      drop more files into $DATA/inbox (write them under a dot-name and rename)
intake serve keeps running; Ctrl-C drains and stops it.
MSG
rc=0
wait "$pid" || rc=$?
trap - EXIT
exit "$rc"
