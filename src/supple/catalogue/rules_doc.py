"""docs/clinical-rules.md, written from the rule files so a clinician can review every rule in one sitting.

One table per rule: what triggers it, what the person sees, the source and the evidence tag. Run
``python -m supple.catalogue.rules_doc`` to rewrite the file; a test keeps it current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import SafetyRule, When
from supple.catalogue.schema import Direction, Source, Threshold

HEADER = """# Clinical rules

Every rule Supple applies, written from the rule files in `src/supple/catalogue/data/` (do not edit by
hand: `python -m supple.catalogue.rules_doc` rewrites this page and a test keeps it current).
Evidence tags: **S** checked against the source, **S2** from a secondary source, **U** unconfirmed,
**D** a design proposal that needs clinical sign-off. "Question ids" link to the wording in
`rules/safety.yaml`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(title: str, trigger: str, sees: str, source: Source) -> list[str]:
    return [
        f"### {title}",
        "",
        "| | |",
        "|---|---|",
        f"| Trigger | {_cell(trigger)} |",
        f"| What the person sees | {_cell(sees)} |",
        f"| Source | {_cell(source.ref)} |",
        f"| Evidence | {source.tag.value} |",
        "",
    ]


def _when(when: When, texts: dict[str, str]) -> str:
    def q(qid: str) -> str:
        return f"`{qid}` ({texts[qid]})" if qid in texts else f"`{qid}`"

    parts = []
    if when.all:
        parts.append("all of: " + "; ".join(q(x) for x in when.all))
    if when.any:
        parts.append("any of: " + "; ".join(q(x) for x in when.any))
    for group in when.any_each:
        parts.append("at least one of: " + "; ".join(q(x) for x in group))
    if when.at_least:
        parts.append(f"at least {when.at_least.n} of: " + "; ".join(q(x) for x in when.at_least.of))
    return " AND ".join(parts)


def _safety(cat: Catalogue) -> list[str]:
    s = cat.safety
    texts = {q.id: q.text for q in s.questions}
    for fact in s.age_facts:
        texts[fact.id] = f"age below {fact.below}" if fact.below is not None else f"age above {fact.above}"
    lines = ["## 1. Safety screen", ""]
    full = [q for q in s.questions if q.follows is None]
    short = [q for q in s.questions if q.follows is None and q.every_session]
    lines += _table(
        "How the screen is asked",
        f"The first full screen asks {len(full)} top-level questions; the check before every session asks "
        f"{len(short)}. Follow-ups are asked only after a yes to their parent (on the page at once with "
        "JavaScript, on a second step without it). Questions ask about new or worse symptoms in the past "
        f"{s.windows.full_weeks} weeks ({s.windows.session} before a session); an injury counts as recent "
        f"for {s.windows.trauma_recent_months} months.",
        "One idea per question, in plain words; the pregnancy question is not asked of men; sexual function "
        "is asked of everyone in the same words.",
        s.windows.source,
    )
    lines += _table(
        "When the full screen is asked again",
        f"Every {s.rescreen.every_days} days (the 4-weekly re-test), after a red session, and after a "
        "clinician's clearance, before anything else can be done.",
        "The next step is the safety questions, with the reason; weight loss, cancer history and steroid "
        "use are asked again with everything else.",
        s.rescreen.source,
    )
    lines += _table(
        "Known, stable symptoms",
        "A clearance may record a known, stable symptom for the questions marked `known` (what, since when, "
        "who cleared it).",
        'Beside that question: the symptom, and "answer yes only if it is new, or worse than usual". A yes '
        "stops exactly as before.",
        s.source,
    )
    lines += _table(
        "Adults only",
        f"A year of birth that makes the person younger than {s.adult_age.years} (this year minus the year "
        "of birth), when the profile is made or brought in from an export file.",
        "The profile is not made and nothing is stored: the year of birth is named with the years allowed "
        f'(an age of {s.adult_age.years} to 120 years) and the words "Supple is made for adults".',
        s.adult_age.source,
    )
    lines += _table(
        "A screen taken while the profile is locked",
        "Any screen answered while a block or pause is open.",
        '"Your program is still paused" — never "go ahead" — until a clearance is recorded.',
        s.source,
    )
    for rule in s.rules:
        lines += _rule(rule, texts, cat)
    return lines


def _rule(rule: SafetyRule, texts: dict[str, str], cat: Catalogue) -> list[str]:
    action = cat.safety.actions[rule.action]
    lock = "locks the program until a clinician's clearance" if action.blocks else "does not lock"
    sees = f"**{action.heading}** {rule.message} ({rule.action.value}, {lock})"
    return _table(f"Safety: {rule.id}", _when(rule.when, texts), sees, rule.source)


