"""Refuse requests that another website makes the person's browser send (cross-site request forgery).

Supple has no log-in: anything that reaches the server may change health records. A page on any other
site can make the browser POST a form to http://127.0.0.1:8765/, so every state-changing request
(POST, PUT, PATCH, DELETE) must show that it comes from Supple's own pages:

1. ``Sec-Fetch-Site`` (set by the browser, a page cannot forge it) decides when present:
   ``same-origin`` and ``none`` (typed by the person) pass; ``cross-site`` and ``same-site`` are refused.
2. Otherwise ``Origin``, when sent and not ``null``, must be this server's own origin (scheme, host, port).
   (Browsers send ``Origin: null`` for Supple's own forms, because its pages say
   ``Referrer-Policy: no-referrer``; a ``null`` origin is treated like a missing one.)
3. Neither header (an old browser, or a program such as curl): PUT, PATCH, DELETE and a POST with a
   JSON or zip body pass, because a page elsewhere cannot send those without a CORS preflight, which
   this server never grants. Any
   other body (a form: urlencoded, multipart, text/plain) must carry the app's form token, either in the
   hidden ``csrf_token`` field every POST form has (``{{ csrf_input() }}`` right after the form tag, so
   it is the first field of a multipart body) or in an ``X-CSRF-Token`` header.

The token belongs to the app (``FormTokens``, made by ``create_app``; nothing is kept in this module).
At home it comes from a random secret made when the app starts, so a form opened before a restart must
be reloaded. In clinic mode several worker processes serve the same people, so the secret is derived
from the clinic secret key (HKDF with the label ``supple csrf v1``; the key itself is never used for it):
every worker given the same key issues and accepts the same token. After a key rotation (newest key
first) the token derived from the newest key is issued and those derived from the older keys are still
accepted, so a form opened before the restart still posts.

docs/decisions/0012-csrf-without-a-library.md says why this is our own middleware.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Body types a page on another site cannot send without a preflight (which is never granted).
PREFLIGHTED = frozenset({"application/json", "application/zip", "application/x-zip-compressed"})
MAX_FORM_PEEK = 1024 * 1024  # an urlencoded form is read whole (the body limit is smaller anyway)
MAX_PART_PEEK = 64 * 1024  # of a multipart body only the first part (the token) is read here

PURPOSE = b"supple csrf v1"  # the label the clinic secret key is derived with for this use


class FormTokens:
    """The form token of one app. ``derived`` (clinic mode) gives secrets derived from the clinic's keys,
    newest first: the first one's token is issued, every one's is accepted. Until it gives any (no key
    yet: a clinic before ``supple clinic init``), a random secret made with the app is used."""

    def __init__(self, derived: Callable[[], Sequence[bytes]] | None = None) -> None:
        self._random = secrets.token_bytes(32)
        self._derived = derived
        self._tokens: tuple[str, ...] | None = None  # kept once derived from a key

    def _all(self) -> tuple[str, ...]:
        if self._tokens is not None:
            return self._tokens
        found = tuple(self._derived()) if self._derived is not None else ()
        tokens = tuple(hmac.new(secret, b"supple-form", hashlib.sha256).hexdigest() for secret in found)
        if tokens:
            self._tokens = tokens
            return tokens
        return (hmac.new(self._random, b"supple-form", hashlib.sha256).hexdigest(),)

    def token(self) -> str:
        """The token the forms carry (the same for every form of this app)."""
        return self._all()[0]

    def ok(self, given: str | None) -> bool:
        if given is None:
            return False
        raw = given.encode("utf-8", "replace")
        return any(hmac.compare_digest(raw, known.encode()) for known in self._all())

    def input(self) -> Markup:
        """The hidden field for a POST form (the Jinja global ``{{ csrf_input() }}`` of this app)."""
        return Markup(f'<input type="hidden" name="{FIELD}" value="{self.token()}">')


def _port(scheme: str, port: int | None) -> int:
    return port if port is not None else (443 if scheme in ("https", "wss") else 80)


def same_origin(origin: str, scope: Scope) -> bool:
    """Does the Origin header name this server, as addressed by this request (scheme, Host, port)?"""
    host = Headers(scope=scope).get("host", "")
    scheme = str(scope.get("scheme", "http"))
    try:
        given, own = urlsplit(origin.strip().lower()), urlsplit(f"{scheme}://{host.strip().lower()}")
        return (
            given.scheme == own.scheme
            and given.hostname is not None
            and given.hostname == own.hostname
            and _port(given.scheme, given.port) == _port(own.scheme, own.port)
            and not given.path.strip("/")
        )
    except ValueError:  # a malformed port
        return False


def _media_type(headers: Headers) -> tuple[str, str]:
    raw = headers.get("content-type", "")
    main, _, params = raw.partition(";")
    boundary = ""
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip().strip('"')
    return main.strip().lower(), boundary


class CrossSiteRefused(Exception):
    pass


class CsrfGuard:
    """Pure ASGI middleware; see the module's docstring."""

    def __init__(self, app: ASGIApp, tokens: FormTokens) -> None:
        self.app = app
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        site = headers.get("sec-fetch-site")
        origin = headers.get("origin")
        if site is not None:  # the browser's own verdict, which a page cannot forge: it decides
            if site.strip().lower() in ("same-origin", "none"):
                await self.app(scope, receive, send)
            else:
                await refuse(scope, receive, send)
            return
        # "null" is what a browser sends when it hides the origin (Referrer-Policy: no-referrer, sandboxed
        # frames): it proves nothing either way, so such a request needs the token like one with no Origin.
        if origin is not None and origin.strip().lower() != "null":
            if same_origin(origin, scope):
                await self.app(scope, receive, send)
            else:
                await refuse(scope, receive, send)
            return
        kind, boundary = _media_type(headers)
        if (
            scope["method"] != "POST"  # PUT, PATCH and DELETE always need a preflight from another site
            or kind in PREFLIGHTED
            or kind.endswith("+json")
            or self.tokens.ok(headers.get(HEADER))
        ):
            await self.app(scope, receive, send)
            return
        try:
            if kind == "application/x-www-form-urlencoded":
                replay = await _peek_urlencoded(receive, self.tokens)
            elif kind == "multipart/form-data" and boundary:
                replay = await _peek_first_part(receive, boundary.encode("latin-1"), self.tokens)
            else:
                raise CrossSiteRefused
        except CrossSiteRefused:
            await refuse(scope, receive, send)
            return
        await self.app(scope, replay, send)


