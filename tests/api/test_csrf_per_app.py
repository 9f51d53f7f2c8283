"""The form token belongs to its app (issue 14: no module global holds it). In clinic mode several worker
processes serve the same browsers, so the token is derived from the clinic secret key: a form one worker
sent is accepted by another, even from a browser that sends neither Sec-Fetch-Site nor Origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from supple.bootstrap import App, build_app
from supple.clinic.domain import Role
from supple.config import Settings
from supple.db.secret_box import KEY_FILE, SecretBox, new_key
from supple.web.app import create_app
from supple.web.csrf import PURPOSE, FormTokens

PASSWORD = "river stones and moss"


def _token(c: TestClient, page: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', c.get(page).text)
    assert found, f"{page} has no CSRF token in its form"
    return found.group(1)


def _worker(stack: ExitStack, tmp_path: Path, key: str) -> TestClient:
    """One worker process of a clinic: its own app, built by the composition root, on the shared store.
    The client sends neither Sec-Fetch-Site nor Origin (an old browser)."""
    settings = Settings(data_dir=tmp_path, clinic_secret_key=SecretStr(key))
    supple = build_app(settings, db_path=tmp_path / "clinic.db")
    return stack.enter_context(TestClient(create_app(supple, clinic=True), base_url="https://testserver"))


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    key = new_key()
    with ExitStack() as stack:
        yield _worker(stack, tmp_path, key), _worker(stack, tmp_path, key)


def test_two_workers_with_the_same_clinic_key_accept_each_others_forms(
    workers: tuple[TestClient, TestClient],
) -> None:
    one, two = workers
    accounts = one.app.state.accounts  # type: ignore[attr-defined]
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, PASSWORD)
    token = _token(one, "/login")
    assert token == _token(two, "/login")
    assert one.app is not two.app
    login = {"email": "carl@example.org", "password": PASSWORD}
    refused = two.post("/login", data=login, follow_redirects=False)  # no token, no origin headers
    assert refused.status_code == 403
    assert "changed nothing" in refused.text
    wrong = two.post("/login", data={"csrf_token": "0" * 64, **login}, follow_redirects=False)
    assert wrong.status_code == 403
    done = two.post("/login", data={"csrf_token": token, **login}, follow_redirects=False)  # worker one's form
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/clinic"


def test_another_clinic_key_gives_another_token_and_refuses_the_first_ones(tmp_path: Path) -> None:
    with ExitStack() as stack:
        one = _worker(stack, tmp_path / "a", new_key())
        other = _worker(stack, tmp_path / "b", new_key())
        token = _token(one, "/login")
        assert _token(other, "/login") != token
        posted = other.post(
            "/login", data={"csrf_token": token, "email": "x@example.org", "password": PASSWORD}, follow_redirects=False
        )
        assert posted.status_code == 403


def test_the_token_is_derived_from_the_key_not_the_key_itself_and_older_keys_still_pass(app: App) -> None:
    old, new = new_key(), new_key()
    before = FormTokens(lambda: SecretBox.of(old).derive(PURPOSE))
    after = FormTokens(lambda: SecretBox.of(new, old).derive(PURPOSE))  # rotated: newest first
    assert after.token() != before.token()
    assert after.ok(before.token())  # a form opened before the workers restarted with the new key
    assert not before.ok(after.token())
    raw = SecretBox.of(old).keys[0]
    assert SecretBox.of(old).derive(PURPOSE)[0] != raw
    assert SecretBox.of(old).derive(b"another use")[0] != SecretBox.of(old).derive(PURPOSE)[0]


def test_home_mode_keeps_a_random_token_per_app_start(app: App) -> None:
    with TestClient(create_app(app)) as first, TestClient(create_app(app)) as second:
        token = _token(first, "/import")
        assert _token(first, "/import") == token  # the same for every form of this start
        assert _token(second, "/import") != token  # another start, another secret: reload the page
        mine = first.post("/import", data={"csrf_token": token, "name": "X"})
        assert mine.status_code == 422  # past the guard: the form itself is missing its file
        assert second.post("/import", data={"csrf_token": token, "name": "X"}).status_code == 403
    assert not (app.settings.data_dir / KEY_FILE).exists()  # home mode never reads or makes a clinic key


def test_a_clinic_before_its_key_exists_uses_a_per_start_token_then_the_keys_once_there(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    supple = build_app(settings, db_path=tmp_path / "clinic.db")
    with TestClient(create_app(supple, clinic=True), base_url="https://testserver") as c:
        early = _token(c, "/login")
        assert not (tmp_path / KEY_FILE).exists()  # asking for a token never makes the key file
        accounts = c.app.state.accounts  # type: ignore[attr-defined]
        accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
        assert (tmp_path / KEY_FILE).exists()  # the clinic's first second factor made it
        late = _token(c, "/login")
        assert late != early
        expected = FormTokens(lambda: SecretBox.of((tmp_path / KEY_FILE).read_text()).derive(PURPOSE)).token()
        assert late == expected
