#!/usr/bin/env bash
# Forward authentication's cost through nginx, on loopback, in one run with the same wrk settings
# (-t2 -c32): a warm-up, then alternating rounds (four unless ROUNDS says) whose means are reported:
# the paths take turns, every other round backwards, so that what the machine does meanwhile falls
# on all of them alike and no path always follows the same neighbour.
#
#   direct        nginx proxying a small upstream page, no authentication;
#   ceiling       the same with auth_request to a second nginx that answers "return 204" over a
#                 kept-alive connection: the most any authentication service can reach here;
#   jetty-floor   the forward-authentication configuration of docs/forward-auth.md, asking a bare
#                 Jetty handler in a JVM (JettyFloor) that answers 200 with the identity headers and
#                 does nothing else: the most a service on the JVM and Jetty, as this one is, can
#                 reach here with that configuration;
#   forward-auth  the same with the forward-authentication configuration of docs/forward-auth.md,
#                 asking the service jar's check listener (forwardAuth.listener) for every request;
#   forward-auth-rules  the same, asking a second service jar that has ten access rules, the
#                 request matching the tenth;
#   ping, verify, verify-rules  the services directly: GET /ping, and GET /auth/verify on the
#                 check listener as nginx asks it (cookie, X-Original-URI, X-Forwarded-*), without
#                 and with the rules;
#   verify-application  the same check on the application port, which answers it too.
#
# Targets (issue "Forward authentication with access rules"): through nginx at least 0.8x the
# ceiling; /auth/verify at least 0.9x /ping; the rules at most 5% slower. Prints a table and writes
# one JSON object per path. Every request comes from this machine and is signed in, so the
# guessing throttle plays no part.
#
#   benchmarks/forward-auth-load.sh [output.jsonl]
#
# Environment: DURATION (each round, default 10s), WARMUP (each path, default 20s), ROUNDS (default 4),
# PATHS (some of the paths below, space-separated, for a look at one comparison), STORE (default caffeine),
# REDIS_URL (for STORE=redis; keys under a prefix of this run's own, deleted afterwards). Needs
# service/target/sessionauth.jar, nginx and wrk; installs the last two from Debian's packages when
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-benchmarks/target/forward-auth.jsonl}
duration=${DURATION:-10s}
warmup=${WARMUP:-20s}
rounds=${ROUNDS:-4}
store=${STORE:-caffeine}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
port=${LOAD_PORT:-18090}
jar=service/target/sessionauth.jar
bench_jar=benchmarks/target/benchmarks.jar
nginx_bin=${NGINX:-/usr/sbin/nginx}

log() { printf '[forward-auth-load] %s\n' "$*" >&2; }

for built in "$jar" "$bench_jar"; do
  [ -f "$built" ] || { log "$built is missing: run ./mvnw -B -q -DskipTests package first"; exit 1; }
done
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
ceiling_port=$((port + 5))
answer_port=$((port + 6))
rules_service_port=$((port + 7))
rules_port=$((port + 9))
floor_port=$((port + 10))
floor_front_port=$((port + 11))
check_port=$((port + 12))
rules_check_port=$((port + 13))
work=$(mktemp -d)
server=
rules_server=
nginx_pid=
answer_pid=
floor_pid=
prefix="sessionauth-fa-load-$$:"
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$rules_server" ]; then kill "$rules_server" 2>/dev/null || true; wait "$rules_server" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  if [ -n "$answer_pid" ]; then kill "$answer_pid" 2>/dev/null || true; wait "$answer_pid" 2>/dev/null || true; fi
  if [ -n "$floor_pid" ]; then kill "$floor_pid" 2>/dev/null || true; wait "$floor_pid" 2>/dev/null || true; fi
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
  -e "s/127.0.0.1:8080/127.0.0.1:$service_port/g" -e "s/127.0.0.1:9091/127.0.0.1:$check_port/g" \
  -e "s/127.0.0.1:3000/127.0.0.1:$upstream_port/g")
