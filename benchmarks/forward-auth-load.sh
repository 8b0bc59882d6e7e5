#!/usr/bin/env bash
# Forward authentication's cost through nginx, on loopback: one nginx serves a small upstream page
# (the application) and two front servers for it, one plain (proxy_pass only) and one with the
# forward-authentication configuration of docs/forward-auth.md, asking the service jar for every
# request. wrk (-t2 -c32) measures a signed-in GET of the upstream page through each, and the
# service's own GET /auth/profile (what one check costs it), a warm-up, then two alternating rounds
# whose means are reported. Prints a table and writes one JSON
# object per path.
#
#   benchmarks/forward-auth-load.sh [output.jsonl]
#
# Environment: DURATION (measure, default 20s), WARMUP (default 10s), STORE (default caffeine),
# REDIS_URL (for STORE=redis; keys under a prefix of this run's own, deleted afterwards). Needs
# service/target/sessionauth.jar, nginx and wrk; installs the last two from Debian's packages when
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-benchmarks/target/forward-auth.jsonl}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
store=${STORE:-caffeine}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
port=${LOAD_PORT:-18090}
jar=service/target/sessionauth.jar
nginx_bin=${NGINX:-/usr/sbin/nginx}

log() { printf '[forward-auth-load] %s\n' "$*" >&2; }

[ -f "$jar" ] || { log "$jar is missing: run ./mvnw -B -q -DskipTests package first"; exit 1; }
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null && ! [ -x "$nginx_bin" -a "$tool" = nginx ]; then
    log "installing $tool from Debian's packages"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$tool" >/dev/null; else sudo apt-get install -y -qq "$tool" >/dev/null; fi
  fi
done

service_port=$port
upstream_port=$((port + 2))
direct_port=$((port + 3))
guarded_port=$((port + 4))
work=$(mktemp -d)
server=
nginx_pid=
prefix="sessionauth-fa-load-$$:"
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  if [ "$store" = redis ] && command -v redis-cli >/dev/null; then
    host=$(printf '%s' "$redis_url" | sed -E 's#^rediss?://([^@/]*@)?([^:/]+).*#\2#')
    rport=$(printf '%s' "$redis_url" | sed -E 's#^rediss?://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#')
    redis-cli -h "$host" -p "${rport:-6379}" --scan --pattern "${prefix}*" \
      | xargs -r redis-cli -h "$host" -p "${rport:-6379}" unlink >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The documented nginx server block, with the three addresses changed as the tests change them.
documented=$(awk '/<!-- forward-auth: nginx -->/ { found = 1; next }
  found && /^```nginx/ { inside = 1; next }
  inside && /^```/ { exit }
  inside { print }' docs/forward-auth.md)
[ -n "$documented" ] || { log "docs/forward-auth.md has no nginx block"; exit 1; }
guarded=$(printf '%s\n' "$documented" | sed -e "s/listen 8000;/listen 127.0.0.1:$guarded_port;/" \
  -e "s/127.0.0.1:8080/127.0.0.1:$service_port/g" -e "s/127.0.0.1:3000/127.0.0.1:$upstream_port/g")
user=$([ "$(id -u)" = 0 ] && echo "user root;" || true)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
$user
worker_processes 1;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;

  # The application: a small page.
  server {
    listen 127.0.0.1:$upstream_port;
    location / { default_type text/html; return 200 "<h1>\$http_remote_user</h1>\n"; }
  }

  # The same application without forward authentication.
  server {
    listen 127.0.0.1:$direct_port;
    proxy_http_version 1.1;
    location / {
      proxy_set_header Host \$http_host; proxy_set_header Connection ""; proxy_pass http://application;
    }
  }

$guarded
}
CONF

extra=()
[ "$store" = redis ] && extra=(-Ddw.sessions.store.uri="$redis_url" -Ddw.sessions.store.prefix="$prefix")
LOAD_PORT=$service_port LOAD_ADMIN_PORT=$((service_port + 1)) LOAD_DATA_DIR="$work/data" \
  java -Xms1g -Xmx1g -Ddw.sessions.store.type="$store" "${extra[@]}" \
  -Ddw.forwardAuth.trustedProxies=127.0.0.1 -Ddw.forwardAuth.allowedHosts=127.0.0.1 \
  -jar "$jar" server benchmarks/http-load.yml > "$work/server.log" 2>&1 &
