#!/usr/bin/env bash
# Builds the Coq proofs in this directory and checks that every main
# theorem is closed under the global context (no holes, no extra
# logical assumptions).  Then extracts the matrices of the suite of
# Suite.v to OCaml, runs them, and fails unless they equal the copies
# under src/test/resources/coq-matrices/ (which CoqMatricesTest compares
# with KernelToMatrix).  `check.sh --write-matrices` rewrites those copies.
# Does not install anything: needs coqc (8.16), ocamlopt (both from
# Debian's coq package), MathComp (libcoq-mathcomp-algebra) and Flocq
# (libcoq-flocq).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"

fail() { echo "check.sh: FAIL: $*" >&2; exit 1; }

command -v coqc >/dev/null 2>&1 || fail "coqc not found (install coq and libcoq-mathcomp-algebra)"
command -v coq_makefile >/dev/null 2>&1 || fail "coq_makefile not found"
ls "$(coqc -where)/user-contrib/Flocq/Core" >/dev/null 2>&1 \
  || fail "Flocq not found (FloatDot.v needs it; Debian: apt-get install libcoq-flocq)"
echo "check.sh: $(coqc --version | head -n 1)"

# The .v files of the development: those listed in _CoqProject, plus
# Assumptions.v and SuiteExtract.v (compiled separately below).
mapfile -t SOURCES < <(grep -E '^[^-#].*\.v$' _CoqProject)
[ "${#SOURCES[@]}" -gt 0 ] || fail "no .v files listed in _CoqProject"
for f in *.v; do
  [ "$f" = Assumptions.v ] || [ "$f" = AssumptionsReals.v ] || [ "$f" = SuiteExtract.v ] && continue
  printf '%s\n' "${SOURCES[@]}" | grep -qxF "$f" || fail "$f is not listed in _CoqProject"
done

# 1. No holes or assumed results in the sources (also not in comments).
if grep -nwE 'Admitted|admit|Axiom|Axioms|Parameter|Parameters|Hypothesis|Hypotheses|Conjecture|Variable[s]? .*: *Prop' ./*.v; then
  fail "forbidden keyword (hole or assumption) found in the sources above"
fi

# 2. Build.
coq_makefile -f _CoqProject -o Makefile.coq >/dev/null
make -s -f Makefile.coq -j"$(nproc 2>/dev/null || echo 2)"

# 3. Every Theorem of the development must be checked in Assumptions.v
# (FloatDot.v's in AssumptionsReals.v).
mapfile -t THEOREMS < <(grep -hoE '^Theorem [A-Za-z0-9_'"'"']+' "${SOURCES[@]}" | awk '{print $2}')
for t in "${THEOREMS[@]}"; do
  grep -qE "^Print Assumptions ([A-Za-z0-9_]+\.)?${t}\.\$" Assumptions.v AssumptionsReals.v \
    || fail "theorem $t is not checked in Assumptions.v or AssumptionsReals.v"
done
grep -E '^Print Assumptions ' AssumptionsReals.v | grep -vqE '^Print Assumptions FloatDot\.' \
  && fail "AssumptionsReals.v may only check FloatDot.v's theorems"

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
rm -f Assumptions.vo Assumptions.vok Assumptions.vos Assumptions.glob .Assumptions.aux .lia.cache .nia.cache .nra.cache
echo "check.sh: OK: all $expected Print Assumptions answers of Assumptions.v are 'Closed under the global context'."

# 4b. The floating-point theorems (FloatDot.v, Flocq over Coq's Reals) may
# use exactly the axioms of the standard library's real numbers and the
# classical logic / functional extensionality Flocq relies on; any other
# axiom (or an opaque constant, a section variable) fails.
ALLOWED='ClassicalDedekindReals.sig_not_dec ClassicalDedekindReals.sig_forall_dec FunctionalExtensionality.functional_extensionality_dep Classical_Prop.classic'
# shellcheck disable=SC2086
coqc $FLAGS $WFLAGS AssumptionsReals.v >"$OUT" 2>&1 || { cat "$OUT"; fail "AssumptionsReals.v does not compile"; }
rm -f AssumptionsReals.vo AssumptionsReals.vok AssumptionsReals.vos AssumptionsReals.glob .AssumptionsReals.aux .nra.cache .lia.cache .nia.cache
expected_r=$(grep -cE '^Print Assumptions ' AssumptionsReals.v)
answers=$(grep -cE '^(Axioms:|Closed under the global context)' "$OUT" || true)
grep -qE '^(Opaque constants|Transparent constants|Section Variables):' "$OUT" \
  && { cat "$OUT"; fail "a floating-point theorem depends on an opaque constant or a section variable"; }
[ "$answers" -eq "$expected_r" ] || { cat "$OUT"; fail "expected $expected_r answers from AssumptionsReals.v, got $answers"; }
while read -r name; do
  case " $ALLOWED " in *" $name "*) ;; *) cat "$OUT"; fail "floating-point theorem uses axiom $name, not one of Coq's real-number axioms";; esac
done < <(grep -vE '^(Axioms:|Closed under the global context|[[:space:]]|$)' "$OUT" | awk '{print $1}')
echo "check.sh: OK: ${#THEOREMS[@]} main theorems; the $expected_r floating-point ones use only the axioms of Coq's standard Reals ($ALLOWED)."

# 5. Translation validation: the suite's matrices, computed by the entry
# formula of PaddedNd.WM_entry, extracted to OCaml (in a scratch folder).
command -v ocamlopt >/dev/null 2>&1 || fail "ocamlopt not found (Debian: ocaml-nox, a dependency of coq)"
GEN="$(mktemp -d)"
trap 'rm -f "$OUT"; rm -rf "$GEN"' EXIT
cp SuiteExtract.v suite_main.ml "$GEN"/
# shellcheck disable=SC2086
( cd "$GEN" && coqc -R "$DIR" ConvMatrix $WFLAGS SuiteExtract.v >extract.log 2>&1 ) \
  || { cat "$GEN/extract.log"; fail "SuiteExtract.v does not compile"; }
( cd "$GEN" && ocamlopt -w -a suite_extracted.mli suite_extracted.ml suite_main.ml -o suite_gen >/dev/null \
  && mkdir out && ./suite_gen out ) || fail "the extracted suite does not build or run"
RES="$DIR/../src/test/resources/coq-matrices"
if [ "${1:-}" = "--write-matrices" ]; then
  mkdir -p "$RES" && rm -f "$RES"/*.txt && cp "$GEN"/out/*.txt "$RES"/
  echo "check.sh: wrote $(ls "$GEN"/out | wc -l) matrices to $RES"
fi
diff -r -q "$GEN/out" "$RES" >/dev/null || { diff -r "$GEN/out" "$RES" | head -n 20;
  fail "the Coq matrices differ from src/test/resources/coq-matrices (rerun with --write-matrices if Suite.v changed on purpose)"; }
echo "check.sh: OK: the $(ls "$GEN"/out | wc -l) matrices of Suite.v equal src/test/resources/coq-matrices/."
