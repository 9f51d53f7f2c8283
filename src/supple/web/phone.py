"""The "measure with this phone" panel on a test page: its context for ``_phone_measure.html``.

Registered as the Jinja global ``phone_measure`` so the shared test page needs one include line. The
angle math runs on the phone (``static/inclinometer.js``); the values it takes go into the page's
typed form with the method "phone" and the placement, and are saved by the same form post.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from supple.bootstrap import App
from supple.catalogue.phone import Placement
from supple.web.pages.home_test_contexts import TestPage, sides_of

ZERO_WORDS = {
    "wall": "zeroed on a wall",
    "floor": "zeroed on the floor",
    "bed": "zeroed on the bed",
    "start": "zeroed in the start position",
}


@dataclass(frozen=True)
class PlacementView:
    id: str
    metric: str
    label: str
    picture: str
    steps: list[str]
    agreement: str
    source: str
    zero: str


@dataclass(frozen=True)
class PhonePanel:
    placements: list[PlacementView]
    bilateral: bool
    data: dict[str, Any]


def _field_for_method(page: TestPage, metric_id: str) -> str:
    metric = next(m for m in page.metrics if m.id == metric_id)
    return f"{metric_id}.method" if metric.method_options else "method"


def _data(app: App, page: TestPage, placements: list[Placement]) -> dict[str, Any]:
    capture = app.placements.capture
    labels = {m.id: m.label for m in page.metrics}
    return {
        "sides": sides_of(app.catalogue.tests[page.id]),
        "trials": capture.trials_per_side,
        "hold_ms": capture.hold_s * 1000,
        "band_deg": capture.band_deg,
        "timer_scale": app.settings.timer_scale,
        "placements": [
            {
                "id": p.id,
                "metric": p.metric,
                "label": labels[p.metric],
                "mode": p.mode.value,
                "sign": p.sign,
                "plus_metric": p.plus_metric,
                "stored_as": p.stored_as,
                "method_field": _field_for_method(page, p.metric),
            }
            for p in placements
        ],
    }


def phone_measure(request: Request, page: TestPage) -> PhonePanel | None:
    """The panel for this test page, or None when no phone method is published for the test."""
    app: App = request.app.state.supple
    placements = app.placements.for_test(page.id)
    if not placements:
        return None
    labels = {m.id: m.label for m in page.metrics}
    views = [
        PlacementView(
            p.id, p.metric, labels[p.metric], p.picture, p.steps, p.agreement, p.source.ref, ZERO_WORDS[p.zero_on]
        )
        for p in placements
    ]
    return PhonePanel(views, app.catalogue.tests[page.id].bilateral, _data(app, page, placements))


def template_globals(app: App) -> dict[str, Any]:
    """Check the placements file now (a bad one stops start-up, naming the field, like the rest of the
    catalogue); the panel for the test page (``{% include "_phone_measure.html" %}``) goes in this app's
    templates."""
    _ = app.placements
    return {"phone_measure": phone_measure}
