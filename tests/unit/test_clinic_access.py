"""The pure authorization decision of clinic mode and the rule lookup of the web door."""

from __future__ import annotations

from supple.clinic.access import ANYONE, PUBLIC, STAFF, Actor, ClientFacts, Target, allowed, rule
from supple.clinic.domain import Role
from supple.web.clinic_access import RULES, _compile

CARL = ClientFacts(account_id=10, clinic_id=1, clinicians=frozenset({2}))
OWN = rule(Role.CLIENT, target=Target.OWN_PROFILE)
SEEN = rule(Role.CLIENT, Role.CLINICIAN, Role.ADMIN, target=Target.CLIENT_PROFILE)


def test_no_rule_means_no_one_not_even_an_admin() -> None:
    assert not allowed(None, Actor(1, 1, Role.ADMIN), None)


def test_a_public_rule_needs_no_login_and_others_need_one() -> None:
    assert allowed(PUBLIC, None, None)
    assert not allowed(ANYONE, None, None)
    assert not allowed(STAFF, Actor(10, 1, Role.CLIENT), None)


def test_a_client_reaches_only_their_own_profile() -> None:
    assert allowed(OWN, Actor(10, 1, Role.CLIENT), CARL)
    assert not allowed(OWN, Actor(11, 1, Role.CLIENT), CARL)
    assert not allowed(OWN, Actor(2, 1, Role.CLINICIAN), CARL)  # own-profile routes are the client's alone


def test_a_clinician_needs_a_link_and_an_admin_the_same_clinic() -> None:
    assert allowed(SEEN, Actor(2, 1, Role.CLINICIAN), CARL)
    assert not allowed(SEEN, Actor(3, 1, Role.CLINICIAN), CARL)
    assert allowed(SEEN, Actor(1, 1, Role.ADMIN), CARL)
    assert not allowed(SEEN, Actor(1, 2, Role.ADMIN), CARL)
    linked_elsewhere = ClientFacts(10, 2, frozenset({2}))
    assert not allowed(SEEN, Actor(2, 1, Role.CLINICIAN), linked_elsewhere)  # a link never crosses clinics


def test_an_object_rule_with_no_client_found_refuses() -> None:
    assert not allowed(SEEN, Actor(1, 1, Role.ADMIN), None)


def test_rule_patterns_match_whole_addresses_only() -> None:
    pattern = _compile("/api/v1/profiles/{name}/export")
    assert pattern.match("/api/v1/profiles/Carl Berg/export")
    assert not pattern.match("/api/v1/profiles/Carl/export.zip")
    assert not pattern.match("/x/api/v1/profiles/Carl/export")
    assert all(path.startswith("/") for _, path in RULES)
