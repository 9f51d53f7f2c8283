"""Clinic load (issue 17): a clinic of 2,000 clients and 40 clinicians on PostgreSQL, 2 web workers and
1 job worker, in two modes, then the same saturation load on a bare FastAPI endpoint (2 workers).

Reports, per mode: dashboard p95 (a clinician with 50 clients), client pages p95, errors, how long after
a client's high pain the clinician's alert is there, and the ratio to the bare endpoint.
Goals (issue 17): dashboard p95 < 150 ms, client pages p95 < 100 ms, no errors, alerts within 60 s.

**Paced** (open loop, "a day of clinic traffic"): requests start on a schedule, at a stated arrival rate
whatever the server does, and each latency is measured from its *scheduled* start, so time spent
queued behind a slow answer counts (no coordinated omission). The rate comes from these assumptions
(``DAY`` below; change them with the options):

- of 2,000 clients, 60 % open the app on a given day (a daily programme, adherence about half to
  two thirds); each reads 5 of the pages measured here (progress, records, results) and records pain
  once: 1,200 × 5 = 6,000 client page views and 1,200 pain records a day;
- each of 40 clinicians opens the dashboard 20 times and a client's page 30 times a day: 800 + 1,200;
- 9,200 requests a day; the busiest hour carries 15 % of them (clinic hours overlap with evening
  exercise): 1,380 requests in the peak hour, 0.38 a second;
- compressed 25 times (``--compression``): the server gets 25 peak hours' worth of traffic per hour,
  9.6 requests a second, with Poisson arrivals (exponential gaps, seeded), in the day's mix above.

Requests are handed to a pool of mostly sleeping threads (``--pool``), so a slow answer never delays
the next start; "late starts" counts requests the generator itself started more than 10 ms late. The
generator's own CPU time (``time.process_time`` of this process) is reported for each mode.
Both modes start after 5 s of unmeasured warm-up requests (each web worker's first pages).

**Saturation** (closed loop, kept from before): ``--users`` threads send requests back to back with no
think time; latency is then about users ÷ throughput, i.e. what the machine's spare cores give.

Run (the database is emptied first, so give it a scratch one):
    . scripts/postgres.sh && start_postgres
    .venv/bin/python benchmarks/clinic_load.py --database-url "$SUPPLE_TEST_POSTGRES_URL" [--seconds 60] \
        [--mode both|paced|saturation] [--compression 25]
    stop_postgres
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import queue
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
    late_starts: int = 0  # paced mode: requests the generator started more than 10 ms late


def _reset(url: str) -> None:
    from supple.db.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def generate(app: object, clients: int, clinicians: int, logged_in_per_clinician: int) -> People:
    """One clinic; clients spread evenly over clinicians; 30 days of pain and sessions each (low pain)."""
    from supple.clinic import passwords
    from supple.clinic.accounts import Accounts
    from supple.clinic.alert_service import evaluate_alerts
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


def _one(
    client: httpx.Client, kind: str, method: str, url: str, results: Results, started: float | None = None, **kw: object
) -> None:
    """One request; its latency from ``started`` (a scheduled start, paced mode) or from now."""
    started = time.perf_counter() if started is None else started
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


def _act(client: httpx.Client, kind: str, people: People, results: Results, rng: random.Random,
         started: float | None = None) -> None:  # fmt: skip
    """One request of the given kind by a random clinician or one of their clients (pain: one in ten
    high, which must raise an alert); ``started``: its scheduled start (paced mode)."""
    clinician_id, token = rng.choice(people.clinicians)
    mine = people.clients[clinician_id]
    if kind == "dashboard":
        headers = {"Cookie": f"{COOKIE}={token}"}
        _one(client, kind, "GET", "/clinic/clients", results, started, headers=headers)
        return
    if kind == "client page (clinician)":
        client_id = rng.choice(mine)[0]
        headers = {"Cookie": f"{COOKIE}={token}"}
        _one(client, kind, "GET", f"/clinic/clients/{client_id}", results, started, headers=headers)
        return
    client_id, name, own = rng.choice([c for c in mine if c[2]])
    headers = {"Cookie": f"{COOKIE}={own}"}
    if kind == "client page (client)":
        page = rng.choice(["progress", "records", "results"])
        _one(client, kind, "GET", f"/p/{name}/{page}", results, started, headers=headers)
        return
    high = rng.random() < 0.1
    pain = {"now": 8 if high else 3, "average_24h": 6 if high else 3, "worst_24h": 9 if high else 4}
    body = {"pain": pain, "activities": {"Walking": 5}}
    sent = datetime.now().replace(microsecond=0)
    _one(client, "record pain", "POST", f"/api/v1/profiles/{name}/pain", results, started, headers=headers, json=body)
    with results.lock:  # a later ordinary record replaces the high one: no alert is due then
        results.events = [e for e in results.events if e[0] != client_id]
        if high:
            results.events.append((client_id, sent))


SATURATION_MIX = {"dashboard": 0.25, "client page (clinician)": 0.30, "client page (client)": 0.40, "record pain": 0.05}


def _kind(rng: random.Random, mix: dict[str, float]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def supple_user(base: str, people: People, seconds: float, results: Results, seed: int) -> None:
    """Saturation: one simulated person sending requests back to back (no think time)."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline:
            _act(client, _kind(rng, SATURATION_MIX), people, results, rng)


