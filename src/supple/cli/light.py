"""The light read path for `supple plan`, `status` and `progress` (decision 0016).

``answer`` runs a read on a SQLite store through ``services.light`` (plain ``sqlite3``, the validated
catalogue from its cache) and gives ``None`` whenever that path steps aside (PostgreSQL, a store to
create or migrate, a safety block, no such profile, ...); the command then asks the full path, which
answers and words every message as before. ``SUPPLE_FULL_PATH=1`` always takes the full path.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

import click

from supple.cli.state import CliState

if TYPE_CHECKING:
    from supple.catalogue.catalogue import Catalogue
    from supple.services.read_model import Reads

T = TypeVar("T")


@dataclass(frozen=True)
class Light:
    reads: Reads
    catalogue: Catalogue
    placements: dict[str, str]  # phone placement id -> the text stored with a measurement
    now: datetime


def answer(state: CliState, ask: Callable[[Light], T]) -> T | None:
    """``ask`` on the light path, or None when the full path should answer."""
    if state._app is not None or os.environ.get("SUPPLE_FULL_PATH"):
        return None
    from supple.services.read_model import Unsupported, open_store

    try:
        reads, messages = open_store(state.db, os.environ)
    except Unsupported:
        return None
    try:
        for message in messages:
            click.echo(message, err=True)
        from supple.catalogue.loader import cached_placement_texts, default_catalogue

        catalogue = default_catalogue()
        now = datetime.now().replace(microsecond=0)  # the composition root's clock
        return ask(Light(reads, catalogue, cached_placement_texts(catalogue), now))
    except (Unsupported, sqlite3.Error):
        return None
    finally:
        reads.c.close()
