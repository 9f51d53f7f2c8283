"""How long `supple --help` takes from a cold process start (goal: <= 0.3 s on 2 cores).

Run: .venv/bin/python benchmarks/cli_cold_start.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def measure(runs: int) -> dict[str, float]:
    exe = str(Path(sys.executable).parent / "supple")
    subprocess.run([exe, "--help"], check=True, capture_output=True)  # warm the file cache and .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([exe, "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    bare = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True)
        bare.append(time.perf_counter() - start)
    return {
        "median_s": statistics.median(times),
        "p95_s": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
        "python_startup_s": statistics.median(bare),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    r = measure(parser.parse_args().runs)
    print(
        f"supple --help: median {r['median_s'] * 1000:.0f} ms, p95 {r['p95_s'] * 1000:.0f} ms "
        f"(bare python start {r['python_startup_s'] * 1000:.0f} ms; goal <= 300 ms)"
    )


if __name__ == "__main__":
    main()
