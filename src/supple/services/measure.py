"""Use cases for measuring from a photo or video: analyse a file, then record it once the person confirms.

The pose model runs on this machine. Nothing is stored by ``analyse``; ``confirm`` records the angle(s)
as a test result with method "camera" (through the assessment service) and only then keeps the
annotated still, in the data folder under ``camera/``.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from supple.catalogue.schema import MeasureMethod
from supple.domain.pose_measures import CAMERA_TESTS, REP_EXERCISES, Side
from supple.domain.pose_quality import Issue
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem
from supple.services import assessments
from supple.services.context import Context

if TYPE_CHECKING:
    from supple.vision.analyse import Analysis, Progress, RepResult
    from supple.vision.estimator import Estimators


class MeasureContext(Context, Protocol):
    """A use case's context and the pose estimators (made once, in the composition root)."""

    @property
    def estimators(self) -> Estimators: ...


LEVEL_LIMIT = 90.0  # a phone level reading is accepted from -90 to 90 degrees
OUT_OF_RANGE = "angle-out-of-range"


def check_request(ctx: Context, test_id: str, side: str, level_deg: float | None = None) -> Side:
    problems: list[Problem] = []
    if test_id not in CAMERA_TESTS or test_id not in ctx.catalogue.tests:
        problems.append(
            Problem.saying(
                "test", f"'{test_id}' cannot be measured with the camera", limits=Limits(text=", ".join(CAMERA_TESTS))
            )
        )
    if side not in ("left", "right"):
        problems.append(Problem.of(("side",), Code.NOT_A_CHOICE, side, Limits(allowed=("left", "right"))))
    if level_deg is not None and not -LEVEL_LIMIT <= level_deg <= LEVEL_LIMIT:
        problems.append(Problem.of(("level",), Code.OUT_OF_RANGE, level_deg, Limits(-90, 90, "degrees")))
    if problems:
        raise InvalidInput(problems, "The file was not measured")
    return Side(side)


def analyse(
    ctx: MeasureContext,
    path: Path,
    test_id: str,
    side: str,
    *,
    level_deg: float | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Measure one test on one side. Raises InvalidInput for a bad request or an unreadable file."""
    from dataclasses import replace

    from supple.vision.analyse import analyse as run

    s = check_request(ctx, test_id, side, level_deg)
    limits = ctx.catalogue.gate_limits()
    result = run(path, test_id, s, limits=limits, estimators=ctx.estimators, level_deg=level_deg, progress=progress)
    out_of_range = []
    for metric_id, value in result.values.items():
        metric = ctx.catalogue.metric(test_id, metric_id)
        if metric is not None and not metric.min <= value <= metric.max:
            out_of_range.append(
                Issue(
                    OUT_OF_RANGE,
                    f"The {metric.label.lower()} read {value:.0f}°, outside what this test gives "
                    f"({metric.min:g} to {metric.max:g}°). Check the position against the test's steps and retake.",
                )
            )
    if out_of_range:
        return replace(result, values={}, issues=[*result.issues, *out_of_range])
    return result


def count_reps(
    ctx: MeasureContext, path: Path, exercise_id: str, side: str, *, progress: Progress | None = None
) -> RepResult:
    from supple.vision.analyse import reps

    problems = []
    if exercise_id not in REP_EXERCISES or exercise_id not in ctx.catalogue.exercises:
        problems.append(
            Problem.saying(
                "exercise", f"reps of '{exercise_id}' cannot be counted", limits=Limits(text=", ".join(REP_EXERCISES))
            )
        )
    if side not in ("left", "right"):
        problems.append(Problem.of(("side",), Code.NOT_A_CHOICE, side, Limits(allowed=("left", "right"))))
    if problems:
        raise InvalidInput(problems, "The video was not analysed")
    return reps(
        path, exercise_id, Side(side), limits=ctx.catalogue.gate_limits(), estimators=ctx.estimators, progress=progress
    )


@dataclass(frozen=True)
class Confirmed:
    assessment_id: int
    test_id: str
    side: str
    values: dict[str, float]
    still: Path | None


def still_dir(data_dir: Path) -> Path:
    return data_dir / "camera"


def confirm(
    ctx: Context,
    name: str | None,
    analysis: Analysis,
    *,
    data_dir: Path,
    keep_still: bool = True,
) -> Confirmed:
    """Record a measurable analysis as a camera result; keep the annotated still only after the record commits."""
    if not analysis.ok:
        raise InvalidInput(
            [
                Problem.saying(
                    "file", "this picture did not pass the quality checks; nothing to record — please retake it"
                )
            ],
            "Nothing was recorded",
        )
    values = {m: round(v, 1) for m, v in analysis.values.items()}
    where = "photo" if analysis.frame is None else f"video frame {analysis.frame}"
    data: dict[str, Any] = {
        "tests": {
            analysis.test_id: {
                "method": MeasureMethod.CAMERA.value,
                "placement": f"camera ({where}, confidence {analysis.confidence:.0%})",
                analysis.side.value: values,
            }
        }
    }
    pending: Path | None = None
    if keep_still:
        folder = still_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pending-", suffix=".jpg", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(analysis.annotated_jpeg)
        pending = Path(tmp)
    try:
        recorded = assessments.record(ctx, name, data)
    except BaseException:
        if pending is not None:
            pending.unlink(missing_ok=True)
        raise
    still = None
    if pending is not None:
        still = (
            still_dir(data_dir)
            / f"{recorded.taken_on:%Y-%m-%d}-a{recorded.id}-{analysis.test_id}-{analysis.side.value}.jpg"
        )
        pending.replace(still)
    return Confirmed(recorded.id, analysis.test_id, analysis.side.value, values, still)
