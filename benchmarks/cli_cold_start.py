"""How long the CLI takes from a cold process start, side by side with a bare `python -c pass`.

Goals (issue 14): `supple --help` <= 0.15 s; `plan`, `status` and `progress` on a store holding a month of
data (benchmarks/month_store.py) <= 0.3 s. Each command runs --runs times after one warm-up run (file
cache, .pyc files and the validated-catalogue cache); the figures are medians of wall-clock time and of
CPU time (user + system, which a busy machine inflates much less than wall-clock time). The same three
commands are also timed on the full path (SUPPLE_FULL_PATH=1: SQLAlchemy and the services), to show
what the light read path saves (decision 0016).

PYTHONDONTWRITEBYTECODE is removed from the commands' environment: with it set, every run compiles
Supple's modules from source again (an installed Supple, like any pip-installed package, has its .pyc
files), which added about 0.1 s to every figure measured before.

Run: .venv/bin/python benchmarks/cli_cold_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HELP_GOAL_S = 0.15
COMMAND_GOAL_S = 0.3


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_command(argv: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``argv`` over ``runs`` runs (after one warm-up run)."""
    subprocess.run(argv, check=True, capture_output=True, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, start = _cpu(), time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu0)
    return statistics.median(walls), statistics.median(cpus)


def measure(runs: int) -> list[tuple[str, float, float, float | None]]:
    """(label, median wall s, median CPU s, goal s or None) for each command."""
    from benchmarks.month_store import NAME, build_month_store

    exe = str(Path(sys.executable).parent / "supple")
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("SUPPLE_")}
    rows: list[tuple[str, float, float, float | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**base, "SUPPLE_DATA_DIR": folder, "SUPPLE_CACHE_DIR": str(Path(folder) / "cache")}
        rows.append(("python -c pass", *time_command([sys.executable, "-c", "pass"], runs, env), None))
        rows.append(("supple --help", *time_command([exe, "--help"], runs, env), HELP_GOAL_S))
        store = build_month_store(Path(folder) / "month.db")
        for command in ("plan", "status", "progress"):
            argv = [exe, "--db", str(store), "--profile", NAME, command]
            rows.append((f"supple {command} (a month of data)", *time_command(argv, runs, env), COMMAND_GOAL_S))
        for command in ("plan", "status", "progress"):
            argv = [exe, "--db", str(store), "--profile", NAME, command]
            full = {**env, "SUPPLE_FULL_PATH": "1"}
            rows.append((f"  the same, full path: {command}", *time_command(argv, runs, full), None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    rows = measure(parser.parse_args().runs)
    load = os.getloadavg()[0]
    print(f"median of runs, load average {load:.1f} on {os.cpu_count()} cores")
    print(f"{'command':<36} {'wall':>8} {'CPU':>8}  goal")
    for label, wall, cpu, goal in rows:
        verdict = "" if goal is None else f"<= {goal * 1000:.0f} ms: {'met' if wall <= goal else 'NOT met'} (wall)"
        print(f"{label:<36} {wall * 1000:6.0f} ms {cpu * 1000:5.0f} ms  {verdict}")


if __name__ == "__main__":
    main()