@dataclass(frozen=True)
class Day:
    """A day of clinic traffic (the paced mode's assumptions; see the module's docstring)."""

    clients: int = 2000
    clinicians: int = 40
    clients_active_share: float = 0.60  # open the app on a given day
    client_pages_per_visit: int = 5  # progress, records, results
    pain_records_per_visit: int = 1
    dashboards_per_clinician: int = 20
    client_pages_per_clinician: int = 30
    peak_hour_share: float = 0.15  # of the day's requests in the busiest hour
    compression: float = 25  # the server gets this many peak hours' worth per hour

    def per_day(self) -> dict[str, float]:
        active = self.clients * self.clients_active_share
        return {
            "dashboard": self.clinicians * self.dashboards_per_clinician,
            "client page (clinician)": self.clinicians * self.client_pages_per_clinician,
            "client page (client)": active * self.client_pages_per_visit,
            "record pain": active * self.pain_records_per_visit,
        }

    def rate(self) -> float:
        """Requests a second: the peak hour's share of a day, compressed."""
        return sum(self.per_day().values()) * self.peak_hour_share / 3600 * self.compression

    def mix(self) -> dict[str, float]:
        day = self.per_day()
        return {k: v / sum(day.values()) for k, v in day.items()}


def schedule(rate: float, seconds: float, mix: dict[str, float], seed: int) -> list[tuple[float, str]]:
    """(start offset in seconds, kind): Poisson arrivals at ``rate`` a second over ``seconds``."""
    rng, at = random.Random(seed), 0.0
    out: list[tuple[float, str]] = []
    while True:
        at += -math.log(1.0 - rng.random()) / rate
        if at >= seconds:
            return out
        out.append((at, _kind(rng, mix)))


def paced(base: str, people: People, plan: list[tuple[float, str]], results: Results, pool: int) -> float:
    """Open loop: start each planned request at its time (a pool of waiting threads sends it); each
    latency counts from the planned start. Returns the seconds taken."""
    jobs: queue.Queue[tuple[float, str] | None] = queue.Queue()

    def sender(seed: int) -> None:
        rng = random.Random(seed)
        while (job := jobs.get()) is not None:
            _act(client, job[1], people, results, rng, started=job[0])

    limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    client = httpx.Client(base_url=base, timeout=30, limits=limits)  # one pool of connections, shared
    threads = [threading.Thread(target=sender, args=(1000 + i,)) for i in range(pool)]
    for t in threads:
        t.start()
    origin = time.perf_counter() + 0.5
    for offset, kind in plan:
        due = origin + offset
        while (wait := due - time.perf_counter()) > 0:
            time.sleep(wait)
        late = time.perf_counter() - due
        if late > 0.010:
            with results.lock:
                results.late_starts += 1
        jobs.put((due, kind))
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join()
    client.close()
    return time.perf_counter() - origin


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


