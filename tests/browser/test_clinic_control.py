"""Clinical control in a real browser against `supple serve --clinic` (on PostgreSQL when the test run
has a server, else SQLite): a clinician makes a routine template, invites a client, assigns the
template, and the client's routine page shows it as chosen by their clinician; the clinician sets the
date of a re-test and the client's home shows it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from supple.catalogue.schema import DoseKind, ExerciseKind
from supple.clinic.accounts import Accounts
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.db.engine import make_engine, migrate, session_factory
from supple.db.secret_box import SecretBox, SecretKeys, new_key
from tests import factories as f
from tests.browser.conftest import _free_port, _supple
from tests.browser.support import CHROMIUM
from tests.browser.test_clinic_flow import PASSWORD, Clinic, _database, _join, _log_in_clinician, _page
from tests.server.live import stop, wait_until_ready


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clinic]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (scripts/browser-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("clinic-control")
    url = _database(folder)
    engine = make_engine(url)
    migrate(engine)
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=5, window=timedelta(minutes=15))
    key = new_key()  # the clinic's secret key, given to the server as SUPPLE_CLINIC_SECRET_KEY
    accounts = Accounts(
        session_factory(engine), limits=limits, throttle=throttle, keys=SecretKeys(box=SecretBox.of(key))
    )
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    kim = accounts.create_account(admin.clinic_id, "kim@example.org", "Kim", Role.CLINICIAN, PASSWORD)
    engine.dispose()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_")}
    env.update(SUPPLE_DATABASE_URL=url, SUPPLE_CLINIC="1", HOME=str(folder / "home"), PYTHONUNBUFFERED="1")
    env.update(XDG_DATA_HOME=str(folder / "data"), SUPPLE_CLINIC_SECRET_KEY=key)
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(_supple()), "serve", "--clinic", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(proc, lambda: httpx.get(f"{base}/login", timeout=5).is_success, log_path)
        yield Clinic(base, "kim@example.org", kim.recovery_codes[0])
    finally:
        stop(proc)


def _make_a_template(staff: Page, exercise_id: str) -> None:
    """A template of one held exercise: a hold beyond the range is refused naming the field and the
    unit, then saved with a hold in range."""
    staff.locator(".site-nav").get_by_role("link", name="Templates").click()
    staff.fill("#name", "Desk workers")
    staff.select_option("#exercise_id_1", exercise_id)
    staff.fill("#sets_1", "2")
    staff.fill("#hold_s_1", "99")  # beyond the range: refused with the range and unit
    staff.click("[data-testid=template-submit]")
    expect(staff.get_by_test_id("template-problem")).to_contain_text("Exercise 1, hold (seconds)")
    expect(staff.get_by_test_id("template-problem")).to_contain_text("seconds")
    staff.fill("#hold_s_1", "30")
    staff.click("[data-testid=template-submit]")
    expect(staff.get_by_test_id("template-saved")).to_be_visible()


def test_a_template_assigned_in_the_browser_is_the_clients_routine(browser: Browser, clinic: Clinic) -> None:
    errors: list[str] = []
    cat = f.shared_catalogue()
    hold = next(
        e
        for e in cat.exercises.values()
        if e.kind is ExerciseKind.MOBILITY and e.dosage.kind is DoseKind.HOLD and not e.needs_floor and not e.avoid_with
    )
    staff = _page(browser, clinic, errors)
    _log_in_clinician(staff, clinic)
    _make_a_template(staff, hold.id)

    staff.goto("/clinic/clients")
    staff.fill("[data-testid=invite-name]", "Carl Berg")
    staff.fill("[data-testid=invite-email]", "carl@example.org")
    staff.click("[data-testid=invite-submit]")
    link = staff.locator("[data-testid=invite-link]").inner_text()
    person = _page(browser, clinic, errors)
    person.goto(link)
    _join(person, r"/p/Carl%20Berg$")
    origin = {"Origin": clinic.base, "Sec-Fetch-Site": "same-origin"}
    screened = person.request.post(
        f"{clinic.base}/api/v1/profiles/Carl%20Berg/screenings", data=f.screen_answers(), headers=origin
    )
    assert screened.ok

    staff.goto("/clinic/clients")
    staff.get_by_role("link", name="Carl Berg").click()
    expect(staff.get_by_test_id("planner-routine")).to_be_visible()
    staff.locator("[data-testid=assign-form] button[type=submit]").click()
    expect(staff.get_by_test_id("assigned-items")).to_contain_text(hold.name)
    staff.fill("#due_on", f"{date.today():%Y-%m-%d}")
    staff.select_option("#check", "retest:hip")
    staff.locator("[data-testid=schedule-form] button[type=submit]").click()
    expect(staff.get_by_test_id("scheduled-checks")).to_contain_text("the hip tests")

    person.goto("/p/Carl%20Berg/routine")
    expect(person.get_by_test_id("routine-item")).to_have_count(1)
    expect(person.get_by_test_id("routine-reason")).to_contain_text("Chosen by your clinician.")
    person.goto("/p/Carl%20Berg")
    expect(person.get_by_test_id("from-clinician")).to_contain_text("do the hip tests again")
    assert errors == [], errors
