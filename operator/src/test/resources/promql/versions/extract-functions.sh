#!/bin/sh
# Writes functions-<tag>.txt for every supported Prometheus release: each PromQL function as
# promql/parser/functions.go declares it at that tag (Name, ArgTypes, Variadic, ReturnType,
# Experimental), one a line, sorted by name.
# Usage: extract-functions.sh <bare clone of github.com/prometheus/prometheus with its tags>
set -eu
export LC_ALL=C
repo=${1:-/work/.mirror/prometheus+prometheus/repo}
dir=$(cd "$(dirname "$0")" && pwd)
tags="v2.42.0 v2.43.0 v2.44.0 v2.45.0 v2.46.0 v2.47.0 v2.48.0 v2.49.0 v2.50.0 v2.51.0 v2.52.0
v2.53.0 v2.54.0 v2.55.0 v3.0.0 v3.1.0 v3.2.0 v3.3.0 v3.4.0 v3.5.0"
for tag in $tags; do
  out="$dir/functions-$tag.txt"
  {
    echo "# source: github.com/prometheus/prometheus, promql/parser/functions.go at tag $tag"
    echo "# commit: $(git -C "$repo" rev-parse "$tag^{commit}")"
    echo "# extracted by extract-functions.sh; columns: name | argument types | variadic | return type | experimental"
    git -C "$repo" show "$tag:promql/parser/functions.go" | awk '
      function type(t) {
        sub(/^ValueType/, "", t)
        return tolower(t)
      }
      /^var Functions = map\[string\]\*Function\{/ { inside = 1; next }
      inside && /^}/ { inside = 0 }
      !inside { next }
      /^\t"[a-z0-9_]+": \{$/ { name = ""; args = ""; variadic = 0; ret = ""; experimental = "false"; next }
      /^\t\tName:/ { name = $2; gsub(/[",]/, "", name); next }
      /^\t\tArgTypes:/ {
        line = $0
        sub(/^[^{]*\{/, "", line); sub(/\},$/, "", line)
        n = split(line, parts, /, */)
        args = ""
        for (i = 1; i <= n; i++) if (parts[i] != "") args = args (args == "" ? "" : ",") type(parts[i])
        next
      }
      /^\t\tVariadic:/ { variadic = $2; sub(/,$/, "", variadic); next }
      /^\t\tReturnType:/ { ret = $2; sub(/,$/, "", ret); ret = type(ret); next }
      /^\t\tExperimental:/ { experimental = $2; sub(/,$/, "", experimental); next }
      /^\t},$/ { print name " | " args " | " variadic " | " ret " | " experimental; next }
      { print "unparsed line: " $0 > "/dev/stderr"; exit 1 }
    ' | sort
  } > "$out"
done
