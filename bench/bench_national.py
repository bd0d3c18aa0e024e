"""National scale on PostgreSQL: a synthetic nation, pages over HTTP, report submission.

Prints one JSON object per line::

    {"name": "...", "value": ..., "unit": "...", "target": ...}

* ``synth_seconds`` — ``theodoi synth`` of the whole nation (34 provinces, 3,321 communes), or
  the time of the run that made the nation being reused (``"reused": true``);
* ``dashboard_national_p50/p95``, ``dashboard_province_…``, ``dashboard_commune_…`` and
  ``my_work_agency_…`` — GET over HTTP from gunicorn on 127.0.0.1, logged in with a session;
* ``consolidated_docx_province`` — figures and DOCX of the largest province's consolidated
  report, in process (median of 3);
* ``report_submit_throughput`` (reports/s) and ``report_submit_lost`` (must be 0) — 50 threads
  POST /api/reports/<pk>/submit/ with token auth; every submission is then checked in the
  database, and the reports are put back as they were. Three rounds of 1,000: the median round
  is the figure, with the app's and PostgreSQL's CPU per submission; every round is listed;
* ``report_page_submit_throughput`` / ``_lost`` — the same through the report page's form as
  report-rows.js sends it (the version only: each row was saved as it was edited), and
  ``report_page_vs_api_ratio``, the page's rate over the API's in the same run (target ≥ 0.9).

Database: ``$DATABASE_URL`` if set, else database ``theodoi_bench`` on the server that
scripts/ensure-postgres.sh starts (created when missing). The synthetic nation is kept between
runs; ``--force-synth`` (or THEODOI_BENCH_FORCE_SYNTH=1) makes a new one. ``--quick`` uses a
small nation (4 provinces) for a smoke run. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("THEODOI_DEV", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
STATE = Path(os.environ.get("THEODOI_BENCH_STATE", "/tmp/theodoi-bench-national.json"))

TARGETS = {
    "dashboard_national": 0.300,
    "dashboard_province": 0.100,
    "dashboard_commune": 0.050,
    "my_work_agency": 0.050,
}
RUNS = {"dashboard_national": 40, "dashboard_province": 40, "dashboard_commune": 50}
WARM = 12
RUNS["my_work_agency"] = 50
CLIENTS = 50
SUBMISSIONS = 1000
ROUNDS = 3
PAGE_SUBMISSIONS = 300
CSRF_SECRET = "benchbenchbenchbenchbenchbench12"  # 32 characters, as Django's
BURST = 50


def emit(name: str, value, unit: str, target, **extra) -> None:
    line = {"name": name, "value": value, "unit": unit, "target": target, **extra}
    print(json.dumps(line, ensure_ascii=False), flush=True)


def log(text: str) -> None:
    print(f"bench_national: {text}", file=sys.stderr, flush=True)


def database_url(*, fresh: bool = False) -> str | None:
    """The bench's own database (theodoi_bench on the loopback server); ``fresh`` drops it
    first, so that a forced synthesis measures a first build, whatever an earlier run left."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"]
    try:
        server = subprocess.run(
            ["bash", str(ROOT / "scripts/ensure-postgres.sh")],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout.strip()
    except (subprocess.SubprocessError, OSError) as exc:
        log(f"không có PostgreSQL ({exc}); bỏ qua.")
        return None
    import psycopg

    parsed = urlparse(server)
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'theodoi_bench'"
        ).fetchone()
        if exists and fresh:
            conn.execute("DROP DATABASE theodoi_bench WITH (FORCE)")
        if not exists or fresh:
            conn.execute("CREATE DATABASE theodoi_bench")
    return parsed._replace(path="/theodoi_bench").geturl()