async def _peek_urlencoded(receive: Receive, tokens: FormTokens) -> Receive:
    body, more = b"", True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            raise CrossSiteRefused
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_FORM_PEEK:
            raise CrossSiteRefused
    fields = parse_qs(body.decode("latin-1"), keep_blank_values=True)
    if not tokens.ok(next(iter(fields.get(FIELD, [])), None)):
        raise CrossSiteRefused
    return _replaying([{"type": "http.request", "body": body, "more_body": False}], receive)


async def _peek_first_part(receive: Receive, boundary: bytes, tokens: FormTokens) -> Receive:
    """Read just enough of a multipart body to see its first part, which must be the token field."""
    seen: list[Message] = []
    body, more = b"", True
    start = b"--" + boundary + b"\r\n"
    end = b"\r\n--" + boundary
    while more:
        message = await receive()
        if message["type"] != "http.request":
            raise CrossSiteRefused
        seen.append(message)
        body += message.get("body", b"")
        more = message.get("more_body", False)
        head, sep, rest = body.partition(b"\r\n\r\n")
        if sep and end in rest:
            lines = head.split(b"\r\n")
            named = f'name="{FIELD}"'.encode()
            if lines[0] != start.rstrip() or not any(
                line.lower().startswith(b"content-disposition:") and named in line for line in lines[1:]
            ):
                raise CrossSiteRefused
            if not tokens.ok(rest.split(end, 1)[0].decode("latin-1")):
                raise CrossSiteRefused
            return _replaying(seen, receive)
        if len(body) > MAX_PART_PEEK:
            break
    raise CrossSiteRefused


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    queue = list(messages)

    async def replay() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replay


REFUSAL = (
    "Supple refused this request and changed nothing: it did not come from one of Supple's own pages "
    "(another website, or a page opened before Supple was restarted). Go back to Supple, reload the page "
    "and send it again."
)


async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
    """403: a problem detail for the API, the friendly error page for a browser page."""
    from supple.web.refusals import refuse as answer

    await answer(scope, receive, send, 403, "cross-site", "Refused: not from Supple's own pages", REFUSAL)