def _summary(results: Results, took: float, waits: list[float], cpu: float) -> dict[str, object]:
    lat = results.latencies
    client_pages = [*lat.get("client page (client)", []), *lat.get("client page (clinician)", [])]
    return {
        "requests": {k: len(v) for k, v in lat.items()},
        "p95_ms": {k: round(p95(v), 1) for k, v in lat.items()},
        "median_ms": {k: round(statistics.median(v), 1) for k, v in lat.items() if v},
        "client_pages_both_p95_ms": round(p95(client_pages), 1),
        "errors": dict(results.errors),
        "throughput_rps": round(sum(len(v) for v in lat.values()) / took, 1),
        "alert_after_high_pain_s": {
            "events": len(waits),
            "max": round(max(waits, default=0.0), 1),
            "p95": round(p95(waits), 1) if waits else None,
        },
        "generator_cpu_share_of_one_core": round(cpu / took, 3),
    }


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _modes(
    args: argparse.Namespace, day: Day, rate: float, base: str, people: People, app: object, report: dict[str, object]
) -> None:
    """The paced and the saturation runs (as asked), each with its summary in ``report``."""
    if args.mode in ("both", "paced"):
        plan = schedule(rate, args.seconds, day.mix(), seed=17)
        results, cpu = Results(), time.process_time()
        took = paced(base, people, plan, results, args.pool)
        cpu = time.process_time() - cpu
        report["paced"] = {
            "arrivals": f"Poisson, {rate:.1f} requests a second for {args.seconds:.0f} s ({len(plan)} planned)",
            "day": {k: round(v) for k, v in day.per_day().items()},
            "peak_hour_share": day.peak_hour_share,
            "compression": day.compression if args.rate is None else None,
            "late_starts": results.late_starts,
            **_summary(results, took, freshness(app, results.events), cpu),
            "load_average_after": _load_average(),
        }
    if args.mode in ("both", "saturation"):
        results, cpu = Results(), time.process_time()
        took = _run(supple_user, args.users, (base, people, args.seconds, results))
        cpu = time.process_time() - cpu
        report["saturation"] = {
            "users": f"{args.users} back to back, no think time, for {args.seconds:.0f} s",
            **_summary(results, took, freshness(app, results.events), cpu),
            "load_average_after": _load_average(),
        }


def _job_counts(app: object) -> dict[str, object]:
    with app.engine.connect() as conn:  # type: ignore[attr-defined]
        alerts = conn.execute(
            text("SELECT status, count(*) FROM job_result WHERE kind = 'alert-evaluation' GROUP BY status")
        ).all()
        queued = conn.execute(text("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")).all()
    return {
        "alert_jobs_by_status": {str(k): int(v) for k, v in alerts},
        "queue_jobs_by_status": {str(k): int(v) for k, v in queued},
    }


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("SUPPLE_TEST_POSTGRES_URL"), required=False)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--clinicians", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60, help="length of each mode's run")
    parser.add_argument("--mode", choices=("both", "paced", "saturation"), default="both")
    parser.add_argument("--users", type=int, default=8, help="saturation: simultaneous simulated people")
    parser.add_argument("--compression", type=float, default=Day.compression, help="paced: peak hours per hour")
    parser.add_argument("--rate", type=float, default=None, help="paced: requests a second (instead of the day's)")
    parser.add_argument("--pool", type=int, default=64, help="paced: sending threads (mostly waiting)")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        sys.exit("Give a scratch PostgreSQL database: --database-url postgresql+psycopg://… (it is emptied).")
    from supple.bootstrap import build_app
    from supple.config import Settings

    day = Day(clients=args.clients, clinicians=args.clinicians, compression=args.compression)
    rate = args.rate or day.rate()
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
    report: dict[str, object] = {
        "setup": f"{args.clients} clients, {args.clinicians} clinicians, 2 web workers, 1 job worker, PostgreSQL",
        "load_average_at_start": _load_average(),
    }
    try:
        base, bare = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
        _wait_ready(f"{base}/readyz", procs[0], work / "web.log")
        _wait_ready(f"{bare}/hello", procs[2], work / "bare.log")
        _run(supple_user, 4, (base, people, 5.0, Results()))  # warm-up, not measured: both workers' first pages
        _modes(args, day, rate, base, people, app, report)
        report.update(_job_counts(app))
        plain = Results()
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
    bare_p95 = round(p95(plain.latencies["bare endpoint"]), 1)
    report["bare_endpoint_saturation"] = {
        "p95_ms": bare_p95,
        "throughput_rps": round(len(plain.latencies["bare endpoint"]) / bare_took, 1),
        "errors": dict(plain.errors),
    }
    for mode in ("paced", "saturation"):
        if isinstance(found := report.get(mode), dict):
            dash = found["p95_ms"].get("dashboard", 0.0)
            found["dashboard_p95_over_bare_p95"] = round(dash / max(bare_p95, 0.1), 1)
    report["load_average_at_end"] = _load_average()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
