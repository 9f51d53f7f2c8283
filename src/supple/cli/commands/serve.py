"""`supple serve` (and a bare `supple`): the web app on this machine."""

from __future__ import annotations

import click

from supple.cli.state import CliState, friendly, pass_state

DEFAULT_PORT = 8765


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (this machine only by default)."
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    envvar="SUPPLE_PORT",
    help="Port to listen on.",
)
@pass_state
@friendly
def serve(state: CliState, host: str, port: int) -> None:
    """Start the web app (migrations are applied first) and print its address."""
    run_server(state, host, port)


def run_server(state: CliState, host: str, port: int) -> None:
    import gc
    import socket

    import uvicorn

    from supple.errors import SuppleError
    from supple.web.app import create_app

    app = state.app  # builds the store and applies migrations before binding the port
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            raise SuppleError(f"Cannot listen on {host}:{port}: {err.strerror}. Try another --port.") from None
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(f"Supple is running at http://{shown}:{port}/  (press Ctrl+C to stop)")
    click.echo(f"Data: {app.engine.url.render_as_string(hide_password=True)}")
    web = create_app(app)
    # Everything built so far lives as long as the server: keep it out of the garbage collector's
    # full passes, which otherwise pause busy servers for hundreds of milliseconds.
    gc.collect()
    gc.freeze()
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)


COMMANDS = [serve]