# The same for the service with rules: its upstreams and map renamed, so both fit in one http block.
guarded_rules=$(printf '%s\n' "$documented" | sed -e "s/listen 8000;/listen 127.0.0.1:$rules_port;/" \
  -e "s/127.0.0.1:8080/127.0.0.1:$rules_service_port/g" -e "s/127.0.0.1:9091/127.0.0.1:$rules_check_port/g" \
  -e "s/127.0.0.1:3000/127.0.0.1:$upstream_port/g" \
  -e "s/sessionauth\b/sessionauth_rules/g" -e "s/upstream application/upstream application_rules/" \
  -e "s#http://application;#http://application_rules;#" -e "s/\$application_cookies/\$application_cookies_rules/g")
# The same for the bare Jetty handler: the documented configuration, asking JettyFloor instead.
guarded_floor=$(printf '%s\n' "$documented" | sed -e "s/listen 8000;/listen 127.0.0.1:$floor_front_port;/" \
  -e "s/127.0.0.1:8080/127.0.0.1:$floor_port/g" -e "s/127.0.0.1:9091/127.0.0.1:$floor_port/g" \
  -e "s/127.0.0.1:3000/127.0.0.1:$upstream_port/g" \
  -e "s/sessionauth\b/sessionauth_floor/g" -e "s/upstream application/upstream application_floor/" \
  -e "s#http://application;#http://application_floor;#" -e "s/\$application_cookies/\$application_cookies_floor/g")
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

  # The same application behind auth_request to the second nginx, which answers 204 at once: the
  # ceiling. Kept-alive, as the documented configuration keeps its connections to sessionauth.
  upstream answer { server 127.0.0.1:$answer_port; keepalive 32; }
  server {
    listen 127.0.0.1:$ceiling_port;
    proxy_http_version 1.1;
    location / {
      auth_request /_answer;
      proxy_set_header Host \$http_host; proxy_set_header Connection ""; proxy_pass http://application;
    }
    location = /_answer {
      internal;
      proxy_pass http://answer/auth/verify;
      proxy_pass_request_body off;
      proxy_set_header Connection "";
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI \$request_uri;
    }
  }

$guarded_floor

$guarded

$guarded_rules
}
CONF

# The second nginx: answers every check 204, as fast as nginx can.
mkdir -p "$work/answer"
cat > "$work/answer/nginx.conf" <<CONF
daemon off;
$user
worker_processes 1;
pid $work/answer/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/answer/body; proxy_temp_path $work/answer/proxy;
  fastcgi_temp_path $work/answer/fastcgi; uwsgi_temp_path $work/answer/uwsgi; scgi_temp_path $work/answer/scgi;
  keepalive_requests 100000;
  server { listen 127.0.0.1:$answer_port; location / { return 204; } }
}
CONF

# The configuration with ten access rules: nine that the measured request does not meet (other
# hosts, paths, methods and networks), the tenth, for its path, letting any signed-in user in.
cp benchmarks/http-load.yml "$work/rules.yml"
cat >> "$work/rules.yml" <<YAML

forwardAuth:
  trustedProxies: [ 127.0.0.1 ]
  allowedHosts: [ 127.0.0.1 ]
  listener:
    type: http
    bindHost: 127.0.0.1
    port: $rules_check_port
  defaultPolicy: deny
  rules:
    - hosts: [ shop.example.com ]
      paths: [ /assets/, /favicon.ico ]
      policy: bypass
    - hosts: [ shop.example.com ]
      paths: [ /admin/ ]
      policy: roles
      roles: [ admin ]
    - hosts: [ "*.internal.example.com" ]
      policy: deny
    - paths: [ /public/ ]
      policy: bypass
    - paths: [ "^/reports/[0-9]+/edit\$" ]
      policy: roles
      roles: [ editor ]
    - methods: [ DELETE ]
      policy: roles
      roles: [ admin ]
    - paths: [ /health ]
      networks: [ 10.20.0.0/16 ]
      policy: bypass
    - hosts: [ wiki.example.com ]
      methods: [ GET, HEAD ]
      policy: signed-in
    - paths: [ /admin/ ]
      policy: roles
      roles: [ admin ]
    - paths: [ /app/ ]
      policy: signed-in