def _threshold(t: Threshold, cat: Catalogue) -> list[str]:
    metric = cat.metric(t.test, t.metric)
    unit = metric.unit.label if metric else ""
    if t.scored and t.restricted is not None and t.borderline is not None:
        worse = "below" if t.direction is Direction.HIGHER_IS_BETTER else "above"
        trigger = f"restricted {worse} {t.restricted:g} {unit}; borderline {worse} {t.borderline:g} {unit}"
    else:
        trigger = "not rated against a guide value; tracked within the person"
    if t.asymmetry_flag is not None:
        trigger += f"; side difference flagged from {t.asymmetry_flag:g} {unit}"
    if t.asymmetry_marked is not None:
        trigger += f" (marked from {t.asymmetry_marked:g})"
    if t.mdc is not None:
        trigger += f"; real change from {t.mdc:g} {unit}"
    sees = 'The result in plain words, the number and the guide value behind "details".'
    lines = _table(f"Test: {t.test} — {t.metric}", trigger, sees, t.source)
    c = t.condition
    if c is not None:
        parts = []
        if c.age_max is not None:
            parts.append(f"guide values apply up to age {c.age_max}")
        if c.same_side is not None:
            bound = f"at most {c.same_side.at_most:g}" if c.same_side.at_most is not None else ""
            bound = bound or f"at least {c.same_side.at_least:g}"
            parts.append(f"only when {c.same_side.metric} on the same side is {bound}")
        if c.placement is not None:
            parts.append(f"only for the phone placement `{c.placement}`")
        if c.protocol_step is not None:
            parts.append(f'the test\'s steps must include "{c.protocol_step}"')
        lines += _table(f"Condition: {t.test} — {t.metric}", "; ".join(parts), c.otherwise, c.source)
    return lines


def _measurements(cat: Catalogue) -> list[str]:
    lines = ["## 2. Measurements", ""]
    st = cat.thresholds.standardise
    lines += _table("Before testing", "every test page and `supple assess`", " ".join(st.steps), st.source)
    lines += _table(
        "Groin pain in the figure-4 (FABER) test",
        "groin pain recorded on the same side on two test days in a row",
        "A suggestion to have the hip checked by a doctor or physiotherapist; the gentle exercises go on.",
        next(t.source for t in cat.thresholds.thresholds if t.metric == "groin_pain_free"),
    )
    for t in cat.thresholds.thresholds:
        lines += _threshold(t, cat)
    for imb in cat.thresholds.imbalances:
        lines += _table(
            f"Imbalance: {imb.test}",
            f"{imb.larger} exceeds {imb.smaller} by more than {imb.flag_above:g}",
            imb.label,
            imb.source,
        )
    r = cat.thresholds.trial_summary
    lines += _table("Trials", f"up to {r.max_trials} trials per side", f"the {r.numeric} of the trials", r.source)
    if cat.thresholds.recheck is not None:
        rc = cat.thresholds.recheck
        lines += _table(
            "Re-check and clinician limits",
            "; ".join(
                f"{x.test}.{x.metric}: re-check outside {x.low:g} to {x.high:g}, side difference "
                f"{x.recheck_difference:g} re-check, {x.clinician_difference:g} ask a clinician"
                for x in rc.limits
            ),
            "Values outside the usual range or a large side difference ask for a re-check before the plan uses them; "
            "a very large difference suggests asking a clinician.",
            rc.source,
        )
    for test in sorted(cat.tests.values(), key=lambda x: x.order):
        for m in test.metrics:
            if m.phone_level is not None:
                ex = m.phone_level.example
                lines += _table(
                    f"Phone level: {test.id} — {m.id}",
                    f"{m.phone_level.reads} Rule `{m.phone_level.rule.value}`.",
                    f"{m.phone_level.enter} Worked example: readings {', '.join(f'{v:g}' for v in ex.readings)} → "
                    f"{ex.value:g}.",
                    test.sources[0],
                )
    return lines


