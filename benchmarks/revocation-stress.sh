#!/usr/bin/env bash
# Revocation with the near cache (dev.sessionauth.benchmarks.RevocationStress): CYCLES cycles of
# "revoke on node B, then at once ask node A", counting how often A still answered for the session.
# First on two stores in one process (back to back on one thread), then over HTTP on two service
# nodes this script starts (the benchmark configuration, Redis with the near cache, one prefix).
#
#   benchmarks/revocation-stress.sh [output.jsonl]
#
# Environment: CYCLES (default 10000), REDIS_URL (default redis://127.0.0.1:6379; keys under a
# prefix of this run's own, deleted afterwards). Needs service/target/sessionauth.jar and
# benchmarks/target/benchmarks.jar (./mvnw -B -q -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-benchmarks/target/revocation.jsonl}
cycles=${CYCLES:-10000}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
jar=service/target/sessionauth.jar
bench=benchmarks/target/benchmarks.jar
secret="http-load-benchmark-secret-0123456789abcdef"
prefix="sessionauth-revoke-$$:"
log() { printf '[revocation] %s\n' "$*" >&2; }

for f in "$jar" "$bench"; do
  [ -f "$f" ] || { log "$f is missing: run ./mvnw -B -q -DskipTests package first"; exit 1; }
done

work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  host=$(printf '%s' "$redis_url" | sed -E 's#^rediss?://([^@/]*@)?([^:/]+).*#\2#')
  port=$(printf '%s' "$redis_url" | sed -E 's#^rediss?://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#')
  redis-cli -h "$host" -p "${port:-6379}" --scan --pattern "${prefix}*" \
    | xargs -r redis-cli -h "$host" -p "${port:-6379}" unlink >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$(dirname "$out")"
: > "$out"
log "$cycles cycles on two stores in one process"
REDIS_URL=$redis_url java -cp "$bench" dev.sessionauth.benchmarks.RevocationStress stores "$cycles" "$out" > /dev/null

for node in a b; do
  port=$([ "$node" = a ] && echo 18090 || echo 18092)
  mkdir -p "$work/$node"
  LOAD_PORT=$port LOAD_ADMIN_PORT=$((port + 1)) LOAD_DATA_DIR="$work/$node" \
    java -Xms512m -Xmx512m -Ddw.sessions.store.type=redis -Ddw.sessions.store.uri="$redis_url" \
    -Ddw.sessions.store.prefix="$prefix" -Ddw.sessions.store.nearCache.maximumSize=100000 \
    -jar "$jar" server benchmarks/http-load.yml > "$work/server-$node.log" 2>&1 &
  servers+=($!)
done
for port in 18090 18092; do
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/ping" && break
    sleep 1
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/ping" || { cat "$work"/server-*.log >&2; log "a node did not start"; exit 1; }
done
log "$cycles cycles over HTTP on two service nodes"
java -cp "$bench" dev.sessionauth.benchmarks.RevocationStress http "$cycles" "$out" \
  http://127.0.0.1:18090 http://127.0.0.1:18092 "$redis_url" "$prefix" "$secret" sid > /dev/null
cat "$out" >&2
log "wrote $out"
