"""A small clinic world for clinic-mode tests: two clinics, their staff and clients, each logged in.

Clients join the way a real client does (an invite from their clinician, then a password), so their
Supple profile and the link to the inviting clinician are made by the real code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.clinic import care
from supple.clinic.access import Actor
from supple.clinic.accounts import Accounts
from supple.clinic.domain import Role
from supple.web.app import create_app
from supple.web.clinic_access import COOKIE

PASSWORD = "river stones and moss"
BROWSER = {"Sec-Fetch-Site": "same-origin"}
# the alert thresholds form with two problems: a number below its range and a word where a number goes
BAD_THRESHOLDS = {
    "no_session_days": "0",
    "pain_rising_from": "five",
    "pain_high_from": "7",
    "retests_without_improvement": "2",
    "check_overdue_days": "3",
}


@dataclass
class Person:
    name: str
    role: Role
    account_id: int
    clinic_id: int
    token: str = ""
    profile: str | None = None  # a client's own profile name


@dataclass
class World:
    app: App
    client: TestClient
    people: dict[str, Person] = field(default_factory=dict)

    @property
    def accounts(self) -> Accounts:
        found: Accounts = self.client.app.state.accounts  # type: ignore[attr-defined]
        return found

    def as_(self, who: str | None) -> TestClient:
        """The test client carrying this person's session cookie (None: nobody logged in)."""
        self.client.cookies.clear()
        if who is not None:
            self.client.cookies.set(COOKIE, self.people[who].token)
        return self.client

    def actor(self, who: str) -> Actor:
        p = self.people[who]
        return Actor(p.account_id, p.clinic_id, p.role)


def _staff(world: World, key: str, clinic_id: int, role: Role) -> None:
    email = f"{key}@example.org"
    new = world.accounts.create_account(clinic_id, email, key.title(), role, PASSWORD)
    done = world.accounts.login(email, PASSWORD, new.recovery_codes[0])
    world.people[key] = Person(key.title(), role, new.account_id, clinic_id, done.token)


def _admin(world: World, key: str, clinic: str) -> int:
    email = f"{key}@example.org"
    new = world.accounts.create_clinic(clinic, admin_email=email, admin_name=key.title(), password=PASSWORD)
    done = world.accounts.login(email, PASSWORD, new.recovery_codes[0])
    world.people[key] = Person(key.title(), Role.ADMIN, new.account_id, new.clinic_id, done.token)
    return new.clinic_id


def invite_and_join(world: World, key: str, by: str) -> Person:
    invite = care.create_invite(world.app, world.actor(by), f"{key}@example.org", key.title())
    email = care.join(world.app, world.accounts, invite.token, PASSWORD)
    done = world.accounts.login(email, PASSWORD)
    staff = world.people[by]
    facts = care.facts(world.app, client_id=done.account_id)
    assert facts is not None
    person = Person(key.title(), Role.CLIENT, done.account_id, staff.clinic_id, done.token)
    person.profile = care.own_profile(world.app, done.account_id)
    world.people[key] = person
    return person


def make_world(app: App, *, second_clinic: bool = True) -> World:
    """Clinic 'Riverside': admin ada, clinicians kim and lee, clients carl (kim's) and dora (lee's).
    Clinic 'Hillside' (optional): admin hal, clinician hana, client hugo (hana's)."""
    client = TestClient(create_app(app, clinic=True), base_url="https://testserver", headers=BROWSER)
    world = World(app, client)
    riverside = _admin(world, "ada", "Riverside")
    _staff(world, "kim", riverside, Role.CLINICIAN)
    _staff(world, "lee", riverside, Role.CLINICIAN)
    invite_and_join(world, "carl", "kim")
    invite_and_join(world, "dora", "lee")
    if second_clinic:
        hillside = _admin(world, "hal", "Hillside")
        _staff(world, "hana", hillside, Role.CLINICIAN)
        invite_and_join(world, "hugo", "hana")
    return world
