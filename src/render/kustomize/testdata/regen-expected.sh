#!/usr/bin/env bash
# Re-creates expected.yaml (or expected-error.txt) of every case here with `kubectl kustomize`
# (kubectl v1.32, kustomize v5.5.0), and expected-warnings.txt with the warnings it printed (none: no
# file). Usage: ./regen-expected.sh [case...]
set -u
cd "$(dirname "$0")"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=($(ls -d */ | tr -d /))
for c in "${cases[@]}"; do
  rm -f "$c/expected.yaml" "$c/expected-error.txt" "$c/expected-warnings.txt"
  if out=$(kubectl kustomize "$c" 2>/tmp/regen-err.txt); then
    printf '%s\n' "$out" > "$c/expected.yaml"
    echo "ok    $c"
  else
    grep -v "^# Warning" /tmp/regen-err.txt | sed -E "s/^E[0-9]+ [0-9:.]+ +[0-9]+ [a-z_.]+:[0-9]+\] //" | sed "s#$(pwd)/##g" > "$c/expected-error.txt"
    echo "error $c: $(head -c 200 "$c/expected-error.txt")"
  fi
  if grep -q "^# Warning" /tmp/regen-err.txt; then grep "^# Warning" /tmp/regen-err.txt > "$c/expected-warnings.txt"; fi
done
