"""Form plumbing shared by every page: reading the posted fields, and placing each problem a
service reported next to the field it is about (the field names follow the services' names)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from supple.catalogue.catalogue import Catalogue
from supple.problems import Code, Loc, Problem, sentence, with_allowed

FormValues = dict[str, str]
MANY = 3  # more fields than this with the same problem are summed up in one line


async def _read_form(request: Request) -> FormValues:
    form = await request.form()
    return {k: v.strip() for k, v in form.multi_items() if isinstance(v, str)}


# Async so the body is read on the event loop; the (synchronous) page handler then runs in a thread.
FormDep = Annotated[FormValues, Depends(_read_form)]

YES_NO = {"yes": True, "no": False}  # how radio answers arrive from the forms
SHOWN = "shown."  # a follow-up question on the page sends 'shown.<its field>' (the red_flag macro)


def shown_fields(form: FormValues) -> set[str]:
    """The follow-up questions that were on the page when it was sent (hidden ones send nothing)."""
    return {key.removeprefix(SHOWN) for key in form if key.startswith(SHOWN)}


def problem_text(p: Problem) -> str:
    """One problem in plain words for the page, with what is allowed and its unit. Built from the
    problem's code, given value and limits; the field itself is named by its label on the page."""
    text = p.message
    text = text[:1].upper() + text[1:]
    if p.allowed and not (p.limits and p.limits.allowed == ("yes", "no")):  # the yes/no buttons say it
        return with_allowed(text, p.allowed)
    return sentence(text)


def labelled_text(p: Problem, catalogue: Catalogue | None = None) -> str:
    """A problem shown away from its field (an error page, a list): the field's name in words first."""
    from supple.services.problem_words import field_label

    label = field_label(p.loc, catalogue) if p.loc else ""
    return f"{label[:1].upper()}{label[1:]}: {problem_text(p)}" if label else problem_text(p)


def html_id(key: str) -> str:
    """A safe element id for a field key such as 'pain.now' or 'left.toe_to_wall_cm.2'."""
    return "f-" + "".join(c if (c.isascii() and c.isalnum()) or c in "_-" else "-" for c in key)


@dataclass
class FormState:
    """What the person typed and every problem, keyed by field. Templates only look things up."""

    values: FormValues = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # field key → its label, for the error summary
    noun: str = "fields"  # what to call many fields with the same problem ("questions")
    unanswered: set[str] = field(default_factory=set)  # keys whose problem is only that they are empty

    @property
    def invalid(self) -> bool:
        return bool(self.errors or self.general)

    def value(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)

    def checked(self, key: str, value: str) -> bool:
        return self.values.get(key) == value

    def id(self, key: str) -> str:
        return html_id(key)

    def error_id(self, key: str) -> str:
        return html_id(key) + "-error"

    def add(self, key: str | None, message: str) -> None:
        if key is None:
            self.general.append(message)
        else:
            self.errors.setdefault(key, []).append(message)

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary at the top of a long form, in the order the fields
        stand on the form (``errors`` is kept in that order); many fields with the same problem are one
        line, standing where the first of them is."""
        out = [("", m) for m in self.general]
        by_message: dict[str, list[str]] = {}
        for key, messages in self.errors.items():
            for m in messages:
                by_message.setdefault(m, []).append(key)
        said: set[str] = set()
        for key, messages in self.errors.items():
            for message in messages:
                keys = by_message[message]
                if len(keys) <= MANY:
                    label = self.labels.get(key)
                    words = f"{label.rstrip(':')} — {message[:1].lower()}{message[1:]}" if label else message
                    out.append((html_id(key), words))
                elif message not in said:
                    said.add(message)
                    if all(k in self.unanswered for k in keys):
                        words = f"{len(keys)} {self.noun} still need an answer"
                    else:
                        words = f"{message.rstrip('.')}: {len(keys)} {self.noun}"
                    out.append((html_id(keys[0]), f"{words}. Go to the first one."))
        return out


def state_with(
    values: FormValues,
    problems: Iterable[Problem],
    known: Iterable[str],
    where: Callable[[Loc], str | None] | None = None,
) -> FormState:
    """Place each problem on its field: by the page's mapper from the problem's location if given,
    else when the location's dotted path is one of the form's keys, else at the top of the form.
    ``known`` lists the form's keys in the order they stand on the page: the problems are kept in
    that order (not the order the service found them), so the summary reads top to bottom."""
    order = {key: n for n, key in enumerate(dict.fromkeys(known))}
    state = FormState(values=dict(values))
    for p in problems:
        key = where(p.loc) if where else None
        if key is None and p.loc and p.field in order:
            key = p.field
        key = key if key in order else None
        state.add(key, problem_text(p))
        if key is not None and p.code is Code.REQUIRED:
            state.unanswered.add(key)
    state.errors = dict(sorted(state.errors.items(), key=lambda item: order[item[0]]))
    return state
