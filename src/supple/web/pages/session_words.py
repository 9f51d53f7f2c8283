"""The well-done page's words: what each traffic-light colour means, and a flare-up said plainly."""

from __future__ import annotations

from supple.bootstrap import App


def light_rules(app: App) -> list[str]:
    rule = app.catalogue.progression.traffic_light
    return [
        f"Green: pain during the exercise stayed at {rule.green_during_max:g} out of 10 or below, rose no more than "
        f"{rule.green_rise_max:g} point above where you started, and the next morning was no worse than usual. "
        "A few greens in a row step the exercise up a little.",
        f"Amber: pain during was up to {rule.amber_during_max:g} out of 10, or the next morning is not known yet. "
        "The exercise stays as it is.",
        f"Red: pain during went above {rule.amber_during_max:g} out of 10, the next morning was "
        f"{rule.red_next_morning_rise_min:g} or more points worse than usual, or there were nerve symptoms. "
        "The exercise eases off or rests.",
    ]


def flare(app: App, signal: str | None, names: list[str]) -> str | None:
    """A session that went red, in plain words: what happened and what to do next."""
    if signal != "red":
        return None
    top = app.catalogue.progression.traffic_light.amber_during_max
    which = f" with {', '.join(names)}" if names else ""
    return (
        f"This was a flare-up: your pain went above {top:g} out of 10{which}, or stayed up the next morning. "
        "Next time those exercises start easier. For now, rest from them; gentle walking and everyday moving are "
        "fine. If you notice pins and needles, numbness, weakness or pain spreading below the knee, stop and "
        "answer the safety questions again."
    )