def _doses(cat: Catalogue) -> list[str]:
    tl = cat.progression.traffic_light
    pr = cat.progression
    f = cat.planner.dose_floor
    lines = ["## 3. Doses and progression", ""]
    lines += _table(
        "Green",
        f"pain during at most {tl.green_during_max:g}/10, at most {tl.green_rise_max:g} above the start, next "
        "morning no worse than usual",
        f"After {pr.progress_after_green} green sessions in a row ({pr.progress_after_green_with_yellow_flags} with "
        "yellow flags) one step up; the next plan shows that dose, or says why not.",
        tl.source,
    )
    lines += _table(
        "Amber",
        f"pain during {tl.green_during_max + 1:g}-{tl.amber_during_max:g}/10, or a bigger rise "
        "that settles by the morning",
        "The amount stays the same.",
        tl.source,
    )
    lines += _table(
        "Red",
        f"pain during above {tl.amber_during_max:g}/10; next morning {tl.red_next_morning_rise_min:g}+ above usual; "
        f"usual pre-session pain {tl.red_week_rise_min:g}+ above the week before; any nerve symptom",
        f"One step back (or the easier version, or a rest of {pr.red_exercise_rest_hours} hours); the reason names "
        "a nerve symptom or a weekly rise when that was the cause.",
        tl.source,
    )
    every = pr.after_red_session == "step_back"
    lines += _table(
        "After a red session",
        "a session whose traffic light is red (one exercise red, a weekly rise, or a nerve symptom later)",
        (
            "Every exercise done in it steps back for next time, not only the red one; the reason says the "
            "session was a flare. A step back never asks more than before (sets x hold or reps, and time): "
            "the easier version starts at a level that fits, else the exercise rests."
            if every
            else "Only the exercises that were red themselves step back."
        ),
        pr.after_red_session_source,
    )
    lines += _table(
        "Pause",
        f"{pr.pause_after_red_sessions} red sessions in a row, or any nerve symptom",
        "The program pauses until a clinician's clearance; a nerve-symptom pause says so.",
        pr.progress_source,
    )
    lines += _table(
        "Step sizes",
        f"+{pr.steps.hold_step_s} s hold up to {pr.steps.hold_max_s} s, then +1 set up to "
        f"{pr.steps.sets_max}; drills +1 set then +{pr.steps.reps_step} reps up to {pr.steps.reps_max}",
        '"steps up to ..." after a check-in',
        pr.steps.source,
    )
    lines += _table(
        "Dose floor (holds)",
        f"fitting the time budget would take a stretch below {f.hold_s_per_week_per_side} s per side per week",
        "A lower-priority exercise is left out instead, with its name and why; an item whose full dose is under the "
        "floor says more days would help.",
        f.hold_source,
    )
    lines += _table(
        "Dose floor (drills)",
        f"fitting the time budget would take a drill below {f.reps_per_week_per_side} reps per side per week",
        "As for holds.",
        f.reps_source,
    )
    lines += _table(
        "Routine slots",
        f"restricted {cat.planner.slots.restricted}-{cat.planner.slots.restricted_max}, "
        f"borderline {cat.planner.slots.borderline}, adequate {cat.planner.slots.adequate}; mid-back "
        "extension and rotation always",
        "Each exercise says why it was chosen.",
        cat.planner.source,
    )
    lines += _table(
        "Sharing a short time budget",
        "the exercises the regions earned do not all fit the minutes",
        cat.planner.fill_order.rule,
        cat.planner.fill_order.source,
    )
    return lines + _strength(cat)


def _strength(cat: Catalogue) -> list[str]:
    st = cat.planner.strength
    s = cat.progression.strength_steps
    lines = _table(
        "Strength days",
        f"{st.days_per_week.min}-{st.days_per_week.max} of the session days a week, never two days in a row "
        f"(Sunday and Monday count as in a row); {st.per_day.default} exercises a strength day, up to "
        f"{st.per_day.max} when time is left, in this order: {', '.join(st.slots)}",
        "Strength items on their days only, each with why; the routine names the strength days. Without the "
        "floor (or with a condition that rules one out) the standing or counter version is chosen.",
        st.days_source,
    )
    lines += _table(
        "Strength steps",
        f"+{s.reps_step} reps up to {s.reps_max}, then +1 set up to {s.sets_max}, then the harder variant; holds "
        f"+{s.hold_step_s} s up to {s.hold_max_s} s, then +1 set; a red session steps back down the same ladder, "
        f"to {s.reps_min} reps and {s.sets_min} set, then the easier variant",
        '"steps up to ..." or "you move on to ..." after a check-in, by the same traffic light',
        s.source,
    )
    lines += _table(
        "Strength floor",
        f"fitting the time budget would take a strength exercise below {st.floor_sets} set on a strength day",
        "It is left out instead, named, with why; mobility is trimmed to its own floor before strength is cut.",
        st.floor_source,
    )
    lines += _table(
        "Walking and the day's minutes",
        "every plan",
        cat.planner.walking_budget.rule,
        cat.planner.walking_budget.source,
    )
    return lines


def render(cat: Catalogue) -> str:
    return "\n".join([HEADER, *_safety(cat), *_measurements(cat), *_doses(cat)]).rstrip() + "\n"


def main() -> None:  # pragma: no cover - a developer tool
    from supple.catalogue.loader import default_catalogue

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/clinical-rules.md")
    target.write_text(render(default_catalogue()), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
