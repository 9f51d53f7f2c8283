"""Clinic load (issue 17): a clinic of 2,000 clients and 40 clinicians on PostgreSQL, 2 web workers and
1 job worker, a compressed day of traffic, then the same load on a bare FastAPI endpoint (2 workers).

Reports: dashboard p95 (a clinician with 50 clients), client pages p95, errors, how long after a
client's high pain the clinician's alert is there, and the ratio to the bare endpoint.
Goals (issue 17): dashboard p95 < 150 ms, client pages p95 < 100 ms, no errors, alerts within 60 s.

Run (the database is emptied first, so give it a scratch one):
    . scripts/postgres.sh && start_postgres
    .venv/bin/python benchmarks/clinic_load.py --database-url "$SUPPLE_TEST_POSTGRES_URL" [--seconds 60]
    stop_postgres
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select, text

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from tests.server.live import free_port  # noqa: E402

COOKIE = "__Host-supple_session"
PASSWORD = "benchmark pass phrase"


@dataclass
class People:
    clinicians: list[tuple[int, str]]  # (account id, session token)
    clients: dict[int, list[tuple[int, str, str]]]  # clinician id -> [(client id, profile name, token)]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    events: list[tuple[int, datetime]] = field(default_factory=list)  # (client, when): high pain, their last record
    lock: threading.Lock = field(default_factory=threading.Lock)


def _reset(url: str) -> None:
    from supple.db.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def generate(app: object, clients: int, clinicians: int, logged_in_per_clinician: int) -> People:
    """One clinic; clients spread evenly over clinicians; 30 days of pain and sessions each (low pain)."""
    from supple.clinic import passwords
    from supple.clinic.alert_service import evaluate_alerts
    from supple.clinic.service import Accounts
    from supple.db.clinic_models import Account, CareLink, ClientRecord
    from supple.db.models import ExerciseSession, PainRating, Profile

    sessions = app.sessions  # type: ignore[attr-defined]
    accounts = Accounts.from_settings(sessions, app.settings)  # type: ignore[attr-defined]
    admin = accounts.create_clinic("Load Clinic", admin_email="admin@load.test", admin_name="Admin", password=PASSWORD)
    shared_hash = passwords.hash_password(PASSWORD)  # one hash for all: argon2 for 2,040 accounts would take minutes
    now = app.clock()  # type: ignore[attr-defined]
    rng = random.Random(17)
    with sessions() as s:
        staff = [
            Account(clinic_id=admin.clinic_id, email=f"k{i}@load.test", name=f"Clinician {i:02d}", role="clinician",
                    password_hash=shared_hash, created_at=now, password_changed_at=now)
            for i in range(clinicians)
        ]  # fmt: skip
        s.add_all(staff)
        s.flush()
        for n in range(clients):
            who = staff[n % clinicians]
            profile = Profile(name=f"Client {n:04d}", sex="unspecified", created_at=now - timedelta(days=40))
            account = Account(clinic_id=admin.clinic_id, email=f"c{n}@load.test", name=profile.name, role="client",
                              password_hash=shared_hash, created_at=now, password_changed_at=now)  # fmt: skip
            s.add_all([profile, account])
            s.flush()
            s.add(ClientRecord(account_id=account.id, clinic_id=admin.clinic_id, profile_id=profile.id,
                               joined_at=now - timedelta(days=40)))  # fmt: skip
            s.add(CareLink(client_id=account.id, clinician_id=who.id, kind="primary", created_at=now))
            for d in range(0, 30, 7):
                s.add(PainRating(profile_id=profile.id, at=now - timedelta(days=30 - d), context="outcome",
                                 now=rng.randint(1, 4), average_24h=3, worst_24h=4))  # fmt: skip
            for d in range(0, 30, 3):
                before = rng.randint(1, 4)
                s.add(ExerciseSession(profile_id=profile.id, started_at=now - timedelta(days=30 - d),
                                      pain_before=before, pain_after=before, signal="green", final=True))  # fmt: skip
            if n % 200 == 199:
                s.commit()
                print(f"  {n + 1} clients made", file=sys.stderr)
        s.commit()
        staff_ids = [a.id for a in staff]
    evaluate_alerts(app, clinic_id=admin.clinic_id)  # type: ignore[arg-type]
    people = People([], defaultdict(list))
    with sessions() as s:
        links = s.execute(
            select(CareLink.clinician_id, CareLink.client_id, Profile.name)
            .join(ClientRecord, ClientRecord.account_id == CareLink.client_id)
            .join(Profile, Profile.id == ClientRecord.profile_id)
        ).all()
    for clinician_id in staff_ids:
        people.clinicians.append((clinician_id, accounts.open_session(clinician_id, "bench").token))
    by_clinician: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for clinician_id, client_id, name in links:
        by_clinician[clinician_id].append((client_id, name))
    for clinician_id, mine in by_clinician.items():
        for client_id, name in mine[:logged_in_per_clinician]:
            people.clients[clinician_id].append((client_id, name, accounts.open_session(client_id, "bench").token))
        for client_id, name in mine[logged_in_per_clinician:]:
            people.clients[clinician_id].append((client_id, name, ""))
    return people


def _start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=out)


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} stopped:\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.2)
    raise RuntimeError(f"{url} never became ready:\n{log.read_text()}")


def _one(client: httpx.Client, kind: str, method: str, url: str, results: Results, **kw: object) -> None:
    started = time.perf_counter()
    try:
        r = client.request(method, url, **kw)  # type: ignore[arg-type]
        ok = r.status_code < 400
    except httpx.HTTPError:
        ok = False
    elapsed = (time.perf_counter() - started) * 1000
    with results.lock:
        results.latencies[kind].append(elapsed)
        if not ok:
            results.errors[kind] += 1


def supple_user(base: str, people: People, seconds: float, results: Results, seed: int) -> None:
    """One simulated person at a time: clinicians read dashboards and client pages; clients read their
    pages and now and then record pain (one in ten high, which must raise an alert)."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline:
            clinician_id, token = rng.choice(people.clinicians)
            mine = people.clients[clinician_id]
            roll = rng.random()
            if roll < 0.25:
                headers = {"Cookie": f"{COOKIE}={token}"}
                _one(client, "dashboard", "GET", "/clinic/clients", results, headers=headers)
            elif roll < 0.55:
                client_id = rng.choice(mine)[0]
                headers = {"Cookie": f"{COOKIE}={token}"}
                _one(client, "client page (clinician)", "GET", f"/clinic/clients/{client_id}", results, headers=headers)
            else:
                client_id, name, own = rng.choice([c for c in mine if c[2]])
                headers = {"Cookie": f"{COOKIE}={own}"}
                if roll < 0.95:
                    page = rng.choice(["progress", "records", "results"])
                    _one(client, "client page (client)", "GET", f"/p/{name}/{page}", results, headers=headers)
                else:
                    high = rng.random() < 0.1
                    pain = {"now": 8 if high else 3, "average_24h": 6 if high else 3, "worst_24h": 9 if high else 4}
                    body = {"pain": pain, "activities": {"Walking": 5}}
                    sent = datetime.now().replace(microsecond=0)
                    _one(
                        client,
                        "record pain",
                        "POST",
                        f"/api/v1/profiles/{name}/pain",
                        results,
                        headers=headers,
                        json=body,
                    )
                    with results.lock:  # a later ordinary record replaces the high one: no alert is due then
                        results.events = [e for e in results.events if e[0] != client_id]
                        if high:
                            results.events.append((client_id, sent))


