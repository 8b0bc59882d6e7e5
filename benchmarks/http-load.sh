#!/usr/bin/env bash
# HTTP load on loopback: for each store type, start the service jar, log in once, then measure
# GET /auth/profile with the session cookie against GET /ping (no authentication) on the same
# server with wrk (-t2 -c32; a warm-up of each, then two alternating rounds whose means are
# reported), and count the Redis commands per authenticated request from INFO commandstats.
# The two peers of benchmarks/peers/ run through the same harness, so the service's figures and
# theirs come from one run. Prints a table and writes one JSON object per system and endpoint.
#
#   benchmarks/http-load.sh [output.jsonl]
#
# Systems: memory, caffeine, redis, redis-near (redis with the near cache), redis-near-pg (that, with
# the users on the machine's PostgreSQL, database test, in a schema of this run's own, dropped after),
# peer-nest (NestJS + express-session + connect-redis + Passport; needs Node.js 20, and the npm
# registry for its first build) and peer-spring (Spring Boot + Spring Session on Redis + Spring
# Security; Maven Central for its first build); each peer is built when it is missing or older than
# its sources, and skipped, said so, when Node.js is missing.
# Environment: STORES (default "memory caffeine redis redis-near redis-near-pg peer-nest peer-spring"),
# DURATION (measure, default 20s), WARMUP (per endpoint, default 60s, as the issue's harness),
# REDIS_URL (default redis://127.0.0.1:6379; keys go under a prefix of this run's own and are deleted
# afterwards). Needs service/target/sessionauth.jar (./mvnw -B -q -DskipTests package) and wrk,
# which it installs from Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-benchmarks/target/http.jsonl}
stores=${STORES:-memory caffeine redis redis-near redis-near-pg peer-nest peer-spring}
pg_schema="bench_load_$$"
duration=${DURATION:-20s}
warmup=${WARMUP:-60s}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
port=${LOAD_PORT:-18080}
jar=service/target/sessionauth.jar
peers=benchmarks/peers

log() { printf '[http-load] %s\n' "$*" >&2; }

[ -f "$jar" ] || { log "$jar is missing: run ./mvnw -B -q -DskipTests package first"; exit 1; }
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian's packages"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

redis_host=$(printf '%s' "$redis_url" | sed -E 's#^rediss?://([^@/]*@)?([^:/]+).*#\2#')
redis_port=$(printf '%s' "$redis_url" | sed -E 's#^rediss?://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#')
redis_port=${redis_port:-6379}
redis() { redis-cli -h "$redis_host" -p "$redis_port" "$@"; }
redis_calls() {
  redis info commandstats | tr -d '\r' \
    | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" { sum += $3 } END { print sum + 0 }'
}

work=$(mktemp -d)
server=
prefix="sessionauth-load-$$:"
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if command -v redis-cli >/dev/null && redis ping >/dev/null 2>&1; then
    redis --scan --pattern "${prefix}*" | xargs -r redis-cli -h "$redis_host" -p "$redis_port" unlink >/dev/null
  fi
  if [ -n "${pg_created:-}" ]; then
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $pg_schema CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# wrk's latency figure in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# Runs wrk and prints "requests rps p50ms p99ms".
measure() {
  local seconds=$1; shift
  local report
  report=$(wrk -t2 -c32 -d"$seconds" --latency "$@")
  local requests rps p50 p99
  requests=$(printf '%s\n' "$report" | awk '/requests in/ { print $1 }')
  rps=$(printf '%s\n' "$report" | awk '/^Requests\/sec:/ { print $2 }')
  p50=$(to_ms "$(printf '%s\n' "$report" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(printf '%s\n' "$report" | awk '$1 == "99%" { print $2 }')")
  if printf '%s\n' "$report" | grep -q 'Non-2xx'; then
    log "wrk saw non-2xx answers:"; printf '%s\n' "$report" >&2; exit 1
  fi
  echo "$requests $rps $p50 $p99"
}

# Builds a peer when its artifact is missing or older than its sources; fails for a peer that
# cannot be built, returns 1 for one whose runtime this machine lacks.
build_peer() {
  case "$1" in
    peer-nest)
      command -v node >/dev/null && command -v npm >/dev/null \
        || { log "skipping peer-nest: Node.js and npm are not installed"; return 1; }
      [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] \
        || { log "skipping peer-nest: it needs Node.js 20 or newer, this is $(node --version)"; return 1; }
      if [ ! -f "$peers/nest/dist/main.js" ] \
          || [ -n "$(find "$peers/nest/src" "$peers/nest/package-lock.json" -newer "$peers/nest/dist/main.js")" ]; then
        log "building peer-nest (npm ci, tsc)"
        (cd "$peers/nest" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run -s build)
      fi ;;
    peer-spring)
      if [ ! -f "$peers/spring/target/peer-spring.jar" ] \
          || [ -n "$(find "$peers/spring/src" "$peers/spring/pom.xml" -newer "$peers/spring/target/peer-spring.jar")" ]; then
        log "building peer-spring (Maven)"
        ./mvnw -B -q -f "$peers/spring/pom.xml" -DskipTests package
      fi ;;
  esac
}

