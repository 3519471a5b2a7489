#!/usr/bin/env bash
# Marketplace throughput with 1, 2 and 4 instances on the same PostgreSQL, each count behind the same HAProxy hop
# (./shoal up --instances N --balancer): for each count, a fresh stack, its sample's replicas awaited, a warm-up, then
# ROUNDS rounds of wrk on three request paths through the balancer, in an order that rotates from round to round:
#   locate   GET /api/locate/{sample}       the locator (holders cached per content, a signed ticket per request)
#   catalog  GET /api/catalog?q=shoal       a full-text catalog search (one PostgreSQL query per request)
#   liveness GET /q/health/live             the reference: the same hop and instances, no work behind it
# The result is each path's median req/s per instance count and its scaling against one instance.
# Each stack runs 7 agents for the sample's 5 replicas: under wrk's load an agent can miss an audit deadline and lose a
# replica, and placement never gives an order back to an agent that lost a replica of it, so with exactly 5 agents a
# lost replica stayed lost (the 4-instance stack once ranked 3 holders instead of 5).
# Usage (from the repository root): ./shoal bench scale [SECONDS] [ROUNDS] [CONNECTIONS] [COUNTS]
#   defaults: 10 3 64 "1 2 4". It refuses to run over a running stack (./shoal down first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_EACH="${1:-10}"
ROUNDS="${2:-3}"
CONNECTIONS="${3:-64}"
COUNTS="${4:-1 2 4}"
WORK="$(mktemp -d /tmp/shoal-scale-bench.XXXXXX)"
source "$ROOT/marketplace/bench/lib.sh"
need_wrk
if market_up; then
  echo "a Shoal stack is running: ./shoal down first (each instance count starts its own)" >&2
  exit 2
fi
trap '"$ROOT/shoal" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
echo "cores: $(nproc); memory: $(free -g | awk '/Mem:/ {print $2}') GB"
for n in $COUNTS; do
  echo "== $n instance(s): ./shoal up --instances $n --balancer --agents 7"
  "$ROOT/shoal" up --instances "$n" --balancer --agents 7 >/dev/null
  MARKET=$(market_url)
  CONTENT=$(sample_content)
  await_replicas "$MARKET" "$CONTENT"
  declare -A URL=([locate]="$MARKET/api/locate/$CONTENT" [catalog]="$MARKET/api/catalog?q=shoal" [liveness]="$MARKET/q/health/live")
  for what in locate catalog liveness; do # warm-up: the JIT of every instance on every path
    wrk -t2 -c"$CONNECTIONS" -d5s "${URL[$what]}" >/dev/null
  done
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in $(seq 1 "$ROUNDS"); do
    case $((round % 3)) in
      1) order="locate catalog liveness" ;;
      2) order="catalog liveness locate" ;;
      0) order="liveness locate catalog" ;;
    esac
    for what in $order; do
      echo "$n $round $(wrk_run "$what" "${URL[$what]}")"
    done
  done | tee -a "$WORK/results"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$ROOT/shoal" down >/dev/null
done
awk "$AWK_MEDIAN"'
  { rps[$1, $3, $2] = $4; rounds[$1] = $2 > rounds[$1] ? $2 : rounds[$1]; if (!($1 in seen)) { seen[$1] = 1; counts[++nc] = $1 } }
  END {
    printf "RESULT %-9s %14s %14s %14s %10s %10s\n", "instances", "locate req/s", "catalog req/s", "liveness req/s", "locate", "catalog"
    for (i = 1; i <= nc; i++) {
      n = counts[i]
      for (p = 1; p <= 3; p++) {
        path = p == 1 ? "locate" : p == 2 ? "catalog" : "liveness"
        delete a; for (r = 1; r <= rounds[n]; r++) a[r] = rps[n, path, r]
        med[n, path] = median(a, rounds[n])
      }
      base = counts[1]
      printf "RESULT %-9s %14.0f %14.0f %14.0f %9.2fx %9.2fx\n", n, med[n, "locate"], med[n, "catalog"], med[n, "liveness"],
        med[n, "locate"] / med[base, "locate"], med[n, "catalog"] / med[base, "catalog"]
    }
    print "(the last two columns: median req/s against the first instance count, through the same balancer)"
  }' "$WORK/results"
