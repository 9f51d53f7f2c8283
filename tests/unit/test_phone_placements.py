"""The phone placements file: every published phone method has a placement, and a bad file is named."""

from __future__ import annotations

import pytest

from supple.bootstrap import App
from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import load_catalogue
from supple.catalogue.phone import FILE, load_placements, parse_placements
from supple.catalogue.schema import EvidenceTag
from supple.domain.inclinometer import Mode
from supple.errors import CatalogueInvalid


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_every_test_with_a_published_phone_method_has_a_placement(catalogue: Catalogue) -> None:
    placements = load_placements(catalogue)
    measured = {(p.test, p.metric) for p in placements.placements}
    # clinical-reference §1-§3 and the instruments table: shin, upper back, thigh (two tests), chest compass.
    assert {
        ("knee-to-wall", "tibia_angle_deg"),
        ("lumbar-locked-rotation", "rotation_deg"),
        ("modified-thomas", "thigh_angle_deg"),
        ("supine-hip-flexion", "hip_flexion_deg"),
        ("seated-thoracic-rotation", "rotation_deg"),
    } <= measured
    by_id = {p.id: p for p in placements.placements}
    assert by_id["chest-compass"].mode is Mode.HEADING
    assert by_id["thigh-thomas"].sign == "ask"
    assert all(p.source.tag in (EvidenceTag.CHECKED, EvidenceTag.SECONDARY) for p in placements.placements)
    assert placements.capture.source.tag is EvidenceTag.DESIGN
    assert load_placements(catalogue) == placements  # the same file, the same placements


GOOD_CAPTURE = "capture: {hold_s: 2, band_deg: 1, trials_per_side: 3, source: {ref: a design choice, tag: D}}\n"
PLACEMENT = """placements:
  - id: shin
    test: {test}
    metric: {metric}
    mode: plane
    zero_on: wall
    picture: shin
    stored_as: phone on the shin
    steps: [Zero it on a wall., Lay it on the shin.]
    agreement: Agrees well enough.
    source: {{ref: somebody 2012, tag: S}}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("capture: [", "not valid YAML"),
        (GOOD_CAPTURE, "field 'placements'"),
        (GOOD_CAPTURE.replace("band_deg: 1", "band_deg: 9"), "field 'capture.band_deg'"),
        (GOOD_CAPTURE + PLACEMENT.format(test="knee-to-wall", metric="nope"), "has no metric 'nope'"),
        (GOOD_CAPTURE + PLACEMENT.format(test="knee-to-wall", metric="toe_to_wall_cm"), "is not measured by phone"),
        (GOOD_CAPTURE + PLACEMENT.format(test="modified-thomas", metric="thigh_angle_deg"), "use sign: ask"),
        (
            GOOD_CAPTURE + PLACEMENT.format(test="knee-to-wall", metric="tibia_angle_deg").replace("plane", "sideways"),
            "field 'placements.0.mode'",
        ),
    ],
)
def test_a_bad_placements_file_is_refused_naming_the_field(catalogue: Catalogue, text: str, message: str) -> None:
    with pytest.raises(CatalogueInvalid, match=message) as err:
        parse_placements(text, catalogue)
    assert FILE in str(err.value)


def test_the_app_reads_the_placements_once_for_its_own_catalogue(app: App) -> None:
    assert app.placements is app.placements  # read once, in the composition root, not per request
    assert app.placements == load_placements(app.catalogue)
