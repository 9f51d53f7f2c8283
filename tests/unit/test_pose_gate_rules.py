"""The camera quality gates' limits come from rules/pose_gates.yaml, each with a source, range-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import load_catalogue
from supple.catalogue.schema import EvidenceTag
from supple.domain import pose_quality as q
from supple.domain.pose_measures import Posture, Side
from supple.errors import CatalogueInvalid

DATA = Path(__file__).resolve().parents[2] / "src" / "supple" / "catalogue" / "data"
GATES = (
    "min_visibility",
    "max_width_ratio",
    "min_extent",
    "max_tilt_deg",
    "nearer_margin",
    "max_trunk_off_deg",
    "max_spread_deg",
)


def test_every_gate_limit_is_read_from_the_rules_file_with_a_design_source(catalogue: Catalogue) -> None:
    limits = catalogue.gate_limits()
    for name in GATES:
        number = getattr(catalogue.pose_gates, name)
        assert getattr(limits, name) == number.value
        assert number.source.tag is EvidenceTag.DESIGN
        assert number.source.ref.strip()
    assert limits.max_tilt_deg == 5.0
    assert limits.min_visibility == 0.5


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "rules" / "pose_gates.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_a_changed_limit_in_the_file_changes_the_gate(tmp_path: Path) -> None:
    limits = load_catalogue(
        _edited(tmp_path, 'value: 5.0\n  unit: "degrees"', 'value: 10.0\n  unit: "degrees"')
    ).gate_limits()
    assert limits.max_tilt_deg == 10.0
    issues = q.check(
        None,
        frame_w=100,
        frame_h=100,
        key_points=(),
        side=Side.LEFT,
        posture=Posture.UPRIGHT,
        tilt_deg=8.0,
        limits=limits,
    )
    assert q.TILTED not in {i.code for i in issues}


def test_a_limit_out_of_range_is_refused_naming_field_range_and_unit(tmp_path: Path) -> None:
    with pytest.raises(
        CatalogueInvalid, match=r"rules/pose_gates.yaml: .*min_visibility must be between 0 and 1 \(BlazePose"
    ):
        load_catalogue(_edited(tmp_path, 'value: 0.5\n  unit: "BlazePose', 'value: 1.5\n  unit: "BlazePose'))


def test_a_limit_without_a_source_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueInvalid, match=r"rules/pose_gates.yaml: field 'max_spread_deg.source'"):
        load_catalogue(
            _edited(
                tmp_path,
                'max_spread_deg:\n  value: 5.0\n  unit: "degrees (standard deviation)"\n  source:',
                'max_spread_deg:\n  value: 5.0\n  unit: "degrees (standard deviation)"\n  origin:',
            )
        )
