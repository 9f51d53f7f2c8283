#!/usr/bin/env bash
# Debian packages Supple needs outside Python: Pango for the PDF report (WeasyPrint), libGL for
# OpenCV (pose estimation), fonts; with --dev also poppler-utils (the tests render the PDF to images).
# Installed with apt when missing and we are root; quick when present.
set -euo pipefail
need=(libpango-1.0-0 libpangoft2-1.0-0 libgl1 libglib2.0-0 fonts-dejavu-core)
if [ "${1:-}" = "--dev" ]; then need+=(poppler-utils); fi
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing ${missing[*]} (apt)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Supple needs these Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
