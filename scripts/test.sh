#!/usr/bin/env bash
# Install everything and run the whole test suite: lint, format, types, import contracts, tests.
# Starts a throwaway PostgreSQL server (installed with apt when missing) so the store is tested on it too.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --dev
./scripts/browser-deps.sh
. scripts/postgres.sh
start_postgres
trap stop_postgres EXIT

echo "== ruff (lint and format)"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== import contracts"
.venv/bin/lint-imports
echo "== pytest"
# Every test runs here: a skipped one (a missing tool or file) fails the run (tests/no_skips.py).
SUPPLE_TEST_NO_SKIPS=1 .venv/bin/python -m pytest "$@"