YAML

extra=()
[ "$store" = redis ] && extra=(-Ddw.sessions.store.uri="$redis_url" -Ddw.sessions.store.prefix="$prefix")
LOAD_PORT=$service_port LOAD_ADMIN_PORT=$((service_port + 1)) LOAD_DATA_DIR="$work/data" \
  java -Xms1g -Xmx1g -Ddw.sessions.store.type="$store" "${extra[@]}" \
  -Ddw.forwardAuth.trustedProxies=127.0.0.1 -Ddw.forwardAuth.allowedHosts=127.0.0.1 \
  -Ddw.forwardAuth.listener.type=http -Ddw.forwardAuth.listener.bindHost=127.0.0.1 \
  -Ddw.forwardAuth.listener.port="$check_port" \
  -jar "$jar" server benchmarks/http-load.yml > "$work/server.log" 2>&1 &
server=$!
LOAD_PORT=$rules_service_port LOAD_ADMIN_PORT=$((rules_service_port + 1)) LOAD_DATA_DIR="$work/data-rules" \
  java -Xms1g -Xmx1g -Ddw.sessions.store.type="$store" "${extra[@]}" \
  -jar "$jar" server "$work/rules.yml" > "$work/rules-server.log" 2>&1 &
rules_server=$!
java -Xms1g -Xmx1g -cp "$bench_jar" dev.sessionauth.benchmarks.JettyFloor "$floor_port" > "$work/floor.log" 2>&1 &
floor_pid=$!
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
"$nginx_bin" -p "$work/answer" -c "$work/answer/nginx.conf" -e "$work/answer/error.log" &
answer_pid=$!
for pair in "$service_port $server server.log /ping" "$rules_service_port $rules_server rules-server.log /ping" \
  "$floor_port $floor_pid floor.log /auth/verify"; do
  read -r p pid logfile probe <<< "$pair"
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$p$probe" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$logfile" >&2; log "the service on $p did not start"; exit 1; }
    sleep 1
  done
done
sign_in() {
  curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$1/auth/login" \
    -H 'Content-Type: application/json' -d '{"username":"ada","password":"correct-horse"}' \
    | tr -d '\r' | sed -n 's/^Set-Cookie: \(sid=[^;]*\).*/\1/ip'
}
cookie=$(sign_in "$service_port")
rules_cookie=$(sign_in "$rules_service_port")
[ -n "$cookie" ] && [ -n "$rules_cookie" ] || { log "login failed"; exit 1; }
for front in "$guarded_port $cookie" "$rules_port $rules_cookie" "$ceiling_port $cookie" "$floor_front_port $cookie"; do
  read -r p c <<< "$front"
  page=$(curl -s -H "Cookie: $c" "http://127.0.0.1:$p/app/page")
  [ "$page" = "<h1>ada</h1>" ] || [ "$p" = "$ceiling_port" -a "$page" = "<h1></h1>" ] \
    || { log "the page through port $p answered: $page"; cat "$work/nginx/error.log" >&2; exit 1; }
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$guarded_port/app/page")" = 401 ] \
  || { log "without the cookie the page was not refused"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $rules_cookie" "http://127.0.0.1:$rules_port/elsewhere")" = 403 ] \
  || { log "the rules let a path no rule opens through"; exit 1; }

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

# What nginx sends to /auth/verify for the page, sent directly.
verify_headers=(-H "X-Original-URI: /app/page" -H "X-Original-Method: GET" -H "X-Forwarded-Proto: http"
  -H "X-Forwarded-Host: 127.0.0.1:$guarded_port" -H "X-Forwarded-For: 127.0.0.1")
paths=(direct ceiling jetty-floor forward-auth forward-auth-rules ping verify verify-rules verify-application)
[ -n "${PATHS:-}" ] && read -r -a paths <<< "$PATHS"
run_path() {
  case "$1" in
    direct) measure "$2" -H "Cookie: $cookie" "http://127.0.0.1:$direct_port/app/page" ;;
    ceiling) measure "$2" -H "Cookie: $cookie" "http://127.0.0.1:$ceiling_port/app/page" ;;
    jetty-floor) measure "$2" -H "Cookie: $cookie" "http://127.0.0.1:$floor_front_port/app/page" ;;
    forward-auth) measure "$2" -H "Cookie: $cookie" "http://127.0.0.1:$guarded_port/app/page" ;;
    forward-auth-rules) measure "$2" -H "Cookie: $rules_cookie" "http://127.0.0.1:$rules_port/app/page" ;;
    ping) measure "$2" "http://127.0.0.1:$service_port/ping" ;;
    verify) measure "$2" -H "Cookie: $cookie" "${verify_headers[@]}" "http://127.0.0.1:$check_port/auth/verify" ;;
    verify-rules) measure "$2" -H "Cookie: $rules_cookie" "${verify_headers[@]}" \
      "http://127.0.0.1:$rules_check_port/auth/verify" ;;
    verify-application) measure "$2" -H "Cookie: $cookie" "${verify_headers[@]}" \
      "http://127.0.0.1:$service_port/auth/verify" ;;
  esac
}
for path in "${paths[@]}"; do
  run_path "$path" "$warmup" > /dev/null
  : > "$work/$path"
