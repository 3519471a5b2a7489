#!/usr/bin/env bash
# Serving benchmark: 2 MB segments to 64 concurrent clients with wrk, the agent vs nginx serving the same
# files from the same disk, in one run. ROUNDS rounds, each running both servers one after the other (the
# order alternates from round to round); each round gives one agent/nginx ratio, and the result is the median
# ratio with its spread, so a burst of load from elsewhere on the machine shows as spread, not as the result.
# Usage (from the repository root): ./shoal bench serve [SECONDS] [SEGMENTS] [ROUNDS]
# (it packages the agent with the modules it needs, then runs this script)
# AGENT_OPTS adds JVM options or -D settings to the agent's command line (experiments).
# A second agent on Java's NIO transport (quarkus.vertx.prefer-native-transport=false) runs beside the default one
# (Netty's native epoll), so each round also gives the transport's share of the result.
# Installs wrk and nginx from Debian when missing and running as root. Stops everything it starts, by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SECONDS_EACH="${1:-10}"
SEGMENTS="${2:-32}"
ROUNDS="${3:-7}"
JAR="$ROOT/distributor-agent/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "run it as ./shoal bench serve, which packages the agent first" >&2; exit 2; }
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "$tool is missing (apt-get install -y wrk nginx)" >&2; exit 2; }
    apt-get install -y -qq wrk nginx >/dev/null
  fi
done

WORK="$(mktemp -d /tmp/shoal-serve-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx's workers run as an unprivileged user
AGENT_PID=""; NIO_PID=""; NGINX_PID=""
cleanup() {
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null && wait "$AGENT_PID" 2>/dev/null || true
  [ -n "$NIO_PID" ] && kill "$NIO_PID" 2>/dev/null && wait "$NIO_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# the same 2 MB segments for both: the agent's store layout (segments/ab/<sha256>) is also nginx's root
mkdir -p "$WORK/data/segments" "$WORK/paths"
for i in $(seq 1 "$SEGMENTS"); do
  head -c 2097152 /dev/urandom > "$WORK/seg"
  sha=$(sha256sum "$WORK/seg" | cut -c1-64)
  mkdir -p "$WORK/data/segments/${sha:0:2}"
  mv "$WORK/seg" "$WORK/data/segments/${sha:0:2}/$sha"
  echo "$sha" >> "$WORK/ids"
done
cat > "$WORK/paths.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/ids") do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. ids[(n % #ids) + 1])
end
LUA

NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { video/mp2t ts; }
  default_type video/mp2t;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location ~ "^/segments/(([0-9a-f]{2})[0-9a-f]{62})\$" {
      alias $WORK/data/segments/\$2/\$1;
      add_header Cache-Control "public, max-age=31536000, immutable";
      add_header Access-Control-Allow-Origin "*";
    }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" & NGINX_PID=$!

cp -al "$WORK/data" "$WORK/data-nio"   # the same files (hard links) in a store of its own
# both agents listen on 127.0.0.1 as nginx does (without a profile the agent listens on every interface, on an IPv6
# socket that carries IPv4 too); no Keycloak here: the operator API (which would need it) is not used, but the packaged agent wants the URL set
AGENT_OPTS="-Dquarkus.oidc.auth-server-url=http://127.0.0.1:9/realms/none ${AGENT_OPTS:-}"
AGENT_PORT=$(free_port)
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xmx512m ${AGENT_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$AGENT_PORT" -Dshoal.agent.data-dir="$WORK/data" \
  -Dshoal.agent.quota=100GB -Dquarkus.log.level=WARN -jar "$JAR" > "$WORK/agent.log" 2>&1 & AGENT_PID=$!
NIO_PORT=$(free_port)
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xmx512m ${AGENT_OPTS:-} -Dquarkus.vertx.prefer-native-transport=false -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$NIO_PORT" \
  -Dshoal.agent.data-dir="$WORK/data-nio" -Dshoal.agent.quota=100GB -Dquarkus.log.level=WARN -jar "$JAR" > "$WORK/agent-nio.log" 2>&1 & NIO_PID=$!

first=$(head -1 "$WORK/ids")
for url in "http://127.0.0.1:$AGENT_PORT/segments/$first" "http://127.0.0.1:$NIO_PORT/segments/$first" "http://127.0.0.1:$NGINX_PORT/segments/$first"; do
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$url" && break; sleep 0.5; done
  curl -sf -o /dev/null "$url" || { echo "no answer from $url"; tail -n 20 "$WORK"/agent*.log "$WORK/nginx/logs/error.log"; exit 1; }
done
cmp <(curl -s "http://127.0.0.1:$AGENT_PORT/segments/$first") "$WORK/data/segments/${first:0:2}/$first"

cpu_ticks() { # pid -> user+system clock ticks of the process and its children (nginx's workers)
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
TICK_MS=$((1000 / $(getconf CLK_TCK)))
run() { # name url pid -> prints "name req/s MB/s p99 server-CPU-ms-per-request"
  local before after rps mbs p99 total
  before=$(cpu_ticks "$3")
  wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency -s "$WORK/paths.lua" "$2" > "$WORK/wrk.out"
  after=$(cpu_ticks "$3")
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  mbs=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub(/GB/,"",v); v*=1024} else sub(/MB/,"",v); print v}' "$WORK/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.out")
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  echo "$1 $rps $mbs $p99 $(awk -v t=$((after - before)) -v ms="$TICK_MS" -v n="$total" 'BEGIN {printf "%.3f", t * ms / n}')"
}
# warm-up: the page cache for both, and the agent's JIT: a daemon that runs for months is measured warm. On a loaded
# 2-core machine C2 was still compiling after 60 s of traffic (half of the agent's CPU samples in the compiler), so each
# agent gets at least 30 s and then 10 s more at a time until a step adds fewer than 10 compilations (at most 150 s)
compiles() { "$JAVA_HOME/bin/jcmd" "$1" PerfCounter.print 2>/dev/null | awk -F= '/^sun.ci.totalCompiles=/ {print $2}'; }
warm() { # port pid name
  local step before after
  for step in $(seq 1 15); do
    before=$(compiles "$2")
    wrk -t2 -c64 -d10s -s "$WORK/paths.lua" "http://127.0.0.1:$1/segments/" >/dev/null
    after=$(compiles "$2")
    if [ "$step" -ge 3 ] && [ -n "$after" ] && [ $((after - before)) -lt 10 ]; then break; fi
  done
  echo "$3 warmed for $((step * 10)) s ($after compilations, $((after - before)) in the last 10 s)"
}
warm "$AGENT_PORT" "$AGENT_PID" agent
warm "$NIO_PORT" "$NIO_PID" agent-nio
wrk -t2 -c64 -d5s -s "$WORK/paths.lua" "http://127.0.0.1:$NGINX_PORT/segments/" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  case $((round % 3)) in 1) order="agent agent-nio nginx" ;; 2) order="nginx agent agent-nio" ;; *) order="agent-nio nginx agent" ;; esac
  for server in $order; do
    case "$server" in
      agent) port=$AGENT_PORT; pid=$AGENT_PID ;;
      agent-nio) port=$NIO_PORT; pid=$NIO_PID ;;
      *) port=$NGINX_PORT; pid=$NGINX_PID ;;
    esac
    echo "$round $(run "$server" "http://127.0.0.1:$port/segments/" "$pid")"
  done
