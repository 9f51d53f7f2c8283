"""Printing results for people (rich) and for machines (JSON)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from supple.domain.formatting import adherence_sentence, days_a_week, plural
from supple.numbers import minutes_and_seconds as _min_s
from supple.numbers import whole_minutes

if TYPE_CHECKING:
    from supple.catalogue.catalogue import Catalogue
    from supple.domain.assessment import AssessmentResult
    from supple.domain.plan_types import Routine
    from supple.domain.screening import ScreenOutcome
    from supple.errors import SafetyStopDetail
    from supple.services.light import ProgressReport as LightReport
    from supple.services.progress import ProgressReport

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

LEVEL_STYLE = {"restricted": "bold red", "borderline": "yellow", "adequate": "green", None: "dim"}
NOT_SCORED = "not scored: measure again"  # a value held back as unusual (the pages and the report say the same)
NOT_A_DIAGNOSIS = (
    "Supple helps you practise and track; it is not a diagnosis or a treatment and does not replace a clinician."
)


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in obj]
        return sorted(items, key=str) if isinstance(obj, set | frozenset) else items
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


def print_json(obj: Any) -> None:
    print(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False))


def print_stop(detail: SafetyStopDetail) -> None:
    body = detail.advice
    if detail.reasons:
        body += "\n\nWhy:\n" + "\n".join(f"• {r}" for r in detail.reasons)
    err_console.print(Panel(body, title=f"[bold]{detail.heading}[/bold]", border_style="red", expand=False))


def print_screen(outcome: ScreenOutcome) -> None:
    style = "red" if outcome.blocks else ("yellow" if outcome.action else "green")
    body = outcome.advice
    if outcome.triggered:
        body += "\n\nWhy:\n" + "\n".join(f"• {t.message}" for t in outcome.triggered)
    if outcome.notices:
        body += "\n\nPlease note:\n" + "\n".join(f"• {n}" for n in outcome.notices)
    if outcome.yellow_flags:
        body += (
            "\n\nSome of your answers show worry or low mood about your back. That is common, and it does not stop "
            "you from exercising: Supple will progress more gently and explain more along the way."
        )
    console.print(Panel(body, title=f"[bold]{outcome.heading}[/bold]", border_style=style, expand=False))


def print_assessment(result: AssessmentResult, cat: Catalogue) -> None:
    from supple.domain.assessment import describe, describe_asymmetry
    from supple.domain.choice_reasons import REGION_WORDS
    from supple.domain.recheck import RecheckKind

    unusual = {(x.test_id, x.metric_id, x.side) for x in result.rechecks if x.kind is RecheckKind.UNUSUAL}
    held = [r for r in result.results if r.level is None and (r.test_id, r.metric_id, r.side.value) in unusual]
    held_regions = {cat.tests[r.test_id].region for r in held}
    table = Table(title="Your results", show_lines=False)
    table.add_column("Region")
    table.add_column("Result")
    table.add_column("Details")
    for region, summary in result.regions.items():
        label = summary.level or (NOT_SCORED if region in held_regions else "not scored")
        details = [describe(f, cat) for f in summary.findings]
        details += [describe_asymmetry(a, cat) for a in summary.asymmetries]
        details += [
            f"{cat.tests[i.test_id].name.split(' (')[0]}, {i.side.value}: {i.label}" for i in summary.imbalances
        ]
        table.add_row(
            REGION_WORDS[region].capitalize(),
            f"[{LEVEL_STYLE[summary.level]}]{label}[/]",
            "\n".join(details)
            or ("the value looks unusual" if region in held_regions else "no scored test in this region"),
        )
    console.print(table)
    if result.rechecks:
        console.print("[bold]Please note before the routine uses these results:[/bold]")
        for rc in result.rechecks:
            side = "" if rc.side in ("none", "both") else f", {rc.side}"
            console.print(f"  • {cat.tests[rc.test_id].name.split(' (')[0]}{side}: {rc.message}")
    if held:
        console.print(f"[bold]{NOT_SCORED.capitalize()}[/bold] (the value looks unusual):")
        from supple.domain.formatting import number

        for r in held:
            side = "" if r.side.value == "none" else f", {r.side.value}"
            console.print(f"  • {cat.tests[r.test_id].name.split(' (')[0]}{side}: {number(r.value, r.unit)}")
    tracked = [r for r in result.results if r.level is None and r not in held]
    if tracked:
        console.print("Tracked without a guide value (compared with your own earlier results only):")
        for r in tracked:
            console.print(f"  • {describe(r, cat)}")
    console.print(
        "[dim]'Restricted' means below our proposed threshold on a home test, not a diagnosis. "
        "Most thresholds are design choices waiting for clinical sign-off; see 'supple exercises' for sources.[/dim]"
    )


def print_routine(routine: Routine, cat: Catalogue, profile: str) -> None:
    console.print(
        f"[bold]Today's routine for {profile}[/bold] — about {whole_minutes(routine.total_seconds)} min "
        f"(your limit {routine.budget_seconds // 60} min), {days_a_week(routine.days_per_week)}"
    )
    for n, item in enumerate(routine.items, start=1):
        ex = cat.exercises[item.exercise_id]
        console.print(f"\n[bold]{n}. {ex.name}[/bold]  [dim]({item.exercise_id})[/dim]")
        console.print(f"   {item.dose.label()} · about {_min_s(item.seconds)}")
        console.print(f"   [cyan]Why:[/cyan] {item.reason}")
        for note in item.notes:
            console.print(f"   [dim]{note}[/dim]")
    from supple.domain.strength import strength_line

    names = [cat.exercises[i.exercise_id].name for i in routine.strength]
    if line := strength_line(names, routine.strength_days, routine.strength_today):
        console.print(f"\n[bold]Strength:[/bold] {line}")
    console.print(f"\n[bold]Also:[/bold] {routine.activity}")
    if routine.walking_minutes:
        console.print(
            f"[bold]Walking:[/bold] {routine.walking_minutes} minutes on {routine.walking_days} days a week, besides "
            f"the session: about {plural(routine.day_minutes(), 'minute')} on a day with both."
        )
    for note in routine.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")
    console.print(f"\n[dim]{NOT_A_DIAGNOSIS}[/dim]")


def print_progress(report: ProgressReport | LightReport) -> None:
    console.print(f"[bold]Progress for {report.profile}[/bold]")
    _print_test_table(report)
    if report.pain:
        console.print(f"Pain (24-hour average): {report.pain.text}")
    elif report.pain_history:
        console.print("Pain: only the baseline so far. Record again with 'supple baseline' to compare.")
    if report.function:
        console.print(f"Activities: {report.function.text}")
    a = report.adherence
    console.print(
        "Sessions: " + adherence_sentence(a.sessions, a.days_with_session, a.weeks, a.per_week, a.planned_per_week)
    )
    r = report.retest
    if r.last is None:
        console.print("Re-test: no tests recorded yet.")
    elif r.is_due:
        console.print(f"[bold yellow]Re-test due[/bold yellow] (last tests {r.last}): run 'supple assess' again.")
    else:
        console.print(f"Next re-test due on {r.due}.")
    for change in report.recent_changes[:5]:
        console.print(f"[dim]• {change}[/dim]")
    if report.review_suggested:
        console.print(f"[yellow]{report.review_suggested}[/yellow]")


def _print_test_table(report: ProgressReport | LightReport) -> None:
    if report.tests:
        table = Table(show_lines=False)
        for col in ("Test", "Side", "Baseline", "Latest", "Verdict"):
            table.add_column(col)
        from supple.domain.formatting import number
        from supple.domain.outcomes import confirmation_note

        for t in report.tests:
            latest = number(t.latest.value, t.latest.unit) if t.latest else "—"
            verdict = t.change.text if t.change else "re-test to compare"
            if note := confirmation_note(t.change, t.confirmed):
                verdict += f"\n[dim]{note}[/dim]"
            table.add_row(
                f"{t.test_name}\n[dim]{t.metric_label}[/dim]",
                t.side,
                number(t.baseline.value, t.baseline.unit),
                latest,
                verdict,
            )
        console.print(table)
    else:
        console.print("No test results yet: run 'supple assess'.")
