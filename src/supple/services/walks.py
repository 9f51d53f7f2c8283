"""Use cases for walk recordings: analyse a file (from the walk test page, an import or the CLI), store
the result, list the results with their trend against the measured noise.

The analysis runs before the transaction (it is the slow part); a refused file writes nothing.
Raw samples are never stored: only the numbers of the result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from supple.db.models import WalkRecording
from supple.errors import InvalidInput, NotFound
from supple.problems import Limits, Problem
from supple.services import profiles
from supple.services.context import Context, transaction

REASONS = {
    "pocket": "A phone in a pocket sits on the thigh, which swings with each step, so it cannot show the "
    "impact at the lower back. Steps and cadence are still counted.",
    "slow-rate": "The phone recorded fewer than about 100 samples per second. The short jolt after each heel "
    "strike is lost between samples at that rate, so no impact number is given; steps and cadence are "
    "still counted.",
    "no-gravity": "The file holds movement without gravity, so which way is up is unknown and no impact "
    "number is given; steps and cadence are still counted.",
    "no-walking": "No walking bout was found, so there is no impact number.",
}


@dataclass(frozen=True)
class WalkView:
    id: int
    recorded_at: datetime
    source: str
    placement: str
    seconds: float
    rate_hz: float
    steps: int
    bouts: int
    walking_s: float
    cadence: float | None
    impact_g: float | None
    matched_impact_g: float | None
    side_ratio: float | None
    weighted_steps: float | None
    no_impact_reason: str | None
    step_impacts: tuple[float, ...]

    @property
    def reason_text(self) -> str | None:
        return REASONS.get(self.no_impact_reason or "")

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["recorded_at"] = self.recorded_at.isoformat(timespec="seconds")
        d["step_impacts"] = list(self.step_impacts)
        d["no_impact_explanation"] = self.reason_text
        return d


@dataclass(frozen=True)
class Trend:
    first: WalkView
    latest: WalkView
    change_g: float
    mdc_g: float
    real: bool
    cadence_change: float | None


@dataclass(frozen=True)
class WalkSummary:
    walks: tuple[WalkView, ...]
    trend: Trend | None  # cadence-matched impact, first lower-back walk against the latest
    daily_weighted_steps: tuple[tuple[date, float], ...]
    mdc_g: float


def view(r: WalkRecording) -> WalkView:
    return WalkView(
        r.id, r.recorded_at, r.source, r.placement, r.seconds, r.rate_hz, r.steps, r.bouts, r.walking_s,
        r.cadence, r.impact_g, r.matched_impact_g, r.side_ratio, r.weighted_steps, r.no_impact_reason,
        tuple(float(v) for v in (r.step_impacts or [])),
    )  # fmt: skip


def analyse_bytes(data: bytes, filename: str, placement: str, progress: Any = None) -> Any:
    """Read and analyse a file without storing anything (the slow part); returns gait.analysis.Analysed."""
    from supple.catalogue.gait import gait_rules
    from supple.gait.analysis import analyse_recording, check_placement
    from supple.gait.files import read_recording, refuse

    check_placement(placement)
    limit = gait_rules().limits.max_bytes
    if len(data) > limit:
        raise refuse(
            f"the file is {len(data) / 2**20:.0f} MB, too large", allowed=f"at most {limit // 2**20}", unit="MB"
        )
    rec = read_recording(data, filename)
    return analyse_recording(rec, placement, progress) if progress else analyse_recording(rec, placement)


def _fields(analysed: Any, placement: str) -> dict[str, Any]:
    res = analysed.result
    imp = res.impact
    return {
        "source": analysed.source,
        "placement": placement,
        "seconds": round(res.recording_s, 2),
        "rate_hz": round(analysed.native_rate_hz, 1),
        "steps": res.steps,
        "bouts": res.bouts,
        "walking_s": round(res.walking_s, 2),
        "cadence": round(res.cadence, 1) if res.cadence is not None else None,
        "impact_g": round(imp.mean_g, 3) if imp else None,
        "matched_impact_g": round(imp.matched_g, 3) if imp else None,
        "side_ratio": round(imp.side_ratio, 3) if imp and imp.side_ratio is not None else None,
        "weighted_steps": round(imp.weighted_steps, 1) if imp else None,
        "no_impact_reason": res.no_impact_reason,
        "step_impacts": list(imp.per_step_g) if imp else [],
    }


def preview(ctx: Context, analysed: Any, placement: str) -> WalkView:
    """What ``record`` would store, without storing it."""
    return view(WalkRecording(id=0, profile_id=0, recorded_at=ctx.clock(), **_fields(analysed, placement)))


# What a walk-analysis job's result (``preview(...).as_dict()``) holds that a stored walk keeps.
STORED = (
    "source", "placement", "seconds", "rate_hz", "steps", "bouts", "walking_s", "cadence", "impact_g",
    "matched_impact_g", "side_ratio", "weighted_steps", "no_impact_reason", "step_impacts",
)  # fmt: skip


def from_result(result: dict[str, Any]) -> WalkView:
    """The walk a walk-analysis job found (its stored result), not saved yet."""
    row = WalkRecording(id=0, profile_id=0, recorded_at=datetime.fromisoformat(str(result["recorded_at"])))
    for key in STORED:
        setattr(row, key, result[key])
    return view(row)


def record_result(ctx: Context, name: str | None, result: dict[str, Any]) -> WalkView:
    """Store the walk a walk-analysis job found, when the person saves it (at the time it was analysed)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        row = WalkRecording(profile_id=p.id, recorded_at=datetime.fromisoformat(str(result["recorded_at"])))
        for key in STORED:
            setattr(row, key, result[key])
        s.add(row)
        s.flush()
        return view(row)


