"""How long a large import holds the store's write lock (issue 11): an export of Ann with 30 000
measurements is imported while another thread times how long a one-row write has to wait.

Run: .venv/bin/python benchmarks/import_lock.py [--rows 30000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from supple.bootstrap import App
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.services import export, profiles
from supple.services.import_ import import_profile
from supple.services.inputs import ProfileIn, parse
from tests.factories import Clock
from tests.integration.lived_in import lived_in_profile


def _store(folder: Path, name: str, clock: Clock) -> App:
    engine = make_engine(f"sqlite:///{folder / name}")
    migrate(engine)
    return App(Settings(data_dir=folder), engine, session_factory(engine), default_catalogue(), clock)


def main(rows: int = 30_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, clock = Path(tmp), Clock()
        source = _store(folder, "source.db", clock)
        lived_in_profile(source, clock)
        doc = export.document(source, "Ann")
        first = doc["data"]["assessments"][0]
        first["measurements"] = [dict(first["measurements"][0], trial=1 + i % 3) for i in range(rows)]
        doc["checksum"] = export.checksum_of(doc["data"])
        raw = export.to_json(doc)
        target = _store(folder, "target.db", clock)
        waits: list[float] = []
        done = threading.Event()

        def writer() -> None:
            i = 0
            while not done.is_set():
                start = time.perf_counter()
                profiles.create(target, parse(ProfileIn, {"name": f"Other {i}"}))
                waits.append(time.perf_counter() - start)
                i += 1
                time.sleep(0.01)

        t = threading.Thread(target=writer)
        t.start()
        start = time.perf_counter()
        import_profile(target, raw)
        took = time.perf_counter() - start
        done.set()
        t.join()
        print(f"import of {rows} measurements: {took:.2f} s in all (reading and checking included)")
        print(f"a one-row write meanwhile waited at most {max(waits) * 1000:.0f} ms ({len(waits)} writes)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_000)
    main(parser.parse_args().rows)
