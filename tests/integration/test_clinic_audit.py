"""The clinic's access and change log on the real store (SQLite and PostgreSQL): written with the change
it describes, UTC times, one clinic's entries only, and the store refuses to change or delete a line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from supple.bootstrap import App
from supple.clinic.accounts import Accounts, NewAccount
from supple.clinic.audit import SYSTEM, AuditFilter, AuditLog, SystemActor, record_in
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.clinic.login_sessions import Current
from supple.db.audit_models import AuditEntry
from tests.factories import Clock, secret_keys

PASSWORD = "blue heron at dawn"


@pytest.fixture
def accounts(any_app: App, clock: Clock) -> Accounts:
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=5, window=timedelta(minutes=15))
    return Accounts(any_app.sessions, limits=limits, throttle=throttle, keys=secret_keys(), clock=clock)


@pytest.fixture
def log(any_app: App, clock: Clock) -> AuditLog:
    return AuditLog(any_app.sessions, clock)


@pytest.fixture
def admin(accounts: Accounts) -> NewAccount:
    return accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)


def _as(new: NewAccount, role: Role = Role.ADMIN, name: str = "Ada") -> Current:
    return Current(new.account_id, new.clinic_id, role, name, session_id=0)


def test_a_recorded_line_says_who_what_which_client_and_when(log: AuditLog, admin: NewAccount, clock: Clock) -> None:
    log.record(_as(admin), "client.view", 17, "opened the tests page")
    [entry] = log.entries(admin.clinic_id)
    assert (entry.actor_id, entry.actor_name, entry.actor_role) == (admin.account_id, "Ada", "admin")
    assert (entry.action, entry.client_id, entry.detail) == ("client.view", 17, "opened the tests page")
    assert entry.at == clock()


def test_the_log_keeps_utc_times_from_the_real_clock(any_app: App, admin: NewAccount) -> None:
    from datetime import UTC, datetime

    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    AuditLog(any_app.sessions).record(_as(admin), "client.view", None)
    after = datetime.now(UTC).replace(tzinfo=None)
    [entry] = AuditLog(any_app.sessions).entries(admin.clinic_id)
    assert before <= entry.at <= after


def test_a_line_added_to_a_use_cases_transaction_is_lost_with_it_when_it_rolls_back(
    any_app: App, log: AuditLog, admin: NewAccount, clock: Clock
) -> None:
    with any_app.sessions() as s:
        record_in(s, _as(admin), "note.add", 3, "note 9 added", at=clock())
        s.rollback()
    assert log.entries(admin.clinic_id) == []


def test_filters_narrow_the_list_by_client_actor_action_and_day(log: AuditLog, admin: NewAccount, clock: Clock) -> None:
    me = _as(admin)
    log.record(me, "client.view", 1)
    clock.advance(days=1)
    log.record(me, "client.export", 2)
    log.record(SystemActor(clinic_id=admin.clinic_id), "alert.evaluate", 2)
    assert [e.action for e in log.entries(admin.clinic_id, AuditFilter(client_id=2))] == [
        "alert.evaluate",
        "client.export",
    ]
    assert [e.action for e in log.entries(admin.clinic_id, AuditFilter(action="client"))] == [
        "client.export",
        "client.view",
    ]
    assert [e.client_id for e in log.entries(admin.clinic_id, AuditFilter(actor_id=admin.account_id))] == [2, 1]
    today = clock().replace(hour=0, minute=0)
    assert [e.client_id for e in log.entries(admin.clinic_id, AuditFilter(until=today))] == [1]
    newest = log.entries(admin.clinic_id)[0]
    assert len(log.entries(admin.clinic_id, AuditFilter(before_id=newest.id))) == 2


def test_an_admin_sees_only_their_own_clinics_lines(log: AuditLog, accounts: Accounts, admin: NewAccount) -> None:
    other = accounts.create_clinic("Hilltop", admin_email="bo@example.org", admin_name="Bo", password=PASSWORD)
    log.record(_as(other, name="Bo"), "client.view", 5)
    log.record(SYSTEM, "worker.start", None)  # no clinic: in nobody's list
    assert log.entries(admin.clinic_id) == []
    assert [e.actor_name for e in log.entries(other.clinic_id)] == ["Bo"]


def test_logging_in_out_and_disabling_an_account_are_logged(
    log: AuditLog, accounts: Accounts, admin: NewAccount, clock: Clock
) -> None:
    carl = accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, "river stones and moss")
    done = accounts.login("carl@example.org", "river stones and moss")
    accounts.logout(done.token)
    accounts.disable(carl.account_id, by=_as(admin))
    actions = [(e.action, e.actor_name) for e in log.entries(admin.clinic_id)]
    assert actions == [("account.disable", "Ada"), ("account.logout", "Carl"), ("account.login", "Carl")]


def test_an_action_that_is_not_dotted_lower_case_words_is_refused(log: AuditLog, admin: NewAccount) -> None:
    with pytest.raises(ValueError, match="dotted lower-case"):
        log.record(_as(admin), "Client View", None)


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET detail = 'changed'", "DELETE FROM audit_log"], ids=["update", "delete"]
)
def test_the_store_refuses_to_change_or_delete_a_line(
    any_app: App, log: AuditLog, admin: NewAccount, statement: str
) -> None:
    log.record(_as(admin), "client.view", 1, "as it was")
    with pytest.raises(DBAPIError, match="append-only"), any_app.engine.begin() as conn:
        conn.execute(text(statement))
    with any_app.sessions() as s:
        assert s.scalars(select(AuditEntry.detail)).all() == ["as it was"]


def test_postgresql_refuses_to_empty_the_log_with_truncate(pg_app: App, clock: Clock) -> None:
    # TRUNCATE is a PostgreSQL statement: this case runs on PostgreSQL only.
    log = AuditLog(pg_app.sessions, clock)
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=5, window=timedelta(minutes=15))
    admin = Accounts(pg_app.sessions, limits=limits, throttle=throttle, keys=secret_keys(), clock=clock).create_clinic(
        "Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD
    )
    log.record(_as(admin), "client.view", 1)
    with pytest.raises(DBAPIError, match="append-only"), pg_app.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    assert len(log.entries(admin.clinic_id)) == 1