def bare_user(base: str, seconds: float, results: Results) -> None:
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline:
            _one(client, "bare endpoint", "GET", "/hello", results)


def _run(target: object, users: int, args: tuple[object, ...]) -> float:
    threads = [threading.Thread(target=target, args=(*args, i)) for i in range(users)]  # type: ignore[arg-type]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started


def freshness(app: object, events: list[tuple[int, datetime]], within: float = 120) -> list[float]:
    """Seconds from each high-pain record to the clinician's pain alert being there (evaluated after it)."""
    from supple.db.clinic_models import ClientAlert

    waits: dict[int, float] = {}
    deadline = time.monotonic() + within
    pending = dict(events)  # last event per client
    while pending and time.monotonic() < deadline:
        with app.sessions() as s:  # type: ignore[attr-defined]
            rows = s.execute(
                select(ClientAlert.client_id, ClientAlert.evaluated_at).where(
                    ClientAlert.client_id.in_(list(pending)), ClientAlert.kind == "pain-high"
                )
            ).all()
        for client_id, at in rows:
            sent = pending.get(client_id)
            if sent is not None and at >= sent:
                waits[client_id] = max(0.0, (at - sent).total_seconds())
                del pending[client_id]
        time.sleep(0.5)
    return [*waits.values(), *([float("inf")] * len(pending))]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("SUPPLE_TEST_POSTGRES_URL"), required=False)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--clinicians", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=8, help="simultaneous simulated people")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        sys.exit("Give a scratch PostgreSQL database: --database-url postgresql+psycopg://… (it is emptied).")
    from supple.bootstrap import build_app
    from supple.config import Settings

    work = Path(tempfile.mkdtemp(prefix="supple-clinic-load-"))
    _reset(args.database_url)
    app = build_app(Settings(database_url=args.database_url, data_dir=work, clinic=True))
    t0 = time.monotonic()
    people = generate(app, args.clients, args.clinicians, logged_in_per_clinician=5)
    print(
        f"data: {args.clients} clients, {args.clinicians} clinicians in {time.monotonic() - t0:.0f} s", file=sys.stderr
    )
    env = {**os.environ, "SUPPLE_DATABASE_URL": args.database_url, "SUPPLE_DATA_DIR": str(work), "SUPPLE_CLINIC": "1"}
    port, bare_port = free_port(), free_port()
    procs = [
        _start([str(BIN / "supple"), "serve", "--clinic", "--workers", "2", "--port", str(port)], env, work / "web.log"),  # noqa: E501
        _start([str(BIN / "supple"), "worker"], env, work / "worker.log"),
        _start([str(BIN / "uvicorn"), "--app-dir", str(ROOT / "benchmarks"), "bare_app:app", "--workers", "2",
                "--port", str(bare_port), "--log-level", "warning", "--no-access-log"], env, work / "bare.log"),
    ]  # fmt: skip
    try:
        base, bare = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
        _wait_ready(f"{base}/readyz", procs[0], work / "web.log")
        _wait_ready(f"{bare}/hello", procs[2], work / "bare.log")
        supple, plain = Results(), Results()
        took = _run(supple_user, args.users, (base, people, args.seconds, supple))
        waits = freshness(app, supple.events)
        with app.engine.connect() as conn:
            alert_jobs = dict(
                conn.execute(
                    text("SELECT status, count(*) FROM job_result WHERE kind = 'alert-evaluation' GROUP BY status")
                ).all()
            )
            queue = dict(conn.execute(text("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")).all())
        bare_took = _run(lambda b, s, r, _i: bare_user(b, s, r), args.users, (bare, args.seconds, plain))
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        app.engine.dispose()
    report = {
        "setup": f"{args.clients} clients, {args.clinicians} clinicians, 2 web workers, 1 job worker, PostgreSQL, "
        f"{args.users} simultaneous users for {args.seconds:.0f} s",
        "requests": {k: len(v) for k, v in supple.latencies.items()},
        "p95_ms": {k: round(p95(v), 1) for k, v in supple.latencies.items()},
        "median_ms": {k: round(statistics.median(v), 1) for k, v in supple.latencies.items() if v},
        "errors": dict(supple.errors),
        "throughput_rps": round(sum(len(v) for v in supple.latencies.values()) / took, 1),
        "alert_after_high_pain_s": {
            "events": len(waits),
            "max": round(max(waits, default=0.0), 1),
            "p95": round(p95(waits), 1) if waits else None,
        },
        "alert_jobs_by_status": {str(k): int(v) for k, v in alert_jobs.items()},
        "queue_jobs_by_status": {str(k): int(v) for k, v in queue.items()},
        "bare_endpoint": {
            "p95_ms": round(p95(plain.latencies["bare endpoint"]), 1),
            "throughput_rps": round(len(plain.latencies["bare endpoint"]) / bare_took, 1),
            "errors": dict(plain.errors),
        },
    }
    dash = report["p95_ms"].get("dashboard", 0.0)
    report["dashboard_p95_over_bare_p95"] = round(dash / max(report["bare_endpoint"]["p95_ms"], 0.1), 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
