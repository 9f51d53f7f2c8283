"""Choosing education texts: the reassuring tone when yellow flags are present (§4.3)."""

from __future__ import annotations

from dataclasses import dataclass

from supple.catalogue.schema import EducationText


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    paragraphs: tuple[str, ...]


def lesson(text: EducationText, *, yellow_flags: bool) -> Lesson:
    return Lesson(text.id, text.title, tuple(text.reassuring if yellow_flags else text.standard))
