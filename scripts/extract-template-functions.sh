#!/usr/bin/env bash
# Extracts what Prometheus' alert templates may call at each supported tag, as test data for
# TemplateFunctionsTest: the keys of NewTemplateExpander's funcMap (template/template.go) and the
# Go the release is built with (.promu.yml, go.version); and text/template's builtins of go1.19
# (src/text/template/funcs.go, builtins) from Debian's golang-1.19-src.
#
# Usage: scripts/extract-template-functions.sh [prometheus-git-dir] [go-1.19-root]
set -euo pipefail

prometheus="${1:-/work/.mirror/prometheus+prometheus/repo}"
goroot="${2:-/usr/share/go-1.19}"
out="$(cd "$(dirname "$0")/.." && pwd)/operator/src/test/resources/promql/templates"
mkdir -p "$out"

tags=()
for minor in $(seq 42 55); do tags+=("v2.$minor.0"); done
for minor in $(seq 0 5); do tags+=("v3.$minor.0"); done

for tag in "${tags[@]}"; do
  {
    echo "# prometheus/prometheus $tag: .promu.yml (go.version) and template/template.go"
    echo "# (the keys of NewTemplateExpander's funcMap); by scripts/extract-template-functions.sh"
    git -C "$prometheus" show "$tag:.promu.yml" \
      | awk '/^go:/ {go=1; next} go && /version:/ {print "go " $2; exit}'
    git -C "$prometheus" show "$tag:template/template.go" \
      | awk '/^func NewTemplateExpander/,/^}/' \
      | grep -oP '^\t\t\t"\K[A-Za-z0-9_]+(?=":)' \
      | sort | sed 's/^/function /'
  } > "$out/prometheus-$tag.txt"
done

{
  echo "# golang/go go1.19 ($goroot, Debian's golang-1.19-src):"
  echo "# src/text/template/funcs.go (the keys of builtins); by scripts/extract-template-functions.sh"
  awk '/^func builtins\(\)/,/^}/' "$goroot/src/text/template/funcs.go" \
    | grep -oP '^\t\t"\K[a-z]+(?=":)' | sort | sed 's/^/function /'
} > "$out/go1.19-builtins.txt"
