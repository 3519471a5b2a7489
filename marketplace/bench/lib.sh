# Shared by the marketplace's HTTP benchmarks (locate.sh, scale.sh); sourced, not run. Expects ROOT and WORK set.
LOG="$ROOT/.shoal/logs/supervisor.log"

need_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
    apt-get install -y -qq wrk >/dev/null
  fi
}

market_up() { # is the marketplace (or its balancer) UP in the running stack?
  "$ROOT/shoal" status --json 2>/dev/null | python3 -c 'import json,sys
sys.exit(0 if any(s["name"] == "marketplace" and s["state"] == "UP" for s in json.load(sys.stdin)["services"]) else 1)'
}

market_url() { # the marketplace's public address: itself, or its balancer with several instances
  "$ROOT/shoal" status --json | python3 -c 'import json,sys; print(next(s["url"] for s in json.load(sys.stdin)["services"] if s["name"]=="marketplace"))'
}

sample_content() { # the sample video's content id, once the launcher has published it
  local content=""
  for _ in $(seq 1 240); do
    content=$(sed -n 's/.*sample video: content \([0-9a-f]\{64\}\).*/\1/p' "$LOG" | tail -1)
    [ -n "$content" ] && break
    sleep 1
  done
  [ -n "$content" ] || { echo "no sample video in $LOG (was the stack started with --no-sample?)" >&2; exit 1; }
  echo "$content"
}

await_replicas() { # MARKET CONTENT: until the locator lists the sample's 5 replicas, so a locate ranks real holders
  local agents=0
  for _ in $(seq 1 300); do
    agents=$(curl -sf "$1/api/locate/$2" | python3 -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin)["sources"] if s["kind"]=="agent"))' 2>/dev/null || echo 0)
    [ "$agents" -ge 5 ] && break
    sleep 1
  done
  echo "the locator lists $agents agents and the origin"
}

wrk_run() { # NAME URL -> "NAME req/s p99"; any non-2xx answer stops the benchmark
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$2" > "$WORK/wrk.out"
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out")
  [ -z "$non2xx" ] || { echo "$1 answered $non2xx non-2xx responses" >&2; cat "$WORK/wrk.out" >&2; exit 1; }
  echo "$1 $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out") $(awk '$1=="99%" {print $2}' "$WORK/wrk.out")"
}

# awk: the median of a[1..n]
AWK_MEDIAN='function median(a, n,   i, j, t, b) {
    for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 2; i <= n; i++) { t = b[i]; for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]; b[j + 1] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
  }'
