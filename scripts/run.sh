#!/usr/bin/env bash
# Install Supple (first time only) and start it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/supple "$@"
