#!/usr/bin/env bash
# Serving benchmark: 2 MB segments to 64 concurrent clients with wrk, the agent vs nginx serving the same
# files from the same disk, in one run (agent, nginx, agent, nginx; the better of each pair is reported).
# Usage (from the repository root, after `mvn -pl distributor-agent package`):
#   distributor-agent/bench/serve.sh [SECONDS] [SEGMENTS]
# Installs wrk and nginx from Debian when missing and running as root. Stops everything it starts, by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SECONDS_EACH="${1:-15}"
SEGMENTS="${2:-32}"
JAR="$ROOT/distributor-agent/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || { echo "build the agent first: mvn -pl distributor-agent package -DskipTests" >&2; exit 2; }
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "$tool is missing (apt-get install -y wrk nginx)" >&2; exit 2; }
    apt-get install -y -qq wrk nginx >/dev/null
  fi
done

WORK="$(mktemp -d /tmp/shoal-serve-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx's workers run as an unprivileged user
AGENT_PID=""; NGINX_PID=""
cleanup() {
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null && wait "$AGENT_PID" 2>/dev/null || true
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

AGENT_PORT=$(free_port)
"$JAVA_HOME/bin/java" -Xmx512m -Dquarkus.http.port="$AGENT_PORT" -Dshoal.agent.data-dir="$WORK/data" \
  -Dshoal.agent.quota=100GB -Dquarkus.log.level=WARN -jar "$JAR" > "$WORK/agent.log" 2>&1 & AGENT_PID=$!

first=$(head -1 "$WORK/ids")
for url in "http://127.0.0.1:$AGENT_PORT/segments/$first" "http://127.0.0.1:$NGINX_PORT/segments/$first"; do
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$url" && break; sleep 0.5; done
  curl -sf -o /dev/null "$url" || { echo "no answer from $url"; tail -20 "$WORK/agent.log" "$WORK/nginx/logs/error.log"; exit 1; }
done
cmp <(curl -s "http://127.0.0.1:$AGENT_PORT/segments/$first") "$WORK/data/segments/${first:0:2}/$first"

run() { # name url -> prints "name req/s MB/s p99"
  wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency -s "$WORK/paths.lua" "$2" > "$WORK/wrk.out"
  local rps mbs p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  mbs=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub(/GB/,"",v); v*=1024} else sub(/MB/,"",v); print v}' "$WORK/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.out")
  echo "$1 $rps $mbs $p99"
}
# warm-up (JIT, page cache), then alternate
wrk -t2 -c64 -d5s -s "$WORK/paths.lua" "http://127.0.0.1:$AGENT_PORT/segments/" >/dev/null
wrk -t2 -c64 -d3s -s "$WORK/paths.lua" "http://127.0.0.1:$NGINX_PORT/segments/" >/dev/null
{
  run agent "http://127.0.0.1:$AGENT_PORT/segments/"
  run nginx "http://127.0.0.1:$NGINX_PORT/segments/"
  run agent "http://127.0.0.1:$AGENT_PORT/segments/"
  run nginx "http://127.0.0.1:$NGINX_PORT/segments/"
} | tee "$WORK/results"
awk '
  { if ($3 > best[$1]) { best[$1] = $3; rps[$1] = $2; p99[$1] = $4 } }
  END {
    printf "RESULT agent %.0f MB/s (%s req/s, p99 %s) vs nginx %.0f MB/s (%s req/s, p99 %s): %.2fx\n",
      best["agent"], rps["agent"], p99["agent"], best["nginx"], rps["nginx"], p99["nginx"], best["agent"] / best["nginx"]
  }' "$WORK/results"
