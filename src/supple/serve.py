"""`supple serve` (and a bare `supple`): the web app on this machine, or on the home network (--lan).

It sits above both doors (import-linter layers): it uses the CLI's state and starts the web door, so the
CLI package itself never imports `supple.web`. `supple.main` adds it to the command group."""

from __future__ import annotations

import socket
from functools import partial
from typing import TYPE_CHECKING

import click

from supple.cli.state import DEFAULT_PORT, CliState, friendly, pass_state

if TYPE_CHECKING:
    from collections.abc import Callable

    import uvicorn

    from supple.web.lan import LanInfo


@click.command()
@click.option(
    "--host",
    default=None,
    help="Address to listen on. Default: 127.0.0.1 (this machine only); with --lan, this machine's network address.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    envvar="SUPPLE_PORT",
    help="Port to listen on.",
)
@click.option(
    "--lan",
    is_flag=True,
    help="Reach the app from a phone on your network: HTTPS only (a certificate made once and kept in the data "
    "folder), and nothing is shown until a device pairs with the QR code or the six-digit code printed here.",
)
@click.option(
    "--clinic",
    is_flag=True,
    help="Run Supple for a clinic instead of one person at home: everyone logs in with an account (the "
    "first is made with 'supple clinic init'), clinicians follow their clients and clients do their program. "
    "Off unless given (or SUPPLE_CLINIC=1); not with --lan. What exists so far: "
    "docs/clinic.md.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Clinic mode: web worker processes (they share sessions and jobs through PostgreSQL).",
)
@pass_state
@friendly
def serve(state: CliState, host: str | None, port: int, lan: bool, clinic: bool, workers: int) -> None:
    """Start the web app and print its address to open in a browser.

    With no options it is for one person at home and only this computer can open it. --lan lets a
    phone on your network open it too; --clinic runs it for a clinic, with logins. The store is brought
    up to date first.
    """
    from supple.errors import SuppleError

    if lan and (clinic or state.app.settings.clinic):
        raise SuppleError("Clinic mode and --lan cannot be combined: a clinic serves over its own HTTPS proxy.")
    if workers > 1:
        if not (clinic or state.app.settings.clinic) or state.app.engine.dialect.name != "postgresql":
            raise SuppleError("--workers needs clinic mode on PostgreSQL (--clinic and SUPPLE_DATABASE_URL).")
        run_workers(state, host or "127.0.0.1", port, workers)
        return
    if lan:
        run_lan_server(state, host, port)
    else:
        run_server(state, host or "127.0.0.1", port, clinic=clinic or None)


def _bound(host: str, port: int) -> socket.socket:
    from supple.errors import SuppleError

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise SuppleError(f"Cannot listen on {host}:{port}: {err.strerror}. Try another --port.") from None
    return sock


def run_server(state: CliState, host: str, port: int, *, clinic: bool | None = None) -> None:
    import uvicorn

    from supple.web.app import create_app

    click.echo("Starting Supple…")
    app = state.app  # builds the store and applies migrations before binding the port
    _bound(host, port).close()
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(f"Data: {app.engine.url.render_as_string(hide_password=True)}")
    from supple.web.hosts import LOCAL_NAMES

    everywhere = host in ("0.0.0.0", "::")
    if everywhere:
        click.echo(
            "Warning: every machine on your network can reach this server, over plain HTTP and without pairing. "
            "For a phone, use 'supple serve --lan' instead.",
            err=True,
        )
    # On this computer only: refuse other host names (DNS rebinding). Listening everywhere, any name is expected.
    web = create_app(app, hosts=None if everywhere else (*LOCAL_NAMES, host), clinic=clinic)
    _freeze()
    config = uvicorn.Config(web, host=host, port=port, log_level="warning", access_log=False)
    ready = f"Supple is running at http://{shown}:{port}/  (press Ctrl+C to stop)"
    _announcing_server(config, lambda: click.echo(ready)).run()


