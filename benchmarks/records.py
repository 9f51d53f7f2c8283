"""How long the records take for one lived-in profile: report PDF and HTML, export, import, FHIR, ICS.

Builds Ann (two assessments, three sessions with check-ins, a safety stop and clearance) in a
temporary SQLite store through the services, then times each use case.
Run: .venv/bin/python benchmarks/records.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from supple.bootstrap import App
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.report.document import render_html, render_pdf
from supple.services import calendar, export, fhir
from supple.services.import_ import import_profile
from tests.factories import Clock
from tests.integration.lived_in import lived_in_profile


def _store(folder: Path, name: str, clock: Clock) -> App:
    engine = make_engine(f"sqlite:///{folder / name}")
    migrate(engine)
    return App(Settings(data_dir=folder), engine, session_factory(engine), default_catalogue(), clock)


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clock = Clock()
        app = _store(folder, "source.db", clock)
        lived_in_profile(app, clock)
        render_pdf(app, "Ann")  # first call loads WeasyPrint and fonts
        raw = export.to_json(export.document(app, "Ann"))
        counter = iter(range(10_000))
        cases: dict[str, Callable[[], object]] = {
            "report PDF": lambda: render_pdf(app, "Ann"),
            "report HTML": lambda: render_html(app, "Ann"),
            "export JSON": lambda: export.to_json(export.document(app, "Ann")),
            "export zip": lambda: export.to_zip(export.document(app, "Ann")),
            "import JSON": lambda: import_profile(app, raw, as_name=f"Copy {next(counter)}"),
            "FHIR Bundle": lambda: fhir.to_json(fhir.bundle(app, "Ann")),
            "calendar ICS": lambda: calendar.ics(app, "Ann"),
        }
        print(f"{'what':<14} {'median ms':>10} {'max ms':>8}   ({runs} runs, export {len(raw):,} bytes)")
        for label, fn in cases.items():
            median, worst = _time(fn, runs)
            print(f"{label:<14} {median:>10.0f} {worst:>8.0f}")
        app.engine.dispose()


if __name__ == "__main__":
    main()
