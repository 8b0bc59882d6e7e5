#!/usr/bin/env bash
# Runs every benchmark and writes the report: the JMH benchmarks (JSON), the memory footprint of a
# session per store, the HTTP load (the stores and the two peers of benchmarks/peers/), forward
# authentication through nginx, a login flood, then benchmarks/RESULTS.md and benchmarks/charts/*.svg.
#
#   ./mvnw -B -q -DskipTests package && benchmarks/run.sh            # the full run: about 90 minutes
#   benchmarks/run.sh --quick                                        # every benchmark once, about 3 minutes;
#                                                                    # the report goes to target/, not to git
#   benchmarks/run.sh --only forward-auth,login-flood                # only those load scripts (also: http,
#                                                                    # revocation, near-cache-jmh); their
#                                                                    # report goes to target/only, not to git
#
# Redis: REDIS_URL when set (keys under a prefix of the run's own, deleted after), else a redis-server
# each benchmark starts for itself; the HTTP load uses REDIS_URL or redis://127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "$jar is missing: run ./mvnw -B -q -DskipTests package first" >&2; exit 1; }
log() { printf '[benchmarks] %s\n' "$*" >&2; }

only=
if [ "${1:-}" = --only ]; then
  # Some of the load scripts, for a change that concerns them. One run writes one file: their report
  # is benchmarks/target/only/RESULTS.md; benchmarks/RESULTS.md comes from a full run only.
  only=",${2:?--only needs a list: http,forward-auth,login-flood,revocation,near-cache-jmh},"
  results=benchmarks/target/only
  rm -rf "$results" && mkdir -p "$results"
  case "$only" in *,http,*) log "HTTP load"; benchmarks/http-load.sh "$results/http.jsonl" ;; esac
  case "$only" in *,forward-auth,*) log "forward authentication through nginx"
    benchmarks/forward-auth-load.sh "$results/forward-auth.jsonl" ;; esac
  case "$only" in *,login-flood,*) log "login flood"; benchmarks/login-flood.sh "$results/login-flood.jsonl" ;; esac
  case "$only" in *,revocation,*) log "revocation with the near cache"
    benchmarks/revocation-stress.sh "$results/revocation.jsonl" ;; esac
  case "$only" in *,near-cache-jmh,*) log "JMH: the near cache against caffeine, and the cached auth path"
    # Three forks each: on a shared 2-core machine one JVM's figure swings with its neighbours.
    java -jar "$jar" 'StoreFindBenchmark.hit$' -p store=caffeine,redis-near -p sessions=1000,100000 -f 3 \
      -foe true -rf json -rff "$results/jmh-near-find.json"
    java -jar "$jar" AuthPathBenchmark -p store=caffeine,redis-near -p userLoad=stubbed,h2,h2-cached,h2-cache-hit \
      -f 3 -foe true -rf json -rff "$results/jmh-near-auth.json" ;; esac
  java -cp "$jar" dev.sessionauth.benchmarks.report.Report "$results" "$results/RESULTS.md" "$results/charts"
  exit 0
fi

if [ "${1:-}" = --quick ]; then
  results=benchmarks/target/quick
  markdown=$results/RESULTS.md
  charts=$results/charts
  jmh=(-f 1 -wi 0 -i 1 -r 100ms -p sessions=1000)
  sessions=10000
  export DURATION=2s WARMUP=1s FLOOD_SECONDS=3 LOGIN_SECONDS=2 CYCLES=100
else
  results=benchmarks/target/results
  markdown=benchmarks/RESULTS.md
  charts=benchmarks/charts
  jmh=()
  sessions=1000000
fi
rm -rf "$results" && mkdir -p "$results" "$charts"

log "JMH: ${jmh[*]:-settings from the annotations}"
java -jar "$jar" "${jmh[@]}" -foe true -rf json -rff "$results/jmh.json"

for store in memory caffeine redis; do
  log "footprint of $sessions sessions on $store"
  java -Xms6g -Xmx6g -cp "$jar" dev.sessionauth.benchmarks.Footprint "$store" "$sessions" \
    "$results/footprint-$store.json" > /dev/null
done

log "HTTP load"
benchmarks/http-load.sh "$results/http.jsonl"

log "forward authentication through nginx"
benchmarks/forward-auth-load.sh "$results/forward-auth.jsonl"

log "login flood"
benchmarks/login-flood.sh "$results/login-flood.jsonl"

log "revocation with the near cache"
benchmarks/revocation-stress.sh "$results/revocation.jsonl"

java -cp "$jar" dev.sessionauth.benchmarks.report.Report "$results" "$markdown" "$charts"
