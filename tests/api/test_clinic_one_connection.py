"""Clinic mode, performance (issue 17): a page's request takes one connection from the pool. The web
door's transaction (session, care links, the access-log line) is committed first; the page's reads
follow on the same connection in one more transaction, instead of a connection and a transaction per
use case. The log line stays committed when the page itself then fails."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from supple.bootstrap import App
from supple.clinic.audit import AuditFilter, AuditLog
from supple.services.context import _SHARED
from tests.clinic_world import World, make_world


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app, second_clinic=False)


@contextmanager
def counted(app: App) -> Iterator[Counter[str]]:
    """Connections taken from the pool, transactions begun and committed on them, while inside."""
    counts: Counter[str] = Counter()
    listeners = [
        (target, name, lambda *_, n=name: counts.update([n]))
        for target, name in [(app.engine.pool, "checkout"), (app.engine, "begin"), (app.engine, "commit")]
    ]
    for target, name, fn in listeners:
        event.listen(target, name, fn)
    try:
        yield counts
    finally:
        for target, name, fn in listeners:
            event.remove(target, name, fn)


def test_a_clients_pages_take_one_connection_the_doors_transaction_then_the_pages(world: World) -> None:
    carl = world.people["carl"]
    name = carl.profile
    pages = [
        ("carl", f"/p/{name}/progress"),
        ("carl", f"/p/{name}/records"),
        ("carl", f"/p/{name}/results"),
        ("kim", f"/clinic/clients/{carl.account_id}"),
        ("kim", f"/p/{name}/progress"),  # the clinician's view of the client's page
    ]
    for who, url in pages:
        web = world.as_(who)
        assert web.get(url).status_code == 200, url  # first: caches filled
        with counted(world.app) as counts:
            assert web.get(url).status_code == 200, url
        assert counts["checkout"] == 1, (url, counts)
        assert counts["begin"] == 2, (url, counts)  # the door's (it wrote the access-log line), the page's
        assert counts["commit"] == 2, (url, counts)


def test_the_dashboard_reads_in_the_doors_own_transaction_when_the_door_wrote_nothing(world: World) -> None:
    web = world.as_("kim")
    assert web.get("/clinic/clients").status_code == 200
    with counted(world.app) as counts:
        assert web.get("/clinic/clients").status_code == 200
    assert (counts["checkout"], counts["begin"]) == (1, 1)


def test_the_read_stays_in_the_log_when_the_page_then_fails(world: World) -> None:
    carl = world.people["carl"]
    r = world.as_("kim").get(f"/p/{carl.profile}/walk/987654")  # no such walk: the page answers 404
    assert r.status_code == 404
    lines = AuditLog(world.app.sessions).entries(carl.clinic_id, AuditFilter(actor_id=world.people["kim"].account_id))
    assert ("client.read", carl.account_id, "GET /p/{name}/walk/{walk_id}") in {
        (e.action, e.client_id, e.detail) for e in lines
    }


def test_a_page_after_a_change_shows_the_change_and_changes_keep_their_own_transactions(world: World) -> None:
    carl = world.people["carl"]
    kim = world.as_("kim")
    with counted(world.app) as counts:
        r = kim.post(f"/clinic/clients/{carl.account_id}/notes", data={"text": "Guarded on rotation left."})
    assert r.status_code in (200, 303)
    assert counts["checkout"] >= 2  # the door's, then the use case's own (not shared by a change)
    assert "Guarded on rotation left." in kim.get(f"/clinic/clients/{carl.account_id}").text


def test_nothing_of_a_request_is_left_shared_in_the_test_thread(world: World) -> None:
    carl = world.people["carl"]
    assert world.as_("carl").get(f"/p/{carl.profile}/progress").status_code == 200
    assert _SHARED.get() is None
