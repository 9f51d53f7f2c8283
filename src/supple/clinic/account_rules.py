"""The rules a new clinic account must meet: how an e-mail is compared, and every problem with a new
account's e-mail, name and password (all reported at once, each naming its field and what is allowed)."""

from __future__ import annotations

from supple.clinic import passwords
from supple.clinic.domain import password_problem
from supple.problems import Limits, Problem


def fold_email(email: str) -> str:
    """An e-mail as stored and compared: trimmed, case folded."""
    return email.strip().casefold()


def clinic_name_problems(name: str) -> list[Problem]:
    """The problem with a new clinic's name (already stripped), if any."""
    if 1 <= len(name) <= 120:
        return []
    return [Problem.saying("clinic", "the clinic needs a name", limits=Limits(text="1 to 120", unit="characters"))]


def account_problems(email: str, name: str, password: str | None) -> list[Problem]:
    """Every problem with a new account's e-mail (folded), name (stripped) and password (when given)."""
    problems = []
    if not (3 <= len(email) <= 254 and "@" in email.strip("@")):
        problems.append(
            Problem.saying(
                "email",
                "this is not an e-mail address",
                limits=Limits(text="name@example.org, up to 254 characters"),
            )
        )
    if not 1 <= len(name) <= 120:
        problems.append(
            Problem.saying("name", "the person needs a name", limits=Limits(text="1 to 120", unit="characters"))
        )
    if password is not None:
        why = password_problem(
            password, passwords.common_passwords(), user_words=(email, email.split("@", maxsplit=1)[0], name)
        )
        if why:
            problems.append(
                Problem.saying(
                    "password", why.rstrip("."), limits=Limits(text="at least 8 characters, not a common password")
                )
            )
    return problems
