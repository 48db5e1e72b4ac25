#!/usr/bin/env bash
# Installs what the test suite needs beyond Java 17 when it is missing, from Debian's packages:
# Coq, MathComp and Flocq (for proofs/), Maven, and the Python stack of the Python-side checks. Needs root and apt-get to install; otherwise it says what
# to install and fails. Maven itself fetches the Java dependencies from Maven Central.
set -euo pipefail

need_pkgs=()
command -v coqc >/dev/null 2>&1 || need_pkgs+=(coq)
if ! ls /usr/lib/ocaml/coq/user-contrib/mathcomp/algebra >/dev/null 2>&1 \
   && ! ls "$(coqc -where 2>/dev/null)/user-contrib/mathcomp/algebra" >/dev/null 2>&1; then
  need_pkgs+=(libcoq-mathcomp-algebra)
fi
if ! ls "$(coqc -where 2>/dev/null)/user-contrib/Flocq/Core" >/dev/null 2>&1 \
   && ! ls /usr/lib/ocaml/coq/user-contrib/Flocq/Core >/dev/null 2>&1; then
  need_pkgs+=(libcoq-flocq)
fi
command -v mvn >/dev/null 2>&1 || need_pkgs+=(maven)
# The Python side (bridge tests, notebooks): Debian's PyTorch 1.13 and friends.
py_pkgs=(python3-torch python3-scipy python3-numpy python3-matplotlib jupyter-nbconvert python3-ipykernel)
for p in "${py_pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing ${need_pkgs[*]} (Debian packages)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
else
  echo "missing: ${need_pkgs[*]}; install them with: sudo apt-get install -y --no-install-recommends ${need_pkgs[*]}" >&2
  exit 1
fi
