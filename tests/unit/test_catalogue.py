"""The catalogue's data files: complete, consistent, sourced, and in our own words."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import cached_catalogue, load_catalogue
from supple.catalogue.schema import ExerciseKind, Source
from supple.errors import CatalogueInvalid

DATA = Path(__file__).resolve().parents[2] / "src" / "supple" / "catalogue" / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_there_are_at_least_18_exercises_covering_all_three_regions(catalogue: Catalogue) -> None:
    mobility = [e for e in catalogue.exercises.values() if e.kind is ExerciseKind.MOBILITY]
    assert len(mobility) >= 18
    assert {e.region.value for e in mobility if e.region} == {"thoracic", "ankle", "hip"}


@pytest.mark.parametrize(
    ("region", "target"),
    [
        ("thoracic", "extension"),
        ("thoracic", "rotation"),
        ("ankle", "dorsiflexion"),
        ("hip", "hip-flexors"),
        ("hip", "hip-flexion"),
        ("hip", "hip-capsule"),
        ("hip", "adductors"),
    ],
)
def test_every_mobilisation_the_seed_names_is_in_the_catalogue(catalogue: Catalogue, region: str, target: str) -> None:
    assert any(e.seed_named and e.group == region and e.target == target for e in catalogue.exercises.values())


def test_the_seed_mid_back_work_uses_a_foam_roller(catalogue: Catalogue) -> None:
    rollers = [e for e in catalogue.exercises.values() if e.seed_named and e.group == "thoracic"]
    assert {e.target for e in rollers} == {"extension", "rotation"}
    assert all("foam_roller" in [q.value for q in e.equipment] for e in rollers)


def test_every_target_can_be_trained_without_getting_down_to_the_floor(catalogue: Catalogue) -> None:
    targets = {e.target for e in catalogue.exercises.values()}
    off_floor = {e.target for e in catalogue.exercises.values() if not e.needs_floor}
    assert targets == off_floor


def test_every_floor_exercise_has_an_alternative_off_the_floor(catalogue: Catalogue) -> None:
    for e in catalogue.exercises.values():
        if e.needs_floor:
            assert e.alternative, e.id
            assert not catalogue.exercises[e.alternative].needs_floor


def _sources(obj: object) -> list[Source]:
    found: list[Source] = []
    if isinstance(obj, Source):
        return [obj]
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found += _sources(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for x in obj:
            found += _sources(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            found += _sources(x)
    return found


def test_every_threshold_dose_and_rule_carries_a_source(catalogue: Catalogue) -> None:
    for t in catalogue.thresholds.thresholds:
        assert t.source.ref, t
    for e in catalogue.exercises.values():
        assert e.dosage.source.ref
        assert e.sources
    for rule in catalogue.safety.rules:
        assert rule.source.ref
    for part in (catalogue.outcomes, catalogue.progression, catalogue.planner, catalogue.thresholds):
        assert _sources(part)
    # every rule block with numbers has its own source
    for name in type(catalogue.outcomes).model_fields:
        assert _sources(getattr(catalogue.outcomes, name)), name


def test_design_proposals_are_labelled_as_such(catalogue: Catalogue) -> None:
    knee = catalogue.threshold("knee-to-wall", "toe_to_wall_cm")
    assert knee is not None
    assert knee.source.tag.value == "D"


def test_a_broken_data_file_stops_loading_naming_file_and_field(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "exercises" / "couch-stretch.yaml"
    path.write_text(path.read_text().replace("sets: 2", "sets: 9"))
    with pytest.raises(CatalogueInvalid, match=r"exercises/couch-stretch.yaml: field 'dosage.sets'"):
        load_catalogue(copy)


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "tests" / "knee-to-wall.yaml"
    path.write_text(path.read_text() + "\nsurprise: 1\n")
    with pytest.raises(CatalogueInvalid, match=r"tests/knee-to-wall.yaml: field 'surprise'"):
        load_catalogue(copy)


def test_a_broken_link_between_files_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "exercises" / "couch-stretch.yaml"
    path.write_text(path.read_text().replace("alternative: standing-quad-stretch", "alternative: no-such-thing"))
    with pytest.raises(CatalogueInvalid, match="no-such-thing"):
        load_catalogue(copy)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _user_texts(catalogue: Catalogue) -> list[str]:
    texts: list[str] = []
    for e in catalogue.exercises.values():
        texts += [e.summary, *e.steps, *e.cues, *e.mistakes, *e.cautions]
    for t in catalogue.tests.values():
        texts += [t.how_to, *t.steps]
    for ed in catalogue.education.values():
        texts += [*ed.standard, *ed.reassuring]
    texts += [q.text for q in catalogue.safety.questions] + [r.message for r in catalogue.safety.rules]
    return texts


NGRAM = 9  # nine words in a row in common counts as copying
SOURCE_GRAMS = Path(__file__).resolve().parents[1] / "data" / "source-9grams.txt.gz"


def _gram_hash(gram: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(gram).encode(), digest_size=8).hexdigest()


def _source_gram_hashes() -> set[str]:
    """Hashes of every nine-word run in the clinical reference and the seed article. The texts are not ours to
    copy into the repository, so only these hashes are kept (tests/data/source-9grams.txt.gz); with ../shared
    beside the clone they are computed afresh and must match the stored file."""
    stored = set(gzip.decompress(SOURCE_GRAMS.read_bytes()).decode().split())
    sources = [SHARED / "docs" / "clinical-reference.md", *sorted((SHARED / "seed").glob("*.txt"))]
    if sources[0].exists():
        fresh: set[str] = set()
        for p in sources:
            w = _words(p.read_text(encoding="utf-8"))
            fresh |= {_gram_hash(tuple(w[i : i + NGRAM])) for i in range(len(w) - NGRAM + 1)}
        assert fresh == stored, "the sources changed: rebuild tests/data/source-9grams.txt.gz (see its README)"
    return stored


def test_user_facing_text_copies_no_sentence_from_the_sources(catalogue: Catalogue) -> None:
    grams = _source_gram_hashes()
    assert len(grams) > 10_000
    copied = []
    for text in _user_texts(catalogue):
        w = _words(text)
        if any(_gram_hash(tuple(w[i : i + NGRAM])) in grams for i in range(len(w) - NGRAM + 1)):
            copied.append(text)
    assert copied == []


def test_no_text_promises_a_cure_or_a_diagnosis(catalogue: Catalogue) -> None:
    banned = re.compile(
        r"\b(will cure|cures your|will fix|fixes your|you have (hip|sij|impingement)|guaranteed)\b", re.I
    )
    assert [t for t in _user_texts(catalogue) if banned.search(t)] == []


def test_the_validated_catalogue_is_reused_until_a_data_file_changes(tmp_path: Path) -> None:
    copy, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(DATA, copy)
    first = cached_catalogue(copy, cache)
    [kept] = cache.glob("catalogue-*.pickle")
    assert cached_catalogue(copy, cache) == first == load_catalogue(copy)
    kept.write_bytes(b"not a pickle")  # a damaged cache file is rebuilt, never trusted
    assert cached_catalogue(copy, cache) == first
    assert kept.read_bytes()[:1] == b"\x80"  # written again as a pickle
    path = copy / "exercises" / "couch-stretch.yaml"
    path.write_text(path.read_text().replace("sets: 2", "sets: 3"))
    changed = cached_catalogue(copy, cache)
    assert changed.exercises["couch-stretch"].dosage.sets == 3
    assert first.exercises["couch-stretch"].dosage.sets == 2
    assert len(list(cache.glob("catalogue-*.pickle"))) == 2
    path.write_text(path.read_text().replace("sets: 3", "sets: 9"))  # a broken file is reported, not cached
    with pytest.raises(CatalogueInvalid, match=r"field 'dosage.sets'"):
        cached_catalogue(copy, cache)
