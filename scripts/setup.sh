#!/usr/bin/env bash
# Create .venv and install Supple into it (with the test tools when called with --dev).
# Safe to run again: it only reinstalls when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Supple needs Python 3.11 or newer; '$PY' is $("$PY" --version 2>&1)." >&2
  exit 1
fi
./scripts/system-deps.sh "${1:-}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extra=""
stamp=.venv/.supple-installed
if [ "${1:-}" = "--dev" ]; then extra="[dev]"; stamp=.venv/.supple-installed-dev; fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Supple${extra:+ and its test tools} into .venv (the first time takes a few minutes; each package is listed as it comes) ..."
  # pip's own lines, shortened to one per package fetched, then the install step; errors are shown whole.
  "$PY" -u scripts/pip_progress.py .venv/bin/python -u -m pip install --disable-pip-version-check --progress-bar off -e ".${extra}" || true
  .venv/bin/python -c "import supple" # fails loudly if the install did not work
  touch "$stamp"
fi
