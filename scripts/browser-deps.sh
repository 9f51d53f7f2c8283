#!/usr/bin/env bash
# What the browser tests need: Debian's Chromium (Playwright cannot download a browser here)
# and axe-core from npm for the accessibility checks. Installed once; quick when present.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Chromium (apt)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing and cannot be installed here: browser tests will be skipped." >&2
  fi
fi
if [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  echo "== installing axe-core (npm)"
  mkdir -p .cache/npm
  (cd .cache/npm && npm install --silent --no-audit --no-fund axe-core@4.14.1 >/dev/null)
fi
# Lighthouse for the page-quality test (tests/browser/test_lighthouse.py); 12.2.3 runs on Node 20.
if [ ! -f .cache/npm/node_modules/lighthouse/cli/index.js ] && command -v npm >/dev/null 2>&1; then
  echo "== installing Lighthouse (npm)"
  mkdir -p .cache/npm
  (cd .cache/npm && npm install --silent --no-audit --no-fund -E lighthouse@12.2.3 >/dev/null)
fi
