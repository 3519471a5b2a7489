#!/usr/bin/env bash
# Fetch benchmark: a 200-segment content from 8 rate-limited sources vs 1 such source (goal >= 6x).
# Usage (from the repository root, after the module is built with its tests compiled):
#   distributor-agent/bench/fetch.sh [SEGMENTS] [SEGMENT_BYTES] [BYTES_PER_SECOND_PER_SOURCE]
# BENCH_VERBOSE=1 prints each source's share and busy time; BENCH_JAVA_OPTS adds JVM options (e.g.
# -Dsun.net.httpserver.nodelay=false: fake sources with Nagle's algorithm, as before they set TCP_NODELAY).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MOD="$ROOT/distributor-agent"
[ -d "$MOD/target/test-classes" ] || (cd "$ROOT" && mvn -B -q -o -pl distributor-agent test-compile -Dquarkus.build.skip)
CP_FILE="$MOD/target/bench.classpath"
(cd "$ROOT" && mvn -B -q -o -pl distributor-agent dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null)
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "$MOD/target/classes:$MOD/target/test-classes:$(cat "$CP_FILE")" \
  "$MOD/bench/FetchBench.java" "${1:-200}" "${2:-262144}" "${3:-4000000}"