done | tee "$WORK/results"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# columns: round server req/s MB/s p99 CPU-ms-per-request
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
                   if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 } return v + 0 }
  { mbs[$1, $2] = $4; rps[$1, $2] = $3; p99[$1, $2] = ms($5); cpu[$1, $2] = $6; rounds = $1 > rounds ? $1 : rounds }
  END {
    for (r = 1; r <= rounds; r++) {
      ratio[r] = mbs[r, "agent"] / mbs[r, "nginx"]; am[r] = mbs[r, "agent"]; nm[r] = mbs[r, "nginx"]
      ap[r] = p99[r, "agent"]; np[r] = p99[r, "nginx"]; ar[r] = rps[r, "agent"]; nr[r] = rps[r, "nginx"]
      ac[r] = cpu[r, "agent"]; nc[r] = cpu[r, "nginx"]; nio[r] = mbs[r, "agent-nio"] / mbs[r, "nginx"]
      printf "round %d: agent (epoll) %.0f MB/s p99 %.1f ms %.3f CPU ms/req, agent (nio) %.0f MB/s, nginx %.0f MB/s p99 %.1f ms %.3f CPU ms/req: epoll %.2fx, nio %.2fx\n",
        r, am[r], ap[r], ac[r], mbs[r, "agent-nio"], nm[r], np[r], nc[r], ratio[r], nio[r]
      lo = (r == 1 || ratio[r] < lo) ? ratio[r] : lo; hi = (r == 1 || ratio[r] > hi) ? ratio[r] : hi
    }
    for (r = 1; r <= rounds; r++) { nlo = (r == 1 || nio[r] < nlo) ? nio[r] : nlo; nhi = (r == 1 || nio[r] > nhi) ? nio[r] : nhi }
    printf "RESULT on NIO (quarkus.vertx.prefer-native-transport=false): agent/nginx %.2fx (rounds %.2f-%.2fx)\n", median(nio, rounds), nlo, nhi
    printf "RESULT median over %d rounds: agent (epoll) %.0f MB/s (%.0f req/s, p99 %.1f ms, %.3f CPU ms/req) vs nginx %.0f MB/s (%.0f req/s, p99 %.1f ms, %.3f CPU ms/req); agent/nginx %.2fx (rounds %.2f-%.2fx)\n",
      rounds, median(am, rounds), median(ar, rounds), median(ap, rounds), median(ac, rounds), median(nm, rounds), median(nr, rounds),
      median(np, rounds), median(nc, rounds), median(ratio, rounds), lo, hi
  }' "$WORK/results"
