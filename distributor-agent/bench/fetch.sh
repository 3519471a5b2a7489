#!/usr/bin/env bash
# Fetch benchmark: a 200-segment content from 8 rate-limited sources vs 1 such source (goal >= 6x).
# Usage (from the repository root): ./shoal bench fetch [SEGMENTS] [SEGMENT_BYTES] [BYTES_PER_SECOND_PER_SOURCE]
# (it compiles the agent's tests with the modules they need and writes their class path, then runs this script)
# BENCH_VERBOSE=1 prints each source's share and busy time; BENCH_JAVA_OPTS adds JVM options (e.g.
# -Dsun.net.httpserver.nodelay=false: fake sources with Nagle's algorithm, as before they set TCP_NODELAY).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MOD="$ROOT/distributor-agent"
CP_FILE="$MOD/target/bench.classpath"
[ -f "$CP_FILE" ] || { echo "run it as ./shoal bench fetch, which builds the agent's tests first" >&2; exit 2; }
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "$MOD/target/classes:$MOD/target/test-classes:$(cat "$CP_FILE")" \
  "$MOD/bench/FetchBench.java" "${1:-200}" "${2:-262144}" "${3:-4000000}"