server=$!
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$service_port/ping" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; log "the service did not start"; exit 1; }
  sleep 1
done
cookie=$(curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$service_port/auth/login" \
  -H 'Content-Type: application/json' -d '{"username":"ada","password":"correct-horse"}' \
  | tr -d '\r' | sed -n 's/^Set-Cookie: \(sid=[^;]*\).*/\1/ip')
[ -n "$cookie" ] || { log "login failed"; exit 1; }
page=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$guarded_port/app/page")
[ "$page" = "<h1>ada</h1>" ] || { log "the forward-authenticated page answered: $page"; cat "$work/nginx/error.log" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$guarded_port/app/page")" = 401 ] \
  || { log "without the cookie the page was not refused"; exit 1; }

to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}
# Runs wrk and prints "requests rps p50ms p99ms".
measure() {
  local seconds=$1; shift
  local report requests rps p50 p99
  report=$(wrk -t2 -c32 -d"$seconds" --latency "$@")
  if printf '%s\n' "$report" | grep -q 'Non-2xx'; then
    log "wrk saw non-2xx answers:"; printf '%s\n' "$report" >&2; exit 1
  fi
  requests=$(printf '%s\n' "$report" | awk '/requests in/ { print $1 }')
  rps=$(printf '%s\n' "$report" | awk '/^Requests\/sec:/ { print $2 }')
  p50=$(to_ms "$(printf '%s\n' "$report" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(printf '%s\n' "$report" | awk '$1 == "99%" { print $2 }')")
  echo "$requests $rps $p50 $p99"
}

direct="http://127.0.0.1:$direct_port/app/page"
guarded_url="http://127.0.0.1:$guarded_port/app/page"
measure "$warmup" -H "Cookie: $cookie" "$direct" > /dev/null
measure "$warmup" -H "Cookie: $cookie" "$guarded_url" > /dev/null
profile="http://127.0.0.1:$service_port/auth/profile"
: > "$work/direct" && : > "$work/guarded" && : > "$work/profile"
for _ in 1 2; do
  measure "$duration" -H "Cookie: $cookie" "$direct" >> "$work/direct"
  measure "$duration" -H "Cookie: $cookie" "$guarded_url" >> "$work/guarded"
  measure "$duration" -H "Cookie: $cookie" "$profile" >> "$work/profile"
done
mean() { awk '{ r += $1; s += $2; a += $3; b += $4 } END { printf "%d %.2f %.3f %.3f\n", r, s / NR, a / NR, b / NR }' "$1"; }
read -r d_requests d_rps d_p50 d_p99 < <(mean "$work/direct")
read -r g_requests g_rps g_p50 g_p99 < <(mean "$work/guarded")
read -r p_requests p_rps p_p50 p_p99 < <(mean "$work/profile")
ratio=$(awk -v g="$g_rps" -v d="$d_rps" 'BEGIN { printf "%.3f", g / d }')
to_profile=$(awk -v g="$g_rps" -v p="$p_rps" 'BEGIN { printf "%.3f", g / p }')

mkdir -p "$(dirname "$out")"
printf '%-26s %10s %9s %9s %7s\n' "through nginx ($store)" "req/s" "p50 ms" "p99 ms" ratio >&2
printf '%-26s %10s %9s %9s %7s\n' "without forward auth" "$d_rps" "$d_p50" "$d_p99" "" >&2
printf '%-26s %10s %9s %9s %7s\n' "with forward auth" "$g_rps" "$g_p50" "$g_p99" "$ratio" >&2
printf '%-26s %10s %9s %9s %7s\n' "service GET /auth/profile" "$p_rps" "$p_p50" "$p_p99" "" >&2
{
  printf '{"path":"direct","store":"%s","requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s}\n' \
    "$store" "$d_requests" "$d_rps" "$d_p50" "$d_p99"
  printf '{"path":"forward-auth","store":"%s","requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s,"ratioToDirect":%s,"ratioToProfile":%s}\n' \
    "$store" "$g_requests" "$g_rps" "$g_p50" "$g_p99" "$ratio" "$to_profile"
  printf '{"path":"profile","store":"%s","requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s}\n' \
    "$store" "$p_requests" "$p_rps" "$p_p50" "$p_p99"
} > "$out"
log "wrote $out"
