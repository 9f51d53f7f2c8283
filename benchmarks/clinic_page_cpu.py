"""CPU time and SQL statements per request of clinic pages, in one process (issue 17).

The load benchmark (clinic_load.py) measures latency, which on a shared machine is mostly time spent
waiting for a core; this measures what a request itself costs: ``time.process_time()`` of this process
(the app runs inside it through the test client) and the statements sent, per request, over ``--runs``
requests of each page after a warm-up, in ``--batches`` batches: the lowest batch is reported with the
median (on a shared machine other processes only ever add to a batch). "Connections" counts those taken
from the pool, "transactions" those begun on them (each a BEGIN and a COMMIT or ROLLBACK: round trips
the statements do not show). The database is emptied first, so give it a scratch one:

    .venv/bin/python benchmarks/clinic_page_cpu.py --database-url postgresql+psycopg://… [--clients 400]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.clinic_load import COOKIE, _reset, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--runs", type=int, default=40, help="requests of each page per batch")
    parser.add_argument("--batches", type=int, default=3)
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from supple.bootstrap import build_app
    from supple.config import Settings
    from supple.web.app import create_app

    _reset(args.database_url)
    app = build_app(Settings(database_url=args.database_url, data_dir=Path(tempfile.mkdtemp()), clinic=True))
    people = generate(app, args.clients, max(1, args.clients // 50), logged_in_per_clinician=5)
    counts = {"statements": 0, "connections": 0, "transactions": 0}

    def counter(what: str) -> Any:
        def count(*_: Any) -> None:
            counts[what] += 1

        return count

    event.listen(app.engine, "before_cursor_execute", counter("statements"))
    event.listen(app.engine.pool, "checkout", counter("connections"))
    event.listen(app.engine, "begin", counter("transactions"))
    web = TestClient(
        create_app(app, clinic=True), base_url="https://testserver", headers={"Sec-Fetch-Site": "same-origin"}
    )
    clinician, staff_token = people.clinicians[0]
    client_id, name, own = people.clients[clinician][0]
    pages = [
        ("clinician's client page", f"/clinic/clients/{client_id}", staff_token),
        ("dashboard", "/clinic/clients", staff_token),
        ("client: progress", f"/p/{name}/progress", own),
        ("client: records", f"/p/{name}/records", own),
        ("client: results", f"/p/{name}/results", own),
    ]
    for label, url, token in pages:
        web.cookies.clear()
        web.cookies.set(COOKIE, token)
        for _ in range(3):
            assert web.get(url).status_code == 200, url
        counts.update(dict.fromkeys(counts, 0))
        walls, batches = [], []
        for _ in range(args.batches):
            cpu = time.process_time()
            for _ in range(args.runs):
                started = time.perf_counter()
                web.get(url)
                walls.append((time.perf_counter() - started) * 1000)
            batches.append((time.process_time() - cpu) / args.runs * 1000)
        n = args.runs * args.batches
        print(
            f"{label}: CPU {min(batches):.1f} ms (median batch {statistics.median(batches):.1f}), "
            f"{counts['statements'] / n:.0f} statements, {counts['connections'] / n:.0f} connections, "
            f"{counts['transactions'] / n:.0f} transactions, "
            f"wall median {statistics.median(walls):.1f} ms per request"
        )
    app.engine.dispose()


if __name__ == "__main__":
    main()
