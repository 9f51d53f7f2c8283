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
# Seen from behind, the person's left is on the viewer's left: each half of a zone for one side.
_HALVES = {
    "thoracic": {
        "left": '<rect x="55" y="86" width="29" height="74" rx="10"/>',
        "right": '<rect x="86" y="86" width="29" height="74" rx="10"/>',
    },
    "hip": {
        "left": '<rect x="45" y="188" width="39" height="38" rx="14"/>',
        "right": '<rect x="86" y="188" width="39" height="38" rx="14"/>',
    },
    "ankle": {"left": '<circle cx="66" cy="324" r="12"/>', "right": '<circle cx="104" cy="324" r="12"/>'},
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


def _words(r: RegionView) -> str:
    """'Hips: left restricted, right adequate' or 'Mid back borderline'."""
    if r.sides:
        return f"{r.title}: " + ", ".join(f"{s.side} {s.level_word}" for s in r.sides)
    return f"{r.title} {r.level_word}"


def _zone(key: str, level: str | None, shape: str, title: str, side: str | None = None) -> list[str]:
    where = f' data-side="{side}"' if side else ""
    head = f'<g class="bd-zone level-{level or "none"}" data-region="{key}"{where}>'
    parts = [head, f"<title>{escape(title)}</title>"]
    parts.append(shape)
    if level in _PATTERN:
        parts.append(f'<g fill="{_PATTERN[level]}" class="bd-overlay">{shape}</g>')
    parts.append("</g>")
    return parts


def body_diagram(regions: list[RegionView]) -> str:
    """The outline with each region's zone; a region measured per side is split into its left and right
    half, each with its own level (pattern, colour and words)."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 360" class="body-diagram-svg" '
        'role="img" aria-labelledby="bd-title">',
        f'<title id="bd-title">Body outline seen from behind: {escape("; ".join(_words(r) for r in regions))}</title>',
        _DEFS,
        _BODY,
    ]
    for r in regions:
        if r.sides:
            for s in r.sides:
                shape = _HALVES[r.key][s.side]
                parts += _zone(r.key, s.level, shape, f"{r.title}, {s.side} side: {s.level_word}", s.side)
        else:
            parts += _zone(r.key, r.level, _ZONES[r.key], f"{r.title}: {r.level_word}")
        x, y = _ANCHOR[r.key]
        ly = _LABEL_Y[r.key]
        parts.append(f'<line class="bd-leader" x1="{x}" y1="{y}" x2="178" y2="{ly}"/>')
        if r.sides:
            parts.append(f'<text class="bd-label" x="184" y="{ly - 10}">{escape(r.title)}</text>')
            for i, s in enumerate(r.sides):
                parts.append(
                    f'<text class="bd-level level-{s.level or "none"}" x="184" y="{ly + 8 + 18 * i}" '
                    f'data-side="{s.side}">{escape(s.title)}: {escape(s.level_word)}</text>'
                )
        else:
            parts.append(
                f'<text class="bd-label" x="184" y="{ly - 4}">{escape(r.title)}</text>'
                f'<text class="bd-level level-{r.level or "none"}" x="184" y="{ly + 16}">{escape(r.level_word)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
