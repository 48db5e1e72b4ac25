#!/usr/bin/env bash
# Builds the Coq proofs in this directory and checks that every main
# theorem is closed under the global context (no holes, no extra
# logical assumptions).  Does not install anything: needs coqc (8.16)
# and MathComp (libcoq-mathcomp-algebra) already installed.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"

fail() { echo "check.sh: FAIL: $*" >&2; exit 1; }

command -v coqc >/dev/null 2>&1 || fail "coqc not found (install coq and libcoq-mathcomp-algebra)"
command -v coq_makefile >/dev/null 2>&1 || fail "coq_makefile not found"
echo "check.sh: $(coqc --version | head -n 1)"

# The .v files of the development: those listed in _CoqProject, plus
# Assumptions.v (compiled separately below).
mapfile -t SOURCES < <(grep -E '^[^-#].*\.v$' _CoqProject)
[ "${#SOURCES[@]}" -gt 0 ] || fail "no .v files listed in _CoqProject"
for f in *.v; do
  [ "$f" = Assumptions.v ] && continue
  printf '%s\n' "${SOURCES[@]}" | grep -qxF "$f" || fail "$f is not listed in _CoqProject"
done

# 1. No holes or assumed results in the sources (also not in comments).
if grep -nwE 'Admitted|admit|Axiom|Axioms|Parameter|Parameters|Hypothesis|Hypotheses|Conjecture|Variable[s]? .*: *Prop' ./*.v; then
  fail "forbidden keyword (hole or assumption) found in the sources above"
fi

# 2. Build.
coq_makefile -f _CoqProject -o Makefile.coq >/dev/null
make -s -f Makefile.coq -j"$(nproc 2>/dev/null || echo 2)"

# 3. Every Theorem of the development must be checked in Assumptions.v.
mapfile -t THEOREMS < <(grep -hoE '^Theorem [A-Za-z0-9_'"'"']+' "${SOURCES[@]}" | awk '{print $2}')
for t in "${THEOREMS[@]}"; do
  grep -qE "^Print Assumptions ([A-Za-z0-9_]+\.)?${t}\.\$" Assumptions.v \
    || fail "theorem $t is not checked in Assumptions.v"
done

# 4. Print Assumptions on every main theorem; all must be closed.
FLAGS=$(grep -E '^-' _CoqProject | grep -vE '^-arg' | tr '\n' ' ')
WFLAGS=$(grep -E '^-arg' _CoqProject | sed 's/-arg //g' | tr '\n' ' ')
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
# shellcheck disable=SC2086
coqc $FLAGS $WFLAGS Assumptions.v >"$OUT" 2>&1 || { cat "$OUT"; fail "Assumptions.v does not compile"; }
expected=$(grep -cE '^Print Assumptions ' Assumptions.v)
closed=$(grep -c 'Closed under the global context' "$OUT" || true)
if grep -qE '^(Axioms|Opaque constants|Transparent constants|Section Variables):' "$OUT" \
   || [ "$closed" -ne "$expected" ]; then
  cat "$OUT"
  fail "only $closed of $expected main theorems are closed under the global context"
fi
rm -f Assumptions.vo Assumptions.vok Assumptions.vos Assumptions.glob .Assumptions.aux .lia.cache .nia.cache
echo "check.sh: OK: ${#THEOREMS[@]} main theorems; all $expected Print Assumptions answers are 'Closed under the global context'."
