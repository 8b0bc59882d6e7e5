#!/usr/bin/env bash
# Login abuse against the service jar on loopback (caffeine sessions, users on H2, the benchmark
# configuration), three measurements. Every attempt comes from this machine, so the guessing
# throttle is set out of the way: it would answer the flood 429 after 20 attempts, and what is
# measured here is the bound on hashing, as a flood from many addresses would meet it.
#
#   1. Signed-in GET /auth/profile (wrk -t1 -c8) alone, then during a flood of 200 concurrent
#      logins for usernames that do not exist (wrk -t1 -c200 with lua/logins.lua), 1 GiB heap:
#      requests/s and p99 of each, their ratios, and how the flood's attempts were answered.
#   2. The same flood for FLOOD_SECONDS with -Xmx256m: OutOfMemoryErrors in the log, answers by
#      status (a 500 would be a failure), and whether the service still answers afterwards.
#   3. With the JVM's default flags, LOGIN_SECONDS of real logins (wrk -t2 -c32, lua/logins.lua with LOGIN_USER),
#      then the process's resident memory (VmRSS) and its peak (VmHWM): how many logins a second
#      the default bound on hashing (logins.concurrentHashes) allows with no flood.
#   4. Measurements 1 and 3 again with logins.concurrentHashes at the number of cores, the bound
#      before it defaulted to half of them: what the default costs sign-in throughput, and buys
#      signed-in requests during a flood, from the same run.
#
#   benchmarks/login-flood.sh [output.jsonl]
#
# Environment: DURATION (each measurement, default 20s), WARMUP (default 10s), FLOOD_SECONDS
# (default 60), LOGIN_SECONDS (default 20), SERVICE_FLAGS (more JVM flags for the service, e.g.
# -Ddw.logins.concurrentHashes=1 to try other bounds). Needs service/target/sessionauth.jar and wrk (installed
# from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-benchmarks/target/login-flood.jsonl}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
flood_seconds=${FLOOD_SECONDS:-60}
login_seconds=${LOGIN_SECONDS:-20}
port=${LOAD_PORT:-18100}
jar=service/target/sessionauth.jar
base="http://127.0.0.1:$port"

log() { printf '[login-flood] %s\n' "$*" >&2; }

[ -f "$jar" ] || { log "$jar is missing: run ./mvnw -B -q -DskipTests package first"; exit 1; }
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian's packages"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the jar with the given JVM flags on a fresh database and waits for it.
start_service() {
  rm -rf "$work/data"
  LOAD_PORT=$port LOAD_ADMIN_PORT=$((port + 1)) LOAD_DATA_DIR="$work/data" \
    java "$@" -Ddw.logins.failuresBeforeDelay=1000 -Ddw.logins.clientFailuresBeforeDelay=100000 -Ddw.logins.accountFailuresBeforeDelay=1000000 ${SERVICE_FLAGS:-} \
    -Ddw.sessions.store.type=caffeine -jar "$jar" server benchmarks/http-load.yml > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "$base/ping" && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; log "the service did not start"; exit 1; }
    sleep 1
  done
  log "the service did not answer"; exit 1
}

stop_service() {
  kill "$server"; wait "$server" 2>/dev/null || true; server=
}

signed_in_cookie() {
  curl -s -D - -o /dev/null -X POST "$base/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"ada","password":"correct-horse"}' | tr -d '\r' | sed -n 's/^Set-Cookie: \(sid=[^;]*\).*/\1/ip'
}

to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# wrk's report as "requests rps p50ms p99ms".
figures() {
  local requests rps p50 p99
  requests=$(awk '/requests in/ { print $1 }' "$1")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$1")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$1")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$1")")
  echo "$requests $rps $p50 $p99"
}

# The "status <code> <count>" lines of a wrk report as a JSON object.
statuses() {
  awk 'BEGIN { printf "{" } $1 == "status" { printf "%s\"%s\":%s", sep, $2, $3; sep = "," } END { printf "}" }' "$1"
}

profile() {
  local report=$1 seconds=$2
  wrk -t1 -c8 -d"$seconds" --latency -H "Cookie: $cookie" "$base/auth/profile" > "$report"
  if grep -q 'Non-2xx' "$report"; then log "signed-in requests were refused:"; cat "$report" >&2; exit 1; fi
}

flood() {
  local report=$1 seconds=$2
  env -u LOGIN_USER wrk -t1 -c200 -d"$seconds" --timeout 10s -s benchmarks/lua/logins.lua "$base" > "$report"
}

mkdir -p "$(dirname "$out")"
: > "$out"

