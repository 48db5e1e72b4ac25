#!/usr/bin/env bash
# The checks that need Python (Debian's python3-torch and friends, installed by install-test-deps.sh):
# every src/test/python/test_*.py (run with /usr/bin/python3; each exits non-zero on a failure) and,
# when present, the notebooks (src/test/sh/run-notebooks.sh). Needs target/convmatrix.jar (mvn package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
PY=/usr/bin/python3
[ -f target/convmatrix.jar ] || mvn -q -B -DskipTests package
passed=0
failed=0
for t in src/test/python/test_*.py; do
  [ -e "$t" ] || continue
  echo "== $t"
  if "$PY" "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
if [ -f src/test/sh/run-notebooks.sh ]; then
  echo "== notebooks"
  if bash src/test/sh/run-notebooks.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: notebooks"; fi
fi
echo "python: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
