"""Lighthouse scores of the pages a person uses most, against the bar of issue 13: performance at least
90, accessibility 100, best practices at least 95 (mobile emulation, npm lighthouse 12.2.3 against
Debian's Chromium, offline). A fresh `supple serve` on an empty store in a temporary folder; the median
of --runs runs per page. Exit code 1 when a median is below the bar.

Run: .venv/bin/python benchmarks/lighthouse.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.lighthouse import BAR, LIGHTHOUSE, audit, main_pages  # noqa: E402
from tests.browser.support import Api  # noqa: E402
from tests.server.live import free_port, start, stop  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is reported")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run ./scripts/browser-deps.sh first.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        port = free_port()
        proc = start(home / "s.db", port, home)
        try:
            base = f"http://127.0.0.1:{port}"
            pages = main_pages(base, Api(base), "Lighthouse Lou")
            rows = []
            for label, url in pages.items():
                runs = [audit(url, home / f"{label.replace(' ', '-')}-{i}.json") for i in range(args.runs)]
                rows.append((label, {k: statistics.median(r[k] for r in runs) for k in BAR}))
        finally:
            stop(proc)
    print("\n| page | performance | accessibility | best practices |\n|---|---|---|---|")
    below = []
    for label, med in rows:
        print(
            f"| {label} | {med['performance'] * 100:.0f} | {med['accessibility'] * 100:.0f} | "
            f"{med['best-practices'] * 100:.0f} |"
        )
        below += [f"{label} {k} {med[k]:.2f} < {bar}" for k, bar in BAR.items() if med[k] < bar]
    print("\n" + ("below the bar: " + "; ".join(below) if below else "every page meets the bar"))
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main())
