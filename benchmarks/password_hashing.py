"""How long one password check takes with Supple's argon2id parameters (clinic mode login).

A login costs one verification; the OWASP minimum profile (m = 19 MiB, t = 2, p = 1) and RFC 9106's low-memory
profile are timed too, for comparison. Goal: at or above the OWASP minimum and under about half a second per check on a
small server, so a login stays quick while guessing stays expensive.
Run: .venv/bin/python benchmarks/password_hashing.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from supple.clinic import passwords

OWASP_MINIMUM = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}


def _time_verify(hasher: PasswordHash, runs: int) -> dict[str, float]:
    stored = hasher.hash("purple kettle under the stairs")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        assert hasher.verify("purple kettle under the stairs", stored)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "max_ms": times[-1],
    }


def measure(runs: int) -> dict[str, dict[str, float]]:
    owasp = PasswordHash((Argon2Hasher(**OWASP_MINIMUM),))
    rfc9106_low_memory = PasswordHash((Argon2Hasher(time_cost=3, memory_cost=64 * 1024, parallelism=4),))
    return {
        f"supple m={passwords.MEMORY_KIB // 1024}MiB t={passwords.TIME_COST} p={passwords.PARALLELISM}": _time_verify(
            passwords.hasher(), runs
        ),
        "owasp minimum m=19MiB t=2 p=1": _time_verify(owasp, runs),
        "rfc 9106 low-memory m=64MiB t=3 p=4 (not used)": _time_verify(rfc9106_low_memory, runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for name, numbers in measure(args.runs).items():
        shown = ", ".join(f"{k} {v:.1f}" for k, v in numbers.items())
        print(f"argon2id verify, {name}: {shown} ({args.runs} runs)")


if __name__ == "__main__":
    main()
