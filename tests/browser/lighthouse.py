"""Running Lighthouse (npm lighthouse 12.2.3, installed by scripts/browser-deps.sh) against Debian's
Chromium with its default mobile emulation, offline: shared by tests/browser/test_lighthouse.py and
benchmarks/lighthouse.py."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

from tests.browser.support import CHROMIUM, ROOT, Api
from tests.factories import short_screen

LIGHTHOUSE = ROOT / ".cache" / "npm" / "node_modules" / "lighthouse" / "cli" / "index.js"
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
BAR = {"accessibility": 1.0, "best-practices": 0.95, "performance": 0.90}  # issue 13


def audit(url: str, out: Path) -> dict[str, float]:
    """The three category scores (0 to 1) of one page; the failing binary audits are printed."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    cmd = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        "--form-factor=mobile",
        f"--chrome-flags={FLAGS}",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {key: float(cat["score"]) for key, cat in report["categories"].items()}
    failing = [
        f"{key}: {item['title']}"
        for key, item in report["audits"].items()
        if item.get("scoreDisplayMode") == "binary" and item.get("score") == 0
    ]
    print(f"\n{url}: {scores}" + (f"\n  failing audits: {failing}" if failing else ""))
    return scores


def main_pages(base: str, api: Api, name: str) -> dict[str, str]:
    """A screened, tested person's home, routine, player, a test page, progress, and the library."""
    api.person(name)
    p = f"{base}/p/{quote(name)}"
    short = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    return {
        "home": p,
        "routine": f"{p}/routine",
        "player": f"{p}/session/play?screening={short['screening_id']}&pain=3",
        "test page": f"{p}/tests/knee-to-wall",
        "progress": f"{p}/progress",
        "exercise library": f"{base}/exercises",
    }
