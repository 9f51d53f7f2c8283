#!/usr/bin/env bash
# The fast checks, for every change (target: under 60 s): lint, format, types, import contracts, unit tests.
# `make test` (scripts/test.sh) runs these and every other test (stores, CLI, server, browser, camera).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/lint-imports ] || ./scripts/setup.sh --dev
start=$(date +%s)
echo "== ruff (lint and format)"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== import contracts"
.venv/bin/lint-imports
echo "== unit tests"
.venv/bin/python -m pytest tests/unit -q -p no:cacheprovider "$@"
echo "== make check took $(( $(date +%s) - start )) s"
