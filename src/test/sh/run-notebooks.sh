#!/usr/bin/env bash
# Executes every notebooks/*.ipynb headless (Debian's jupyter-nbconvert and python3-ipykernel, whose kernel
# runs /usr/bin/python3 with python3-torch) and fails when a cell raises (a failed assert included) or when
# the outputs stored in the notebook are stale: a fresh run must print what the stored one shows, apart from
# temporary paths, addresses and durations (src/test/python/nbstale.py says exactly what is compared).
# Needs target/convmatrix.jar (mvn -B package); the notebooks find it as ../target/convmatrix.jar.
#
#   bash src/test/sh/run-notebooks.sh            # check every notebook (what CI runs)
#   bash src/test/sh/run-notebooks.sh --update   # re-execute every notebook and store its fresh outputs
#   bash src/test/sh/run-notebooks.sh [--update] notebooks/NAME.ipynb ...   # only these
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
if [ $# -gt 0 ]; then books=("$@"); else books=(notebooks/*.ipynb); fi
[ -e "${books[0]}" ] || { echo "no notebooks under notebooks/"; exit 0; }
[ -f target/convmatrix.jar ] || { echo "target/convmatrix.jar is missing: run mvn -B package first" >&2; exit 1; }
command -v jupyter-nbconvert >/dev/null 2>&1 || {
  echo "jupyter-nbconvert is missing: bash src/test/sh/install-test-deps.sh (as root) installs it" >&2; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/convmatrix-notebooks.XXXXXX")
trap 'rm -rf "$out"' EXIT
# record_timing=False: no per-cell timestamps in the stored notebooks, so --update changes only what changed.
nbopts=(--to notebook --execute --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.kernel_name=python3
        --ExecutePreprocessor.record_timing=False)
failed=0
for nb in "${books[@]}"; do
  name=$(basename "$nb" .ipynb)
  echo "== $nb"
  start=$(date +%s)
  if [ "$update" = 1 ]; then
    if jupyter-nbconvert "${nbopts[@]}" --inplace "$nb" >"$out/$name.log" 2>&1; then
      echo "stored fresh outputs ($(( $(date +%s) - start )) s)"
    else
      tail -n 40 "$out/$name.log"; echo "FAILED: $nb (not updated)"; failed=$((failed + 1))
    fi
    continue
  fi
  if ! jupyter-nbconvert "${nbopts[@]}" --output-dir "$out" --output "$name" "$nb" >"$out/$name.log" 2>&1; then
    tail -n 40 "$out/$name.log"; echo "FAILED: $nb raised (see the traceback above)"; failed=$((failed + 1))
    continue
  fi
  if /usr/bin/python3 src/test/python/nbstale.py "$nb" "$out/$name.ipynb"; then
    echo "ok: ran without error, stored outputs up to date ($(( $(date +%s) - start )) s)"
  else
    echo "FAILED: $nb has stale stored outputs; refresh them with: bash src/test/sh/run-notebooks.sh --update $nb"
    failed=$((failed + 1))
  fi
done
echo "notebooks: ${#books[@]} run, $failed failed"
[ "$failed" -eq 0 ]