def record(ctx: Context, name: str | None, analysed: Any, placement: str) -> WalkView:
    """Store an analysed walk for the profile."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        row = WalkRecording(profile_id=p.id, recorded_at=ctx.clock(), **_fields(analysed, placement))
        s.add(row)
        s.flush()
        return view(row)


def summary(ctx: Context, name: str | None) -> WalkSummary:
    from supple.catalogue.gait import gait_rules

    mdc = ctx.cache.get_or_build(("gait-rules",), gait_rules).repeatability.mdc_g  # packaged: read once per app
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        rows = s.scalars(
            select(WalkRecording)
            .where(WalkRecording.profile_id == p.id)
            .order_by(WalkRecording.recorded_at, WalkRecording.id)
        ).all()
        walks = tuple(view(r) for r in rows)
    with_impact = [w for w in walks if w.matched_impact_g is not None]
    trend = None
    if len(with_impact) >= 2:
        a, b = with_impact[0], with_impact[-1]
        change = (b.matched_impact_g or 0.0) - (a.matched_impact_g or 0.0)
        cad = b.cadence - a.cadence if a.cadence is not None and b.cadence is not None else None
        trend = Trend(a, b, change, mdc, abs(change) > mdc, cad)
    daily: dict[date, float] = defaultdict(float)
    for w in with_impact:
        daily[w.recorded_at.date()] += w.weighted_steps or 0.0
    return WalkSummary(walks, trend, tuple(sorted(daily.items())), mdc)


def get(ctx: Context, name: str | None, walk_id: int) -> WalkView:
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        row = s.get(WalkRecording, walk_id)
        if row is None or row.profile_id != p.id:
            raise NotFound(f"There is no walk recording {walk_id} for {p.name}.")
        return view(row)


def check_seconds(value: str | None) -> None:
    """Refuse a recording length outside 2-6 minutes on the walk test page."""
    if value is None:
        return
    try:
        n = int(value)
    except ValueError:
        raise InvalidInput(
            [Problem.saying("minutes", f"'{value}' is not a whole number", limits=Limits(text="2-6", unit="minutes"))]
        ) from None
    if not 2 <= n <= 6:
        raise InvalidInput([Problem.saying("minutes", f"{n} minutes", limits=Limits(text="2-6", unit="minutes"))])