mkdir -p "$(dirname "$out")"
: > "$out"
base="http://127.0.0.1:$port"
printf '%-13s %-14s %10s %9s %9s %7s %12s\n' store endpoint "req/s" "p50 ms" "p99 ms" ratio "redis/req" >&2
for store in $stores; do
  case "$store" in peer-*) build_peer "$store" || continue ;; esac
  rm -rf "$work/data"
  extra=()
  type=${store%%-*}
  cookie_name=sid
  case "$store" in redis*) extra=(-Ddw.sessions.store.uri="$redis_url" -Ddw.sessions.store.prefix="$prefix") ;; esac
  case "$store" in redis-near*) extra+=(-Ddw.sessions.store.nearCache.maximumSize=100000) ;; esac
  if [ "$store" = redis-near-pg ]; then
    psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA IF NOT EXISTS $pg_schema" >/dev/null
    pg_created=1
    extra+=(-Ddw.database.driverClass=org.postgresql.Driver
      "-Ddw.database.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$pg_schema"
      -Ddw.database.user=postgres)
  fi
  case "$store" in
    peer-nest)
      cookie_name=connect.sid
      PORT=$port REDIS_URL=$redis_url PEER_PREFIX="${prefix}nest:" NODE_ENV=production \
        node "$peers/nest/dist/main.js" > "$work/server-$store.log" 2>&1 & ;;
    peer-spring)
      cookie_name=SESSION
      PORT=$port REDIS_URL=$redis_url PEER_PREFIX="${prefix}spring" \
        java -Xms1g -Xmx1g -jar "$peers/spring/target/peer-spring.jar" > "$work/server-$store.log" 2>&1 & ;;
    *)
      LOAD_PORT=$port LOAD_ADMIN_PORT=$((port + 1)) LOAD_DATA_DIR="$work/data" \
        java -Xms1g -Xmx1g -Ddw.sessions.store.type="$type" "${extra[@]}" \
        -jar "$jar" server benchmarks/http-load.yml > "$work/server-$store.log" 2>&1 & ;;
  esac
  server=$!
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "$base/ping" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server-$store.log" >&2; log "$store did not start"; exit 1; }
    sleep 1
  done
  cookie=$(curl -s -D - -o /dev/null -X POST "$base/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"ada","password":"correct-horse"}' | tr -d '\r' \
    | sed -n "s/^Set-Cookie: \($cookie_name=[^;]*\).*/\1/ip")
  [ -n "$cookie" ] || { log "login failed on $store"; exit 1; }
  [ "$(curl -s -H "Cookie: $cookie" "$base/auth/profile")" = '{"id":1,"username":"ada"}' ] \
    || { log "the cookie does not authenticate on $store"; exit 1; }
  # The peers keep their sessions in Redis too: their commands per request are counted alike.
  counted=false
  case "$store" in redis* | peer-*) counted=true ;; esac

  measure "$warmup" "$base/ping" > /dev/null
  measure "$warmup" -H "Cookie: $cookie" "$base/auth/profile" > /dev/null
  # Two rounds, alternating, so neither endpoint gains from the JIT warming up while the other ran.
  calls=0
  : > "$work/open" && : > "$work/auth"
  for _ in 1 2; do
    measure "$duration" "$base/ping" >> "$work/open"
    before=$($counted && redis_calls || echo 0)
    measure "$duration" -H "Cookie: $cookie" "$base/auth/profile" >> "$work/auth"
    after=$($counted && redis_calls || echo 0)
    calls=$((calls + after - before))
  done
  mean() { awk '{ r += $1; s += $2; a += $3; b += $4 } END { printf "%d %.2f %.3f %.3f\n", r, s / NR, a / NR, b / NR }' "$1"; }
  read -r open_requests open_rps open_p50 open_p99 < <(mean "$work/open")
  read -r auth_requests auth_rps auth_p50 auth_p99 < <(mean "$work/auth")
  ratio=$(awk -v a="$auth_rps" -v o="$open_rps" 'BEGIN { printf "%.3f", a / o }')
  per_request=$(awk -v c="$calls" -v r="$auth_requests" 'BEGIN { printf "%.3f", c / r }')
  $counted || per_request=null

  printf '%-13s %-14s %10s %9s %9s %7s %12s\n' "$store" "/ping" "$open_rps" "$open_p50" "$open_p99" "" "" >&2
  printf '%-13s %-14s %10s %9s %9s %7s %12s\n' "$store" "/auth/profile" "$auth_rps" "$auth_p50" "$auth_p99" \
    "$ratio" "$per_request" >&2
  printf '{"store":"%s","endpoint":"/ping","authenticated":false,"warmup":"%s","duration":"%s","requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s}\n' \
    "$store" "$warmup" "$duration" "$open_requests" "$open_rps" "$open_p50" "$open_p99" >> "$out"
  printf '{"store":"%s","endpoint":"/auth/profile","authenticated":true,"warmup":"%s","duration":"%s","requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s,"ratioToUnauthenticated":%s,"redisCommandsPerRequest":%s}\n' \
    "$store" "$warmup" "$duration" "$auth_requests" "$auth_rps" "$auth_p50" "$auth_p99" "$ratio" "$per_request" >> "$out"

  kill "$server"; wait "$server" 2>/dev/null || true; server=
done
log "wrote $out"