def _announcing_server(config: uvicorn.Config, on_ready: Callable[[], None]) -> uvicorn.Server:
    """A uvicorn server that calls ``on_ready`` once the app has started (lifespan) and its port accepts
    connections, so an address printed then can be opened at once."""
    import uvicorn

    class Announcing(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started and not self.should_exit:
                on_ready()

    return Announcing(config)


def run_workers(state: CliState, host: str, port: int, workers: int) -> None:
    """Several web worker processes (clinic mode): each builds the app from the environment."""
    import os

    import uvicorn

    click.echo("Starting Supple…")
    state.app  # noqa: B018  (migrate once here, before the workers start)
    os.environ["SUPPLE_CLINIC"] = "1"
    _bound(host, port).close()
    _say_when_listening(
        host,
        port,
        f"Supple (clinic mode, {workers} web workers) is running at http://{host}:{port}/  (press Ctrl+C to stop)",
    )
    uvicorn.run(
        "supple.web.asgi:clinic_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="warning",
        access_log=False,
    )


def _say_when_listening(host: str, port: int, message: str) -> None:
    """Print ``message`` once the port accepts connections. With several workers uvicorn's supervisor has
    no hook for that, so a background thread knocks on the port until a worker answers."""
    import threading
    import time

    target = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host

    def knock() -> None:
        while True:
            try:
                socket.create_connection((target, port), timeout=1).close()
            except OSError:
                time.sleep(0.1)  # polling the port's readiness, not waiting a fixed time
                continue
            click.echo(message)
            return

    threading.Thread(target=knock, name="announce", daemon=True).start()


def _freeze() -> None:
    import gc

    # Everything built so far lives as long as the server: keep it out of the garbage collector's
    # full passes, which otherwise pause busy servers for hundreds of milliseconds.
    gc.collect()
    gc.freeze()


def run_lan_server(state: CliState, host: str | None, port: int) -> None:
    import uvicorn

    from supple.errors import SuppleError
    from supple.lan.address import is_loopback, lan_address
    from supple.lan.certificate import ensure_certificate
    from supple.lan.pairing import Pairing
    from supple.web.app import create_app
    from supple.web.lan import LanInfo

    click.echo("Starting Supple…")
    app = state.app
    address = host or lan_address()
    hosts = [address] if is_loopback(address) else [address, "127.0.0.1"]  # the computer's own browser too
    sockets = [_bound(h, port) for h in hosts]
    folder = app.settings.data_dir / "lan"
    try:
        cert = ensure_certificate(folder, hosts)
    except OSError as err:
        for sock in sockets:
            sock.close()
        raise SuppleError(f"Cannot keep the HTTPS certificate in {folder}: {err.strerror}.") from None
    shown = f"[{address}]" if ":" in address else address
    info = LanInfo(Pairing(), f"https://{shown}:{port}/", cert.fingerprint)
    click.echo(f"Data: {app.engine.url.render_as_string(hide_password=True)}")
    from supple.web.hosts import LOCAL_NAMES

    web = create_app(app, lan=info, hosts=(address, *hosts, *LOCAL_NAMES))  # no other host names (DNS rebinding)
    _freeze()
    config = uvicorn.Config(
        web,
        log_level="warning",
        access_log=False,
        ssl_certfile=str(cert.cert_file),
        ssl_keyfile=str(cert.key_file),
    )
    # the address and the pairing code are printed once the sockets accept connections
    announce = partial(_announce, info, port, cert.cert_file, made=cert.made_now, offline=is_loopback(address))
    _announcing_server(config, announce).run(sockets=sockets)


def _announce(info: LanInfo, port: int, cert_file: object, *, made: bool, offline: bool) -> None:
    import segno

    click.echo("Supple is running on your network, HTTPS only  (press Ctrl+C to stop)")
    if offline:
        click.echo("  No network address was found: only this computer can connect (use --host to choose one).")
    click.echo(f"  On the phone, scan this code or open {info.phone_url} and enter the code {info.pairing.code}")
    segno.make(info.pairing_url, error="m").terminal(compact=True)
    click.echo(f"  On this computer: {info.desktop_url(port)}")
    click.echo(f"  Certificate ({'made now' if made else 'kept'} in {cert_file}), SHA-256 fingerprint:")
    click.echo(f"    {info.fingerprint}")
    click.echo("  The browser will warn about this certificate: continue only if its fingerprint matches.")


COMMANDS = [serve]
