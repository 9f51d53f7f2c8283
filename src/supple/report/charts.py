"""Charts drawn on the server as inline SVG: no JavaScript, no inline styles (the CSP forbids both).

The pain chart is drawn by pygal; its <style>, <script> and tooltip parts are removed and the
look comes from classes in style.css. The small per-test charts are plain SVG built here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html import escape
from typing import Any

import pygal  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from supple.catalogue.rules import PainRule
from supple.catalogue.schema import Direction, Metric, Unit
from supple.domain.assessment import MetricResult
from supple.domain.formatting import number
from supple.domain.outcomes import Verdict, pain_change

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)


def within_error_band(baseline: float, rule: PainRule) -> tuple[int, int]:
    """The pain scores the outcome rules would call 'within measurement error' of the baseline
    (asks the domain's own rule for every possible score rather than re-stating it)."""
    same = [v for v in range(11) if pain_change(baseline, v, rule).verdict is Verdict.WITHIN_ERROR]
    return min(same), max(same)


def _strip(el: ET.Element) -> None:
    """Remove what the CSP would block or what needs JavaScript: <style>, <script>, tooltips."""
    for child in list(el):
        if not isinstance(child.tag, str):  # comments ('Generated with pygal …')
            el.remove(child)
            continue
        tag = child.tag.split("}")[-1]
        classes = (child.get("class") or "").split()
        if tag in ("defs", "script", "style", "desc") or "tooltip-overlay" in classes:
            el.remove(child)
            continue
        if tag == "title" and el.tag.split("}")[-1] == "svg":
            el.remove(child)
            continue
        child.attrib.pop("style", None)
        _strip(child)


def _date_line(*, height: int, font_size: int, **options: Any) -> Any:
    """A pygal date chart in Supple's look: no JavaScript, no inline CSS, day-month labels."""
    style = Style(
        background="transparent",
        plot_background="transparent",
        font_family="system-ui, sans-serif",
        label_font_size=font_size,
        major_label_font_size=font_size,
        value_font_size=font_size,
        colors=("#888888", "#1f5fa8"),
    )
    return pygal.DateLine(
        js=[],
        css=[],
        disable_xml_declaration=True,
        no_prefix=True,
        width=380,
        height=height,
        explicit_size=False,
        show_legend=False,
        show_x_guides=False,
        dots_size=5,
        stroke_style={"width": 3},
        x_value_formatter=lambda d: f"{d.day} {d.strftime('%b')}",
        x_label_rotation=0,
        truncate_label=-1,
        x_labels_major_count=4,
        show_minor_x_labels=False,
        style=style,
        margin=12,
        margin_right=30,
        spacing=8,
        **options,
    )


def _svg(chart: Any, css_class: str, title_id: str) -> str:
    """The chart as inline SVG without what the CSP blocks, labelled by the figure's title."""
    root = chart.render_tree()
    _strip(root)
    for attr in ("id", "width", "height"):
        root.attrib.pop(attr, None)
    root.set("class", f"pygal-chart {css_class}")
    root.set("role", "img")
    root.set("aria-labelledby", title_id)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def pain_chart(history: list[tuple[date, int]], rule: PainRule, title_id: str) -> str:
    """Pain (24-hour average) over time, with the band of 'no real change' around the baseline."""
    if not history:
        return ""
    lo, hi = within_error_band(history[0][1], rule)
    first, last = history[0][0], history[-1][0]
    if first == last:
        first, last = first - timedelta(days=3), last + timedelta(days=3)
    chart = _date_line(height=250, font_size=15, range=(0, 10), y_labels=list(range(0, 11, 2)))
    dates = sorted({d for d, _ in history})
    if len(dates) <= 5:  # few enough to label each measurement's own date (one alone too)
        chart.config.x_labels = dates
    chart.add(
        "no real change",
        [(first, lo), (last, lo), (last, hi), (first, hi), (first, lo)],
        fill=True,
        show_dots=False,
    )
    chart.add("pain", [(d, v) for d, v in history])
    return _svg(chart, "pain-chart-svg", title_id)


def test_chart(metric: Metric, baseline: MetricResult, latest: MetricResult | None, label: str) -> str:
    """A one-line scale from the lowest to the highest possible value: the guide's cut-off as a
    dashed mark, the first result as a ring and the latest as a dot, joined by an arrow."""
    if metric.unit is Unit.PASS_FAIL:
        return ""
    width, left, right = 300.0, 12.0, 12.0
    span = metric.max - metric.min

    def x(v: float) -> float:
        v = min(max(v, metric.min), metric.max)
        return round(left + (v - metric.min) / span * (width - left - right), 1)

    parts = [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width:g} 58" class="test-chart-svg" role="img" '
        f'aria-label="{escape(label)}">',
        f'<line class="tc-track" x1="{left}" y1="24" x2="{width - right}" y2="24"/>',
    ]
    t = baseline.threshold
    if t is not None and t.borderline is not None and t.scored:
        better_right = t.direction is Direction.HIGHER_IS_BETTER
        cut = x(t.borderline)
        start, end = (cut, width - right) if better_right else (left, cut)
        parts.append(f'<rect class="tc-good" x="{start}" y="18" width="{round(end - start, 1)}" height="12" rx="3"/>')
        parts.append(f'<line class="tc-guide" x1="{cut}" y1="10" x2="{cut}" y2="38"/>')
        anchor = "end" if cut > width / 2 else "start"
        nudge = -4 if anchor == "end" else 4
        parts.append(
            f'<text class="tc-text" x="{cut + nudge}" y="54" text-anchor="{anchor}">'
            f"guide {escape(number(t.borderline, metric.unit))}</text>"
        )
    bx = x(baseline.value)
    parts.append(f'<circle class="tc-before" cx="{bx}" cy="24" r="7"/>')
    if latest is not None:
        lx = x(latest.value)
        if abs(lx - bx) > 14:
            tip = lx - 9 if lx > bx else lx + 9
            parts.append(f'<line class="tc-arrow" x1="{bx + (7 if lx > bx else -7)}" y1="24" x2="{tip}" y2="24"/>')
            head = f"{tip},18 {lx - 3 if lx > bx else lx + 3},24 {tip},30"
            parts.append(f'<polygon class="tc-arrowhead" points="{head}"/>')
        parts.append(f'<circle class="tc-after" cx="{lx}" cy="24" r="6"/>')
    parts.append("</svg>")
    return "".join(parts)


def test_history_chart(metric: Metric, points: list[tuple[date, float]], guide: float | None, title_id: str) -> str:
    """One test on one side over time, with its guide value as a dashed line (two results or more)."""
    if len(points) < 2 or metric.unit is Unit.PASS_FAIL:
        return ""
    first, last = points[0][0], points[-1][0]
    values = [v for _, v in points] + ([guide] if guide is not None else [])
    pad = max(1.0, (max(values) - min(values)) * 0.2)
    chart = _date_line(height=200, font_size=14, range=(min(values) - pad, max(values) + pad), y_labels_major_every=2)
    dates = sorted({d for d, _ in points})
    if len(dates) <= 5:
        chart.config.x_labels = dates
    if guide is not None:
        chart.add(
            "guide", [(first, guide), (last, guide)], show_dots=False, stroke_style={"width": 2, "dasharray": "6,4"}
        )
    chart.add(metric.label, list(points))
    return _svg(chart, "test-history-svg", title_id)
