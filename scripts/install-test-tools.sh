#!/usr/bin/env bash
# Installs the real validators the tests run (promtool, amtool) when they are missing, and says
# so when kubectl, which the demo API tests run, is missing.
# Debian/Ubuntu: apt-get as root, or through sudo. A no-op where both are on PATH already.
set -euo pipefail

# kubectl is not packaged for Debian at a version that reads OpenAPI v3 (bookworm has 1.20): the
# tests that run it against the demo API skip without it, or fail under CI=true.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "install-test-tools: kubectl (1.27 or later) is missing; install it as" \
    "https://kubernetes.io/docs/tasks/tools/ says, or the kubectl tests skip (fail under CI=true)" >&2
fi

if command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: promtool/amtool missing and no apt-get here;" \
    "install Prometheus and Alertmanager's command-line tools by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-test-tools: installing prometheus and prometheus-alertmanager for promtool and amtool" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  prometheus prometheus-alertmanager >/dev/null
# The packages' services are not wanted: tests start and stop what they use.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now prometheus prometheus-alertmanager >/dev/null 2>&1 || true
fi
command -v promtool >/dev/null && command -v amtool >/dev/null