# 1. Signed-in requests alone and during the flood, 1 GiB heap; $1: the bound on hashing measured
#    ("default", or a number for logins.concurrentHashes).
profile_during_flood() {
  local bound=$1 flags=()
  [ "$bound" = default ] || flags=(-Ddw.logins.concurrentHashes="$bound")
  start_service -Xms1g -Xmx1g "${flags[@]}"
  cookie=$(signed_in_cookie)
  [ -n "$cookie" ] || { log "login failed"; exit 1; }
  profile "$work/warm" "$warmup"
  flood "$work/warm-flood" "$warmup"
  profile "$work/alone" "$duration"
  flood_for=$(( ${duration%s} + 4 ))
  flood "$work/flood" "${flood_for}s" &
  flood_pid=$!
  sleep 2
  profile "$work/during" "$duration"
  wait "$flood_pid"
  stop_service
  read -r a_requests a_rps a_p50 a_p99 < <(figures "$work/alone")
  read -r d_requests d_rps d_p50 d_p99 < <(figures "$work/during")
  throughput=$(awk -v d="$d_rps" -v a="$a_rps" 'BEGIN { printf "%.3f", d / a }')
  p99_ratio=$(awk -v d="$d_p99" -v a="$a_p99" 'BEGIN { printf "%.3f", d / a }')
  flood_statuses=$(statuses "$work/flood")
  printf '{"measure":"profile","concurrentHashes":"%s","flood":false,"requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s}\n' \
    "$bound" "$a_requests" "$a_rps" "$a_p50" "$a_p99" >> "$out"
  printf '{"measure":"profile","concurrentHashes":"%s","flood":true,"requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s,"throughputRatio":%s,"p99Ratio":%s,"floodStatuses":%s}\n' \
    "$bound" "$d_requests" "$d_rps" "$d_p50" "$d_p99" "$throughput" "$p99_ratio" "$flood_statuses" >> "$out"
  log "concurrentHashes $bound: GET /auth/profile alone: $a_rps req/s, p99 $a_p99 ms; during the flood: $d_rps req/s, p99 $d_p99 ms"
  log "  throughput ratio $throughput, p99 ratio $p99_ratio; the flood's answers: $flood_statuses"
}

profile_during_flood default

# 2. The flood for a minute on a 256 MiB heap.
start_service -Xmx256m
cookie=$(signed_in_cookie)
flood "$work/small-heap" "${flood_seconds}s"
ooms=$(grep -c 'OutOfMemoryError' "$work/server.log" || true)
alive=$([ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/auth/profile")" = 200 ] && echo true || echo false)
stop_service
small_statuses=$(statuses "$work/small-heap")
printf '{"measure":"small-heap","heap":"256m","seconds":%s,"statuses":%s,"outOfMemoryErrors":%s,"answersAfter":%s}\n' \
  "$flood_seconds" "$small_statuses" "$ooms" "$alive" >> "$out"
log "-Xmx256m, ${flood_seconds}s flood: answers $small_statuses, OutOfMemoryErrors $ooms, answers afterwards: $alive"

# 3. Resident memory and logins a second with no flood, the JVM's default flags; $1: the bound on
#    hashing measured, as for profile_during_flood.
real_logins() {
  local bound=$1 flags=()
  [ "$bound" = default ] || flags=(-Ddw.logins.concurrentHashes="$bound")
  start_service "${flags[@]}"
  LOGIN_USER=ada LOGIN_PASSWORD=correct-horse wrk -t2 -c32 -d"${login_seconds}s" --timeout 10s \
    -s benchmarks/lua/logins.lua "$base" > "$work/logins"
  rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
  peak=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
  stop_service
  login_statuses=$(statuses "$work/logins")
  logins=$(awk '$1 == "status" && $2 == 200 { print $3 }' "$work/logins")
  printf '{"measure":"rss","concurrentHashes":"%s","jvmFlags":"default","seconds":%s,"logins":%s,"loginsPerSecond":%s,"statuses":%s,"rssMiB":%s,"peakRssMiB":%s}\n' \
    "$bound" "$login_seconds" "${logins:-0}" "$(awk -v n="${logins:-0}" -v s="$login_seconds" 'BEGIN { printf "%.1f", n / s }')" \
    "$login_statuses" "$rss" "$peak" >> "$out"
  log "concurrentHashes $bound, default JVM flags, ${logins:-0} logins over 32 connections: resident $rss MiB, peak $peak MiB"
}

real_logins default

# 4. The same at the previous bound, one hash per core.
cores=$(nproc)
profile_during_flood "$cores"
real_logins "$cores"

log "wrote $out"