def manage(*args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    cli = Path(sys.executable).with_name("theodoi")
    command = [str(cli)] if cli.exists() else [sys.executable, str(ROOT / "manage.py")]
    result = subprocess.run(
        [*command, *args],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:  # say why, not only that it failed
        log(f"theodoi {' '.join(args)} thất bại:\n{result.stderr[-3000:]}")
        result.check_returncode()
    return result


def ensure_nation(force: bool, quick: bool) -> None:
    import django

    django.setup()
    from theodoi.synth.generator import exists

    manage("migrate", "--noinput", "-v0")
    if exists() and not force:
        previous = json.loads(STATE.read_text()) if STATE.exists() else {}
        emit(
            "synth_seconds",
            previous.get("seconds"),
            "s",
            600,
            reused=True,
            scale=previous.get("scale"),
        )
        return
    scale = ["--scale", "small"] if quick else []
    log("tạo quốc gia mô phỏng (khoảng 5 phút)…")
    started = time.perf_counter()
    result = manage("synth", "--force", "--no-progress", "--json", *scale, timeout=3600)
    seconds = round(time.perf_counter() - started, 1)
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    STATE.write_text(json.dumps({"seconds": seconds, "scale": "small" if quick else "full"}))
    emit("synth_seconds", seconds, "s", 600, rows=stats.get("tasks"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "theodoi.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("THEODOI_BENCH_WORKERS", "2"),
            "--threads",
            os.environ.get("THEODOI_BENCH_THREADS", "3"),
            "--worker-class",
            os.environ.get("THEODOI_BENCH_WORKER_CLASS", "gthread"),
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    raise RuntimeError("gunicorn không khởi động được")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def cpu_seconds(*, group: int | None = None, command: str | None = None) -> dict | None:
    """CPU time (user + system) of each live process in a process group or whose command line
    starts with ``command``, by process id; None where /proc is not there."""
    seconds = {}
    try:
        pids = [pid for pid in os.listdir("/proc") if pid.isdigit()]
    except OSError:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if group is not None and int(fields[2]) != group:
                continue
            if command is not None and not Path(f"/proc/{pid}/cmdline").read_bytes().startswith(
                command.encode()
            ):
                continue
        except (OSError, IndexError, ValueError):
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
    return seconds


def session_cookie(username: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from theodoi.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def get(port: int, path: str, cookie: str) -> tuple[int, float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, elapsed, len(body)


def measure_pages(port: int) -> None:
    from django.db.models import Count, Q

    from theodoi.accounts.models import RoleAssignment
    from theodoi.plans.models import Task
    from theodoi.synth.generator import NATION_CODE
    from theodoi.units.models import Unit

    nation = Unit.objects.get(code=NATION_CODE)
    # The province with the most communes (a former province under its successor is no commune)
    # and its first commune that has a reporter.
    province = (
        Unit.objects.filter(parent=nation, is_historical=False)
        .annotate(n=Count("children", filter=Q(children__level="commune")))
        .order_by("-n", "code")
        .first()
    )
    reporter = (
        RoleAssignment.objects.filter(role="reporter", unit__parent=province, unit__level="commune")
        .select_related("user", "agency", "unit")
        .order_by("unit__code", "user__username")
        .first()
    )
    commune = reporter.unit
    office = session_cookie(f"office-{NATION_CODE}")
    pages = {
        "dashboard_national": (f"/bang-dieu-khien/{nation.pk}/", office),
        "dashboard_province": (f"/bang-dieu-khien/{province.pk}/", office),
        "dashboard_commune": (f"/bang-dieu-khien/{commune.pk}/", office),
        "my_work_agency": ("/viec-cua-toi/", session_cookie(reporter.user.username)),
    }
    scope = {
        "dashboard_national": Task.objects.filter(plan__unit__path__startswith=nation.path),
        "dashboard_province": Task.objects.filter(plan__unit__path__startswith=province.path),
        "dashboard_commune": Task.objects.filter(plan__unit=commune),
        "my_work_agency": Task.objects.filter(lead=reporter.agency),
    }
    for name, (path, cookie) in pages.items():
        status, first, size = get(port, path, cookie)  # the first, cold figure
        for _ in range(WARM if status == 200 else 0):  # every worker warm (templates…)
            get(port, path, cookie)
        if status != 200:
            log(f"{name}: HTTP {status} tại {path}")
            emit(f"{name}_p95", None, "s", TARGETS[name], error=f"HTTP {status}")
            continue
        times = [get(port, path, cookie)[1] for _ in range(RUNS[name])]
        times.sort()
        p50 = statistics.median(times)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        extra = {"tasks": scope[name].count(), "runs": len(times), "bytes": size}
        emit(f"{name}_p50", round(p50, 4), "s", TARGETS[name], **extra)
        emit(f"{name}_p95", round(p95, 4), "s", TARGETS[name], first=round(first, 4), **extra)
    measure_rollup_ratios(port, nation, pages["dashboard_national"])


def measure_ratios_only(port: int) -> None:
    from theodoi.synth.generator import NATION_CODE
    from theodoi.units.models import Unit

    nation = Unit.objects.get(code=NATION_CODE)
    page = (f"/bang-dieu-khien/{nation.pk}/", session_cookie(f"office-{NATION_CODE}"))
    for _ in range(WARM):  # every worker warm, today's rows stored
        get(port, *page)
    measure_rollup_ratios(port, nation, page)


def bare_aggregate(nation) -> float:
    """Seconds of the bare SQL aggregate over the national dashboard's tasks: the tasks of the
    active plans under the nation counted by reported status (no evaluation)."""
    from django.db import connection

    from theodoi.plans.models import Plan, Task
    from theodoi.units.models import Unit

    sql = f"""SELECT t.reported_status, COUNT(*) FROM {Task._meta.db_table} t
        JOIN {Plan._meta.db_table} p ON p.id = t.plan_id
        JOIN {Unit._meta.db_table} u ON u.id = p.unit_id
        WHERE u.path LIKE %s AND p.status = 'active' GROUP BY t.reported_status"""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [nation.path + "%"])
        cursor.fetchall()
    return time.perf_counter() - started


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def measure_rollup_ratios(port: int, nation, page: tuple[str, str]) -> None:
    """The national dashboard against the bare SQL aggregate over the same tasks (issue #16:
    p95 ≤ 1.5×): in steady state, right after BURST and 10 × BURST communes changed, and for
    the first request of the day (today's rows gone, yesterday's left: no `theodoi rollup`)."""
    import datetime as dt

    from django.utils import timezone

    from theodoi.dashboards.models import UnitRollup
    from theodoi.dashboards.rollups import rollup_flush, rollup_mark_changed
    from theodoi.units.models import Unit

    path, cookie = page
    for _ in range(3):
        bare_aggregate(nation)  # warm
    bare = p95([bare_aggregate(nation) for _ in range(RUNS["dashboard_national"])])
    emit("bare_sql_aggregate_national_p95", round(bare, 4), "s", None)
    communes = list(Unit.objects.filter(parent__parent=nation).values_list("pk", flat=True))

    def after(prepare, rounds: int) -> tuple[float, float]:
        """p95 of the dashboard right after ``prepare``, and the median seconds ``prepare``
        itself took (the writers' side: applying the changes)."""
        times, writes = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            prepare()
            writes.append(time.perf_counter() - started)
            times.append(get(port, path, cookie)[1])
        return p95(times), statistics.median(writes)

    def changed(n: int):
        def prepare():
            import random

            rollup_mark_changed(unit_ids=random.sample(communes, min(n, len(communes))))
            rollup_flush()

        return prepare

    def new_day():
        today = timezone.localdate()
        UnitRollup.objects.filter(as_of__lt=today).delete()
        UnitRollup.objects.filter(as_of=today).update(as_of=today - dt.timedelta(days=1))

    cases = {
        "steady": (lambda: None, RUNS["dashboard_national"]),
        "after_1_change": (changed(1), 20),
        f"after_{BURST}_changes": (changed(BURST), 10),
        f"after_{10 * BURST}_changes": (changed(10 * BURST), 5),
        "first_of_day": (new_day, 3),
    }
    for name, (prepare, rounds) in cases.items():
        value, write = after(prepare, rounds)
        emit(
            f"dashboard_national_{name}_p95",
            round(value, 4),
            "s",
            round(1.5 * bare, 4),
            ratio=round(value / bare, 2) if bare else None,
            target_ratio=1.5,
            runs=rounds,
            prepare_seconds=round(write, 4),
        )
    get(port, path, cookie)  # leave today's rows stored for the benches after this one


def measure_consolidated() -> None:
    """The consolidated report (figures + DOCX) of the largest province, in process."""
    from django.db.models import Count
    from django.utils import timezone

    from theodoi.documents.builders import build_consolidated_docx
    from theodoi.documents.selectors import consolidated_report_data
    from theodoi.synth.generator import NATION_CODE
    from theodoi.units.models import Unit

    province = (
        Unit.objects.filter(parent__code=NATION_CODE)
        .annotate(n=Count("children"))
        .order_by("-n", "code")
        .first()
    )
    times = []
    for _ in range(3):
        started = time.perf_counter()
        body = build_consolidated_docx(
            consolidated_report_data(unit=province, as_of=timezone.localdate())
        )
        times.append(time.perf_counter() - started)
    emit(
        "consolidated_docx_province",
        round(statistics.median(times), 3),
        "s",
        5.0,
        province=province.code,
        bytes=len(body),
    )


def page_form(report) -> str:
    """The report page's form as the browser sends it when the agency presses "Gửi báo cáo"
    after editing its rows: report-rows.js saved each row as it was edited, so the form carries
    the version and nothing else (the rows not saved yet, here none)."""
    from urllib.parse import urlencode

    data = {"version": report.updated_at.isoformat(), "rows": "changed", "submit": "1"}
    data["csrfmiddlewaretoken"] = CSRF_SECRET
    return urlencode(data)


def submission_round(port: int, server_group: int, *, via_page: bool) -> dict | None:
    """One round: CLIENTS threads submit draft reports (SUBMISSIONS over the API, or
    PAGE_SUBMISSIONS through the report page's form); the reports are put back."""
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from theodoi.accounts.models import RoleAssignment
    from theodoi.reporting.models import Report, ReportEvent
    from theodoi.synth.generator import NATION_CODE

    reporters = {
        r.agency_id: r.user
        for r in RoleAssignment.objects.filter(
            role="reporter", unit__path__startswith=f"{NATION_CODE}/"
        ).select_related("user")
    }
    candidates = list(
        Report.objects.filter(
            agency_id__in=list(reporters),
            status__in=["draft", "returned"],
            period__is_locked=False,
        )
        .order_by("id")
        .values(
            "id", "agency_id", "status", "version", "submitted_at", "submitted_by_id", "summary"
        )[: PAGE_SUBMISSIONS if via_page else SUBMISSIONS]
    )
    if not candidates:
        return None
    work: queue.Queue = queue.Queue()
    if via_page:
        cookies = {}
        reports = Report.objects.in_bulk([r["id"] for r in candidates])
        for report in candidates:
            user = reporters[report["agency_id"]]
            if user.pk not in cookies:
                cookies[user.pk] = (
                    f"sessionid={session_cookie(user.username)}; csrftoken={CSRF_SECRET}"
                )
            body = page_form(reports[report["id"]])
            headers = {
                "Cookie": cookies[user.pk],
                "Content-Type": "application/x-www-form-urlencoded",
            }
            work.put((report["id"], f"/bao-cao/{report['id']}/", headers, body))
    else:
        tokens = {}
        for report in candidates:
            user = reporters[report["agency_id"]]
            if user.pk not in tokens:
                tokens[user.pk] = Token.objects.get_or_create(user=user)[0].key
            headers = {"Authorization": f"Token {tokens[user.pk]}", "Content-Length": "0"}
            work.put((report["id"], f"/api/reports/{report['id']}/submit/", headers, None))
    success = 302 if via_page else 200
    answered: dict[int, int] = {}
    lock = threading.Lock()

    def client() -> None:
        while True:
            try:
                pk, path, headers, body = work.get_nowait()
            except queue.Empty:
                return
            status = 0
            try:  # a new connection per request, as through a proxy that balances each one
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                conn.close()
            except (OSError, http.client.HTTPException):
                status = -1
            with lock:
                answered[pk] = status

    from django.db import connection

    with connection.cursor() as cursor:  # the last run's put-back leaves dead rows behind
        for table in ("reporting_report", "reporting_reportevent", "dashboards_unitrollup"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    import resource

    cpu = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = cpu_seconds(group=server_group)
    database_cpu = cpu_seconds(command="postgres")
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    server_cpu = per_submission(cpu_seconds(group=server_group), server_cpu, len(answered))
    database_cpu = per_submission(cpu_seconds(command="postgres"), database_cpu, len(answered))
    ok = [pk for pk, status in answered.items() if status == success]
    in_db = dict(
        Report.objects.filter(pk__in=[r["id"] for r in candidates]).values_list("pk", "status")
    )
    before = {r["id"]: r for r in candidates}
    lost = [pk for pk in ok if in_db.get(pk) != "submitted"]
    lost += [
        pk
        for pk, status in answered.items()
        if status != success
        and in_db.get(pk) != "submitted"  # refused: must be unchanged
        and in_db.get(pk) != before[pk]["status"]
    ]
    failed = [pk for pk, status in answered.items() if status != success]
    figures = {
        "value": round(len(ok) / elapsed, 1),
        "submitted": len(ok),
        "failed": len(failed),
        "lost": len(lost) + (len(candidates) - len(answered)),
        "seconds": round(elapsed, 2),
        "client_cpu_seconds": round(client_cpu, 2),  # the 50 clients share the two cores
        # where the machine's CPU went, per submission: the app (gunicorn) and PostgreSQL
        "server_cpu_ms": server_cpu,
        "database_cpu_ms": database_cpu,
    }
    # put the reports back as they were, so that the next run finds them again
    from theodoi.dashboards.rollups import rollup_mark_changed

    with transaction.atomic():
        periods = Report.objects.filter(pk__in=[r["id"] for r in candidates]).values_list(
            "period_id", flat=True
        )
        rollup_mark_changed(period_ids=list(set(periods)))  # .update() sends no signals
        ReportEvent.objects.filter(
            report_id__in=ok, action__in=["submit", "save"], actor__isnull=False
        ).delete()
        for report in candidates:
            Report.objects.filter(pk=report["id"]).update(
                status=report["status"],
                version=report["version"],
                submitted_at=report["submitted_at"],
                submitted_by_id=report["submitted_by_id"],
                summary=report["summary"],
            )
    return figures


def measure_submissions(port: int, server_group: int) -> None:
    """ROUNDS rounds over the API, then over the report page; the median round by throughput
    is the figure (this machine's two cores are shared and its speed drifts from one minute to
    the next), every round is listed."""
    from django.utils import timezone

    from theodoi.dashboards.models import UnitRollup
    from theodoi.dashboards.rollups import unit_rollup
    from theodoi.synth.generator import NATION_CODE
    from theodoi.units.models import Unit

    # Today's roll-ups stored and valid, as after the day's first dashboard: each submission
    # then applies its difference to them (dashboards.deltas) rather than marking them stale.
    today = timezone.localdate()
    unit_rollup(Unit.objects.get(code=NATION_CODE), today)
    medians = {}
    for name, via_page in (("report_submit", False), ("report_page_submit", True)):
        rounds = []
        for _ in range(ROUNDS):
            figures = submission_round(port, server_group, via_page=via_page)
            if figures is None:
                emit(f"{name}_throughput", None, "reports/s", 100, error="không có báo cáo nháp")
                return
            rounds.append(figures)
        median = sorted(rounds, key=lambda r: r["value"])[len(rounds) // 2]
        emit(
            f"{name}_throughput",
            median["value"],
            "reports/s",
            100,
            clients=CLIENTS,
            **{k: v for k, v in median.items() if k not in ("value", "lost")},
            rounds=[r["value"] for r in rounds],
        )
        emit(f"{name}_lost", sum(r["lost"] for r in rounds), "reports", 0, rounds=len(rounds))
        # 0: every submission was applied to the roll-ups, none left a row stale
        stale = UnitRollup.objects.filter(as_of=today, valid=False).count()
        emit(f"{name}_rollup_rows_left_stale", stale, "rows", 0)
        medians[name] = median["value"]
    if medians.get("report_submit"):  # measured side by side, in this run
        ratio = medians["report_page_submit"] / medians["report_submit"]
        emit("report_page_vs_api_ratio", round(ratio, 3), "ratio", 0.9, **medians)


def per_submission(after: dict | None, before: dict | None, count: int) -> float | None:
    """Milliseconds of CPU per submission that the processes used between the two readings
    (a process that ended in between is not counted)."""
    if after is None or before is None or not count:
        return None
    used = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
    return round(used * 1000 / count, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force-synth", action="store_true")
    parser.add_argument("--quick", action="store_true", help="a small nation (smoke run)")
    parser.add_argument("--skip-submit", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument(
        "--ratios-only",
        action="store_true",
        help="only the national dashboard against the bare SQL aggregate (steady, after "
        "bursts of changes, first request of the day)",
    )
    args = parser.parse_args()
    force = args.force_synth or os.environ.get("THEODOI_BENCH_FORCE_SYNTH") == "1"
    url = database_url(fresh=force)
    if url is None:
        return 0
    os.environ["DATABASE_URL"] = url
    ensure_nation(force, args.quick)
    port = free_port()
    server = start_server(port)
    try:
        if args.ratios_only:
            measure_ratios_only(port)
            return 0
        if not args.skip_pages:
            measure_pages(port)
            measure_consolidated()
        if not args.skip_submit:
            measure_submissions(port, server.pid)
    finally:
        stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
