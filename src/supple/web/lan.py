"""LAN mode in the web app: nothing but the pairing page is served until this browser has paired.

A browser pairs by opening the address in the QR code (it carries the long token) or by typing the
six-digit code shown on the computer. Either gives an HttpOnly, Secure, SameSite=Lax cookie holding a
per-start session value. ``/lan`` (for the computer's screen) shows the QR code, the code and the
certificate's fingerprint; it is behind the same gate, so the terminal prints a link with the token for
the computer's own browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from supple.lan.pairing import Pairing
from supple.web.pages.forms import FormDep
from supple.web.pages.rendering import layout, render, see_other

COOKIE = "supple_pair"
# Served before pairing: the pairing page itself and the site's CSS and icons (no personal data).
FEED = re.compile(r"/api/v1/calendar/[A-Za-z0-9_-]+\.ics")
OPEN_PATHS = ("/pair", "/static/style.css", "/static/favicon.svg")
NEXT_PAGES = ("/", "/lan")


@dataclass(frozen=True)
class LanInfo:
    pairing: Pairing
    phone_url: str  # https://address:port/
    fingerprint: str

    @property
    def pairing_url(self) -> str:
        return f"{self.phone_url}pair?t={self.pairing.token}"

    def desktop_url(self, port: int) -> str:
        return f"https://localhost:{port}/pair?t={self.pairing.token}&next=/lan"


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar = SimpleCookie(value.decode("latin-1"))
            except CookieError:
                return None
            morsel = jar.get(COOKIE)
            if morsel is not None:
                return morsel.value
    return None


class PairingGate:
    """Pure ASGI middleware: refuses every request without the pairing cookie (except OPEN_PATHS)."""

    def __init__(self, app: ASGIApp, pairing: Pairing) -> None:
        self.app = app
        self.pairing = pairing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" or self.pairing.session_ok(_cookie(scope)):
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # a websocket (none today) from an unpaired browser
            await send({"type": "websocket.close", "code": 1008})
            return
        path = str(scope["path"])
        # A calendar app cannot pair: the feed's own secret token is its key (and opens nothing else).
        if path in OPEN_PATHS or FEED.fullmatch(path):
            await self.app(scope, receive, send)
            return
        response: Response
        if path.startswith("/api") or path.startswith("/openapi") or path.startswith("/docs"):
            body = {
                "type": "/problems/not-paired",
                "title": "Not paired",
                "status": 401,
                "detail": "This browser has not been paired with Supple: open the address from the QR code or "
                "enter the six-digit code at /pair.",
            }
            response = Response(json.dumps(body), status_code=401, media_type="application/problem+json")
        else:
            response = RedirectResponse(f"/pair?next={quote('/')}", status_code=303)
        await response(scope, receive, send)


def _paired(pairing: Pairing, next_page: str | None) -> RedirectResponse:
    response = see_other(next_page if next_page in NEXT_PAGES else "/")
    response.set_cookie(COOKIE, pairing.session, httponly=True, secure=True, samesite="lax", path="/")
    return response


@dataclass(frozen=True)
class PairPage:
    message: str | None
    retired: bool
    tries_left: int
    next_page: str


def client_of(request: Request) -> str:
    """Who is trying codes: the network address (each phone on the network has its own)."""
    return request.client.host if request.client is not None else ""


def _pair_page(request: Request, lan: LanInfo, message: str | None, status: int, next_page: str) -> HTMLResponse:
    p, who = lan.pairing, client_of(request)
    page = PairPage(message, p.code_retired(who), p.tries_left(who), next_page if next_page in NEXT_PAGES else "/")
    return render(request, "lan_pair.html", layout("Pair this device"), page, status=status)


router = APIRouter(include_in_schema=False)


@router.get("/pair", response_class=HTMLResponse)
def pair_form(request: Request, t: str | None = None, next: str = "/") -> Response:
    lan: LanInfo = request.app.state.lan
    if t is not None:
        if lan.pairing.token_ok(t):
            return _paired(lan.pairing, next)
        return _pair_page(request, lan, "That link is not (or no longer) valid. Enter the code instead.", 403, next)
    return _pair_page(request, lan, None, 200, next)


@router.post("/pair", response_class=HTMLResponse)
def pair_with_code(request: Request, form: FormDep) -> Response:
    lan: LanInfo = request.app.state.lan
    next_page = form.get("next", "/")
    who = client_of(request)
    if lan.pairing.code_retired(who):
        return _pair_page(request, lan, None, 429, next_page)
    code = form.get("code", "")
    if not any(ch.isdigit() for ch in code):  # an empty code is not a try
        return _pair_page(request, lan, "Please type the six-digit code shown on the computer.", 422, next_page)
    if lan.pairing.try_code(code, who):
        return _paired(lan.pairing, next_page)
    if lan.pairing.code_retired(who):
        return _pair_page(request, lan, None, 429, next_page)
    left = lan.pairing.tries_left(who)
    message = f"That code is not right. {left} {'try' if left == 1 else 'tries'} left before the code stops working."
    return _pair_page(request, lan, message, 403, next_page)


@dataclass(frozen=True)
class LanPage:
    phone_url: str
    pairing_url: str
    code: str
    fingerprint: str
    qr_svg: str
    wrong_tries: int  # wrong codes typed since the start (or the last reset)
    can_reset: bool  # only the computer itself may switch the code back on
    reset_done: bool = False


def _on_this_computer(request: Request) -> bool:
    from supple.lan.address import is_loopback

    return request.client is not None and is_loopback(request.client.host)


@router.get("/lan", response_class=HTMLResponse)
def lan_page(request: Request) -> HTMLResponse:
    import segno

    lan: LanInfo = request.app.state.lan
    qr = segno.make(lan.pairing_url, error="m")
    svg = qr.svg_inline(scale=5, dark="#000", light="#fff", title="QR code with the pairing address")
    page = LanPage(
        lan.phone_url,
        lan.pairing_url,
        lan.pairing.code,
        lan.fingerprint,
        svg,
        lan.pairing.total_failures,
        _on_this_computer(request),
        request.query_params.get("reset") == "1",
    )
    return render(request, "lan_desktop.html", layout("Open Supple on your phone"), page)


@router.post("/lan/reset-code")
def reset_code(request: Request) -> Response:
    """The owner, at the computer, lets the six-digit code work again after wrong tries (CSRF-guarded)."""
    lan: LanInfo = request.app.state.lan
    if not _on_this_computer(request):
        from supple.errors import SuppleError

        err = SuppleError("Only the computer running Supple can switch the pairing code back on.")
        err.http_status, err.code = 403, "not-this-computer"
        raise err
    lan.pairing.reset_failures()
    return see_other("/lan?reset=1")


def install_lan(api: FastAPI, lan: LanInfo) -> None:
    """Put the pairing gate in front of everything and add /pair and /lan."""
    api.state.lan = lan
    api.include_router(router)
    api.add_middleware(PairingGate, pairing=lan.pairing)
