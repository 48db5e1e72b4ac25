#!/usr/bin/env bash
# The whole test suite: the Coq proofs in proofs/ and the Java tests (mvn test).
# Run from anywhere:  bash src/test/sh/test-all.sh
# Installs what it needs from Debian's packages when it can (root + apt-get) and they are missing:
#   coq libcoq-mathcomp-algebra  (the proofs).  Maven fetches the Java dependencies from Maven Central.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo"

need_pkgs=()
command -v coqc >/dev/null 2>&1 || need_pkgs+=(coq)
if ! ls /usr/lib/ocaml/coq/user-contrib/mathcomp/algebra >/dev/null 2>&1 \
   && ! ls "$(coqc -where 2>/dev/null)/user-contrib/mathcomp/algebra" >/dev/null 2>&1; then
  need_pkgs+=(libcoq-mathcomp-algebra)
fi
command -v mvn >/dev/null 2>&1 || need_pkgs+=(maven)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${need_pkgs[*]} (Debian packages)"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "missing: ${need_pkgs[*]}; install them with: sudo apt-get install -y --no-install-recommends ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

echo "== proofs (Coq $(coqc --print-version 2>/dev/null | cut -d' ' -f1))"
bash proofs/check.sh

echo "== Java tests"
mvn -B -ntp test
