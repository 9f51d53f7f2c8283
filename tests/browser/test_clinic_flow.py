"""The clinic flow in a real browser against `supple serve --clinic` (on PostgreSQL when the test run
has a server, else SQLite): a clinician invites a client, the client joins and answers the safety
questions with a red flag, the clinician sees the alert, reviews the client and records the
clearance, and the client's program runs again."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from supple.clinic.accounts import Accounts
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.db.engine import make_engine, migrate, session_factory
from supple.db.secret_box import SecretBox, SecretKeys, new_key
from tests import factories as f
from tests.browser.conftest import _free_port, _supple
from tests.browser.support import (
    CHROMIUM,
    DESKTOP,
    PHONE,
    axe_violations,
    no_horizontal_scroll,
    resize,
    shoot,
    watch_errors,
)
from tests.server.live import stop, wait_until_ready

PASSWORD = "river stones and moss"


@dataclass(frozen=True)
class Clinic:
    base: str
    clinician_email: str
    clinician_code: str
    more_codes: tuple[str, ...] = ()  # kim's other recovery codes (each works once)
    admin_codes: tuple[str, ...] = ()


def _database(folder: Path) -> str:
    url = os.environ.get("SUPPLE_TEST_POSTGRES_URL")
    if not url:
        return f"sqlite:///{folder / 'clinic.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clinic]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (scripts/browser-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("clinic")
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
    env.update(XDG_DATA_HOME=str(folder / "data"), SUPPLE_TIMER_SCALE="0.01", SUPPLE_CLINIC_SECRET_KEY=key)
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
        yield Clinic(base, "kim@example.org", kim.recovery_codes[0], kim.recovery_codes[1:], admin.recovery_codes)
    finally:
        stop(proc)


def _page(browser: Browser, clinic: Clinic, errors: list[str]) -> Page:
    context = browser.new_context(base_url=clinic.base, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch_errors(page, errors)
    return page


def _log_in_clinician(staff: Page, clinic: Clinic) -> None:
    """Kim logs in: e-mail and password, then a recovery code with the password again; the dashboard opens."""
    staff.goto("/login")
    staff.fill("#email", clinic.clinician_email)
    staff.fill("#password", PASSWORD)
    staff.click("button[type=submit]")
    staff.fill("#code", clinic.clinician_code)
    staff.fill("#password", PASSWORD)
    staff.click("button[type=submit]")
    expect(staff.get_by_role("heading", name="Your clients")).to_be_visible()


def _join(person: Page, profile_url: str) -> None:
    """On the invite page: the client chooses a password and lands on their profile."""
    person.fill("#password", PASSWORD)
    person.fill("#again", PASSWORD)
    person.click("[data-testid=join-submit]")
    person.wait_for_url(re.compile(profile_url))


def test_invite_join_red_flag_alert_review_and_clearance(browser: Browser, clinic: Clinic) -> None:
    errors: list[str] = []
    staff = _page(browser, clinic, errors)
    _log_in_clinician(staff, clinic)

    staff.fill("[data-testid=invite-name]", "Carl Berg")
    staff.fill("[data-testid=invite-email]", "carl@example.org")
    staff.click("[data-testid=invite-submit]")
    link = staff.locator("[data-testid=invite-link]").inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/join/[\w-]{40,}", link)

    person = _page(browser, clinic, errors)
    person.goto(link)
    expect(person.get_by_text("carl@example.org")).to_be_visible()
    _join(person, r"/p/Carl%20Berg$")

    answers = f.screen_answers(yes=("saddle-numbness",))
    origin = {"Origin": clinic.base, "Sec-Fetch-Site": "same-origin"}
    stopped = person.request.post(f"{clinic.base}/api/v1/profiles/Carl%20Berg/screenings", data=answers, headers=origin)
    assert stopped.ok
    assert stopped.json()["blocks"] is True
    person.goto("/p/Carl%20Berg/stop")
    expect(person.get_by_test_id("stop-clinic")).to_be_visible()

    staff.goto("/clinic/clients")
    row = staff.get_by_test_id("client-row").first
    expect(row.locator("[data-alert=stopped]")).to_be_visible()
    row.get_by_role("link", name="Carl Berg").click()
    expect(staff.get_by_test_id("client-stopped")).to_be_visible()
    staff.fill("[data-testid=clearance-note]", "Seen in clinic; saddle numbness ruled out by examination.")
    staff.click("[data-testid=clearance-submit]")
    expect(staff.get_by_test_id("client-running")).to_be_visible()
    expect(staff.get_by_test_id("reviews")).to_contain_text("saddle numbness ruled out")

    person.goto("/p/Carl%20Berg")
    expect(person.get_by_test_id("stop")).to_have_count(0)
    _keeps_no_pages_and_forgets_everything_at_logout(person)
    assert errors == [], errors


def _kept(page: Page) -> list[str]:
    return list(
        page.evaluate(
            """async () => {
                const found = [];
                for (const name of await caches.keys()) {
                    for (const r of await (await caches.open(name)).keys()) {
                        const u = new URL(r.url);
                        found.push(u.pathname + u.search);
                    }
                }
                return found;
            }"""
        )
    )


def _keeps_no_pages_and_forgets_everything_at_logout(page: Page) -> None:
    """A clinic's pages are about a client: the service worker keeps the site's own files only, and
    logging out clears what the browser kept for the site."""
    assert page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    page.reload()  # now the service worker answers this page's requests
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto("/p/Carl%20Berg")
    page.evaluate("() => fetch('/static/favicon.svg?probe=1')")  # goes through the worker after the page
    page.wait_for_function(
        "async () => (await (await caches.open('supple-pages-v1')).keys()).some((r) => r.url.endsWith('?probe=1'))"
    )
    kept = _kept(page)
    assert "/static/style.css" in kept
    assert "/static/favicon.svg?probe=1" in kept
    assert [p for p in kept if not p.startswith(("/static/", "/figures/", "/manifest"))] == []
    page.goto("/account")
    page.evaluate("() => localStorage.setItem('supple.marker', 'x')")
    page.get_by_test_id("logout").click()
    page.wait_for_url(re.compile(r"/login$"))
    # The login page registers the worker again (it keeps only the site's files): what was kept before
    # logging out, the probe among it, and the browser's storage for the site are gone.
    assert "/static/favicon.svg?probe=1" not in _kept(page)
    assert page.evaluate("() => localStorage.getItem('supple.marker')") is None


def _log_in_staff(page: Page, email: str, code: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page.get_by_test_id("code-hint")).to_have_text(
        "The 6-digit code from your authenticator app, or a recovery code."
    )
    expect(page.locator("#email")).to_have_value(email)  # kept from the first step
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(code)
    page.fill("#password", PASSWORD)
    page.click("[data-testid=login-submit]")


def _too_wide(page: Page) -> list[str]:
    """At 360 px: the elements that stick out on the right, outside a box that scrolls (empty when it fits)."""
    resize(page, PHONE)
    found = page.evaluate(
        """() => {
            if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
            const out = [];
            for (const el of document.querySelectorAll("body *")) {
                if (el.closest(".table-scroll") && !el.classList.contains("table-scroll")) continue;
                const r = el.getBoundingClientRect();
                const name = `${el.tagName.toLowerCase()}#${el.id}`;
                if (r.right > window.innerWidth + 1) out.push(`${name} ${Math.round(r.right)}px`);
            }
            return out.length ? out.slice(0, 8) : ["the page scrolls sideways"];
        }"""
    )
    return [str(x) for x in found]


def _menu_rows(page: Page) -> list[int]:
    """How many menu links sit on each line, top to bottom."""
    tops: list[float] = page.evaluate(
        "() => [...document.querySelectorAll('.site-nav li')].map(li => Math.round(li.getBoundingClientRect().top))"
    )
    return [tops.count(top) for top in sorted(set(tops))]


def _menu(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".site-nav .nav-label").all_inner_texts()]


def _login_code_step_fits_a_phone(staff: Page, clinic: Clinic) -> None:
    """The login's second step at 360 px: the code field has focus and the home pages' field style."""
    resize(staff, PHONE)
    staff.goto("/login")
    staff.fill("#email", clinic.clinician_email)
    staff.fill("#password", PASSWORD)
    staff.click("[data-testid=login-submit]")
    expect(staff.locator("#code")).to_be_focused()
    shoot(staff, "clinic-login-code-step")
    assert no_horizontal_scroll(staff)
    assert axe_violations(staff) == []
    field = staff.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('#email'));"
        " return [s.minHeight, s.borderTopWidth, s.display]; }"
    )
    assert field == ["48px", "2px", "block"]  # the home pages' field, not the browser's default
    staff.keyboard.type(clinic.more_codes[0])
    staff.fill("#password", PASSWORD)
    staff.click("[data-testid=login-submit]")
    expect(staff.get_by_role("heading", name="Your clients")).to_be_visible()
    assert _menu(staff) == ["Clients", "Templates", "Thresholds", "Account"]


def _long_invite_fits_a_phone(staff: Page) -> str:
    """An invite with a long name and e-mail: the note it made shows below the header, nothing sticks
    out at 360 px. Returns the invite link."""
    staff.fill("[data-testid=invite-name]", "Dana Holt-Fairweather")
    staff.fill("[data-testid=invite-email]", "dana.holt-fairweather.longaddress@example.org")
    staff.click("[data-testid=invite-submit]")
    link = staff.get_by_test_id("invite-link").inner_text()
    made = staff.get_by_test_id("invite-made").bounding_box()
    header = staff.locator(".site-header").bounding_box()
    assert made is not None
    assert header is not None
    assert made["y"] >= header["y"] + header["height"]  # the note the page jumped to is not under the header
    staff.evaluate("() => window.scrollTo(0, 0)")
    expect(staff.get_by_test_id("pending-invite")).to_contain_text("dana.holt-fairweather.longaddress@example.org")
    shoot(staff, "clinic-dashboard-invite-made")
    assert no_horizontal_scroll(staff)
    return link


def _client_joins_and_sends_a_message(person: Page, link: str) -> None:
    person.goto(link)
    _join(person, r"/p/Dana%20Holt-Fairweather$")
    person.goto("/clinic/messages")
    person.fill("[data-testid=message-text]", "Hello, the second exercise pulls a little on the left.")
    person.click("[data-testid=message-send]")
    expect(person.get_by_test_id("messages")).to_contain_text("pulls a little")


def _clinician_pages_fit_a_phone(staff: Page) -> None:
    staff.goto("/clinic/clients")
    shoot(staff, "clinic-dashboard")
    assert no_horizontal_scroll(staff)
    staff.get_by_role("link", name="Dana Holt-Fairweather").click()
    expect(staff.get_by_role("heading", name="Dana Holt-Fairweather", level=1)).to_be_visible()
    shoot(staff, "clinic-client-page")
    assert no_horizontal_scroll(staff)
    assert axe_violations(staff) == []
    for path in ("/clinic/templates", "/clinic/thresholds", "/account"):
        staff.goto(path)
        assert _too_wide(staff) == [], path


def _admin_menu_wraps_on_a_phone_and_fits_one_line_on_a_desktop(admin: Page, clinic: Clinic) -> None:
    resize(admin, PHONE)
    _log_in_staff(admin, "ada@example.org", clinic.admin_codes[0])
    expect(admin.get_by_role("heading", name="Your clients")).to_be_visible()
    assert _menu(admin) == ["Clients", "Templates", "Thresholds", "Accounts", "Access log", "Account"]
    nav = admin.locator(".site-nav ul").bounding_box()
    item = admin.locator(".site-nav li").first.bounding_box()
    assert nav is not None
    assert item is not None
    assert nav["height"] > item["height"] * 1.5  # six links wrap onto a second line at 360 px
    assert _menu_rows(admin) == [3, 3]  # two even rows, not four and two
    assert no_horizontal_scroll(admin)
    admin.get_by_role("link", name="Accounts").click()
    expect(admin.get_by_role("heading", name="Accounts of the clinic")).to_be_visible()
    shoot(admin, "clinic-accounts")
    assert no_horizontal_scroll(admin)
    assert axe_violations(admin) == []
    admin.goto("/admin/audit")
    assert no_horizontal_scroll(admin)
    resize(admin, DESKTOP)
    assert _menu_rows(admin) == [6]  # at 1280 px the admin's six links fit on one line...
    header = admin.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] < item["height"] * 1.5  # ...beside the brand, not on a line of their own
    shoot(admin, "clinic-admin-menu")


def test_clinic_pages_fit_a_phone_and_look_like_the_home_pages(browser: Browser, clinic: Clinic) -> None:
    """At 360 px no clinic page scrolls sideways (wide tables scroll in their own box), the menu wraps,
    fields are the home pages' fields; screenshots at 360 and 1280 px for a person to look at."""
    errors: list[str] = []
    staff = _page(browser, clinic, errors)
    _login_code_step_fits_a_phone(staff, clinic)
    link = _long_invite_fits_a_phone(staff)
    _client_joins_and_sends_a_message(_page(browser, clinic, errors), link)
    _clinician_pages_fit_a_phone(staff)
    _admin_menu_wraps_on_a_phone_and_fits_one_line_on_a_desktop(_page(browser, clinic, errors), clinic)
    assert errors == [], errors
