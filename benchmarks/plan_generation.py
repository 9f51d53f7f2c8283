"""How long the pure planner takes for one routine (goal: < 5 ms).

Scores a full set of test results, then times Planner.plan() over many runs for several people.
Run: .venv/bin/python benchmarks/plan_generation.py [--runs 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from supple.catalogue.loader import default_catalogue
from supple.catalogue.schema import Condition
from supple.domain.assessment import Side, TrialSet, score
from supple.domain.plan_types import Constraints, PlanInput
from supple.domain.planner import Planner


def _inputs() -> list[PlanInput]:
    cat = default_catalogue()
    entries = []
    for test in cat.tests.values():
        for m in test.metrics:
            for side in [Side.LEFT, Side.RIGHT] if test.bilateral else [Side.NONE]:
                value = m.min + (m.max - m.min) * (0.3 if side is Side.LEFT else 0.45)
                value = 1.0 if m.unit.value == "pass_fail" else value
                entries.append(
                    TrialSet(test.id, m.id, side, (value, value + 0.5 * (m.unit.value != "pass_fail")), m.methods[0])
                )
    result = score(entries, cat)
    assert all(e.method in cat.metric(e.test_id, e.metric_id).methods for e in entries)  # type: ignore[union-attr]
    return [
        PlanInput(result, Constraints(minutes=15)),
        PlanInput(result, Constraints(no_floor=True, no_kneeling=True, minutes=10)),
        PlanInput(result, Constraints(minutes=30, no_band=True), frozenset({Condition.HIP_REPLACEMENT_POSTERIOR})),
        PlanInput(None, Constraints(minutes=5)),
    ]


def measure(runs: int) -> dict[str, float]:
    planner = Planner(default_catalogue())
    inputs = _inputs()
    for inp in inputs:  # warm up
        planner.plan(inp)
    per_call = []
    for i in range(runs):
        inp = inputs[i % len(inputs)]
        start = time.perf_counter()
        planner.plan(inp)
        per_call.append(time.perf_counter() - start)
    per_call.sort()
    return {"median_ms": statistics.median(per_call) * 1000, "p95_ms": per_call[int(len(per_call) * 0.95)] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    r = measure(parser.parse_args().runs)
    print(f"plan generation: median {r['median_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms (goal < 5 ms)")


if __name__ == "__main__":
    main()