done
# Odd rounds in order, even rounds backwards: no path always follows the same neighbour.
for round in $(seq 1 "$rounds"); do
  order=("${paths[@]}")
  if [ $((round % 2)) = 0 ]; then
    order=(); for ((i = ${#paths[@]} - 1; i >= 0; i--)); do order+=("${paths[$i]}"); done
  fi
  for path in "${order[@]}"; do
    run_path "$path" "$duration" >> "$work/$path"
  done
done
mean() { awk '{ r += $1; s += $2; a += $3; b += $4 } END { printf "%d %.2f %.3f %.3f\n", r, s / NR, a / NR, b / NR }' "$1"; }
declare -A rps
mkdir -p "$(dirname "$out")"
: > "$out"
for path in "${paths[@]}"; do
  read -r requests r p50 p99 < <(mean "$work/$path")
  rps[$path]=$r
  printf '{"path":"%s","store":"%s","requests":%s,"requestsPerSecond":%s,"p50Ms":%s,"p99Ms":%s}\n' \
    "$path" "$store" "$requests" "$r" "$p50" "$p99" >> "$out"
done
# A ratio of two paths' rates; null when PATHS left either out.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (length(a) == 0 || length(b) == 0) printf "null"; else printf "%.3f", a / b }'; }
printf '{"ratios":true,"store":"%s","forwardAuthToCeiling":%s,"verifyToPing":%s,"rulesToNoRules":%s,"verifyRulesToVerify":%s,"forwardAuthToDirect":%s,"jettyFloorToCeiling":%s,"forwardAuthToJettyFloor":%s}\n' \
  "$store" "$(ratio "${rps[forward-auth]}" "${rps[ceiling]}")" "$(ratio "${rps[verify]}" "${rps[ping]}")" \
  "$(ratio "${rps[forward-auth-rules]}" "${rps[forward-auth]}")" "$(ratio "${rps[verify-rules]}" "${rps[verify]}")" \
  "$(ratio "${rps[forward-auth]}" "${rps[direct]}")" "$(ratio "${rps[jetty-floor]}" "${rps[ceiling]}")" \
  "$(ratio "${rps[forward-auth]}" "${rps[jetty-floor]}")" >> "$out"
printf '%-20s %10s\n' "path ($store)" "req/s" >&2
for path in "${paths[@]}"; do printf '%-20s %10s\n' "$path" "${rps[$path]}" >&2; done
tail -1 "$out" >&2
log "wrote $out"
