"""Load test: 50 concurrent users on the routine page and an API read, next to a bare FastAPI endpoint.

Both servers are uvicorn, one worker, on this machine. The load comes from wrk (Debian package; light
enough to leave the server a core) when installed, else from locust, headless, in a second process.
Run: .venv/bin/python benchmarks/load.py [--users 50] [--seconds 20] [--tool wrk|locust]
Goals: p95 < 100 ms, 0 errors, at least half the bare endpoint's throughput.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from tests import factories as f  # noqa: E402
from tests.server.live import free_port  # noqa: E402


def _wait(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def _seed(base: str) -> None:
    api = f"{base}/api/v1"
    httpx.post(f"{api}/profiles", json={"name": "Ann", "birth_year": 1970}).raise_for_status()
    httpx.post(f"{api}/profiles/Ann/screenings", json=f.screen_answers()).raise_for_status()
    httpx.post(f"{api}/profiles/Ann/pain", json=f.baseline()).raise_for_status()
    httpx.post(f"{api}/profiles/Ann/assessments", json=f.stiff_person_tests()).raise_for_status()


def _locust(host: str, target: str, users: int, seconds: int, out: Path) -> list[dict[str, str]]:
    prefix = out / target
    env = {**os.environ, "SUPPLE_LOAD_TARGET": target}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
        ],
        env=env,
        check=False,
        capture_output=True,  # locust exits 1 when a request failed: reported below
    )
    with open(f"{prefix}_stats.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def _wrk(url: str, users: int, seconds: int, think_ms: int = 0) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(users),
            "-d",
            f"{seconds}s",
            "-s",
            str(ROOT / "benchmarks" / "wrk_report.lua"),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "WRK_THINK_MS": str(think_ms)},
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("{"))
    r = json.loads(line)
    r["rps"] = r["requests"] / r["seconds"]
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--tool", choices=["wrk", "locust"], default="wrk" if shutil.which("wrk") else "locust")
    parser.add_argument(
        "--think-ms",
        type=int,
        default=0,
        help="pause of each user between requests (wrk only); 0 = as fast as possible",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="supple-load-"))
    port, bare_port = free_port(), free_port()
    env = {**os.environ, "HOME": str(work), "XDG_DATA_HOME": str(work)}
    supple = subprocess.Popen(
        [str(BIN / "supple"), "--db", str(work / "s.db"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    bare = subprocess.Popen(
        [str(BIN / "uvicorn"), "bare_app:app", "--port", str(bare_port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT / "benchmarks",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/api/v1/exercises")
        _wait(f"http://127.0.0.1:{bare_port}/hello")
        _seed(f"http://127.0.0.1:{port}")
        results: dict[str, dict[str, float]] = {}
        if args.tool == "wrk":
            targets = {
                "routine page": f"http://127.0.0.1:{port}/p/Ann/routine",
                "API routine read": f"http://127.0.0.1:{port}/api/v1/profiles/Ann/routine",
                "bare FastAPI endpoint": f"http://127.0.0.1:{bare_port}/hello",
            }
            for name, url in targets.items():
                results[name] = _wrk(url, args.users, args.seconds, args.think_ms)
        else:
            rows = _locust(f"http://127.0.0.1:{port}", "supple", args.users, args.seconds, work)
            rows += _locust(f"http://127.0.0.1:{bare_port}", "bare", args.users, args.seconds, work)
            for r in rows:
                if r["Name"] != "Aggregated":
                    results[r["Name"]] = {
                        "rps": float(r["Requests/s"]),
                        "p50_ms": float(r["50%"]),
                        "p95_ms": float(r["95%"]),
                        "errors": float(r["Failure Count"]),
                    }
    finally:
        supple.terminate()
        bare.terminate()
    bare_rps = next((r["rps"] for n, r in results.items() if n.startswith("bare")), 0.0)
    pace = f", {args.think_ms} ms pause between a user's requests" if args.think_ms else ", no pause (saturating)"
    print(f"{args.tool}: {args.users} concurrent users{pace}, {args.seconds} s each, {os.cpu_count()} cores")
    print(f"{'endpoint':24} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7} {'vs bare':>8}")
    for name, r in results.items():
        share = r["rps"] / bare_rps if bare_rps else 0
        print(f"{name:24} {r['rps']:8.1f} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {int(r['errors']):7d} {share:8.0%}")
        if r["errors"]:
            kinds = ", ".join(f"{k} {int(r[k])}" for k in ("connect", "read", "write", "status", "timeout") if r.get(k))
            print(f"{'':24} errors: {kinds}")


if __name__ == "__main__":
    main()
