"""A simple body outline (seen from behind) with the mid back, hips and ankles marked by level.

Level is never shown by colour alone: each zone also has its own pattern (lines for restricted,
dots for borderline, plain for adequate, dashed outline for not tested) and a text label.
Colours come from classes in style.css, so light and dark themes both work.
"""

from __future__ import annotations

from html import escape

from supple.web.pages.result_contexts import RegionView

_LABEL_Y = {"thoracic": 112, "hip": 206, "ankle": 318}
_ANCHOR = {"thoracic": (113, 112), "hip": (125, 206), "ankle": (116, 318)}

_ZONES = {
    "thoracic": '<rect x="55" y="86" width="60" height="74" rx="12"/>',
    "hip": '<rect x="45" y="188" width="80" height="38" rx="16"/>',
    "ankle": '<circle cx="66" cy="324" r="12"/><circle cx="104" cy="324" r="12"/>',
}

_BODY = (
    '<g class="bd-body">'
    '<circle cx="85" cy="36" r="24"/>'
    '<rect x="75" y="58" width="20" height="16" rx="4"/>'
    '<rect x="43" y="72" width="84" height="124" rx="24"/>'
    '<rect x="18" y="80" width="22" height="118" rx="11"/>'
    '<rect x="130" y="80" width="22" height="118" rx="11"/>'
    '<rect x="50" y="214" width="30" height="112" rx="13"/>'
    '<rect x="90" y="214" width="30" height="112" rx="13"/>'
    '<ellipse cx="62" cy="342" rx="16" ry="8"/>'
    '<ellipse cx="108" cy="342" rx="16" ry="8"/>'
    "</g>"
)

_DEFS = (
    "<defs>"
    '<pattern id="bd-lines" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<line class="bd-pattern" x1="0" y1="0" x2="0" y2="8" stroke-width="3"/></pattern>'
    '<pattern id="bd-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<circle class="bd-pattern-fill" cx="4" cy="4" r="1.8"/></pattern>'
    "</defs>"
)

_PATTERN = {"restricted": "url(#bd-lines)", "borderline": "url(#bd-dots)"}


def body_diagram(regions: list[RegionView]) -> str:
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 360" class="body-diagram-svg" '
        'role="img" aria-labelledby="bd-title">',
        '<title id="bd-title">Body outline seen from behind: '
        + escape("; ".join(f"{r.title} {r.level_word}" for r in regions))
        + "</title>",
        _DEFS,
        _BODY,
    ]
    for r in regions:
        level = r.level or "none"
        zone = _ZONES[r.key]
        parts.append(f'<g class="bd-zone level-{level}" data-region="{r.key}">')
        parts.append(f"<title>{escape(r.title)}: {escape(r.level_word)}</title>")
        parts.append(zone)
        if r.level in _PATTERN:
            parts.append(f'<g fill="{_PATTERN[r.level]}" class="bd-overlay">{zone}</g>')
        parts.append("</g>")
        x, y = _ANCHOR[r.key]
        ly = _LABEL_Y[r.key]
        parts.append(f'<line class="bd-leader" x1="{x}" y1="{y}" x2="178" y2="{ly}"/>')
        parts.append(
            f'<text class="bd-label" x="184" y="{ly - 4}">{escape(r.title)}</text>'
            f'<text class="bd-level level-{level}" x="184" y="{ly + 16}">{escape(r.level_word)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
