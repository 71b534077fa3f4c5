#!/usr/bin/env bash
# Makes the operator's application class-data-sharing archive (dynamic AppCDS, JEP 350, JDK 13+;
# used with JDK 17): runs the jar with -XX:ArchiveClassesAtExit against a Kubernetes API until
# /readyz answers and it has reconciled for a few seconds, then stops it with SIGTERM; the JVM
# writes the classes it loaded.
# A JVM started with -XX:SharedArchiveFile=<archive> then maps them instead of loading them.
#
#   scripts/class-data-archive.sh OPERATOR_JAR ARCHIVE [DEMO_JAR]
#
# With KUBECONFIG set, that API is used (the benchmark's); otherwise DEMO_JAR serves one (the image
# build). The archive is only valid for the same JVM build and the same jar path, so the image
# makes it in its own base image with the jar where it runs. Used by the Dockerfile and by
# OperatorBenchmark, so that both measure and ship the same archive.
set -euo pipefail

operator_jar=$1
archive=$2
demo_jar=${3:-}
java=${JAVA:-java}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Ports in a build container are all free; the benchmark passes one it knows to be free.
port() { echo $((20000 + RANDOM % 20000)); }

status_line() { # port path: the first line of the answer of 127.0.0.1, nothing if none
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3 && head -n1 <&3) \
    2>/dev/null || true
}

until_answers() { # port path: waits up to 60 s for an HTTP 200
  for _ in $(seq 600); do
    status_line "$1" "$2" | grep -q ' 200 ' && return 0
    sleep 0.1
  done
  echo "no 200 from 127.0.0.1:$1$2 within 60 s" >&2
  return 1
}

if [ -z "${KUBECONFIG:-}" ]; then
  [ -n "$demo_jar" ] || { echo "set KUBECONFIG or give DEMO_JAR" >&2; exit 2; }
  export KUBECONFIG=$work/kubeconfig
  "$java" -jar "$demo_jar" --without-prometheus --http-port "$(port)" --kubeconfig "$KUBECONFIG" \
    --log-file "$work/demo.log" >"$work/demo.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do [ -s "$KUBECONFIG" ] && break; sleep 0.1; done
fi

http_port=${CLASS_DATA_HTTP_PORT:-$(port)}
# A small heap, as in the pod: the JVM maps the archive only with the compressed-oops setting it was
# made with, and a build host with much memory would otherwise train without them.
LOG_FORMAT=json "$java" -Xmx512m -XX:ArchiveClassesAtExit="$archive" -jar "$operator_jar" run \
  --http-port "$http_port" >"$work/operator.log" 2>&1 &
operator=$!
pids+=("$operator")
until_answers "$http_port" /readyz || { cat "$work/operator.log" >&2; exit 1; }
# Reconciles and the metrics endpoint load their classes too; start-up gains most from the rest.
sleep 3
until_answers "$http_port" /metrics
kill -TERM "$operator"
wait "$operator" || true
[ -s "$archive" ] || { echo "no archive written" >&2; cat "$work/operator.log" >&2; exit 1; }
echo "wrote $archive ($(du -h "$archive" | cut -f1))"
