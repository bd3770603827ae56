"""`python -m bench` (what `make bench` runs): build both data sets on PostgreSQL, measure, print one table.

1. Drop and create the two databases, migrate them, seed the demo in one and the province-scale set
   (seed_scale, timed) in the other — unless --reuse, which measures the databases as they are.
2. The pages of bench/pages.py at both scales, the exports against their baselines at province scale, and
   the whole campaign's eligibility, each in a child process of its own (bench/child.py) whose peak RSS
   the operating system reports when it ends (os.wait4).
3. The table (bench/report.py) printed and written to bench/results/last.md, the figures to
   bench/results/last.json. A missed target is reported, not an error: the exit status is 0 whenever the
   run itself completed.
"""

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import report
from bench.pages import EXPORTS

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
CHILD_TIMEOUT_S = 900
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=1009)
    parser.add_argument("--staff", type=int, default=30080)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL, no database"
    )
    parser.add_argument("--demo-db", default="thidua_bench_demo")
    parser.add_argument("--scale-db", default="thidua_bench_scale")
    parser.add_argument("--demo-requests", type=int, default=10, help="requests per page at demo scale")
    parser.add_argument("--scale-requests", type=int, default=5, help="requests per page at province scale")
    parser.add_argument("--reuse", action="store_true", help="measure the databases as they are (no seeding)")
    parser.add_argument("--no-exports", action="store_true", help="skip the exports (the longest part)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder of last.json and last.md")
    arguments = parser.parse_args(argv)
    for name in (arguments.demo_db, arguments.scale_db):
        if not NAME.match(name):
            parser.error(f"not a plain database name: {name!r}")
    return arguments


def _log(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


# --- Processes ------------------------------------------------------------------------------------------


def _manage(url: str, *command: str) -> str:
    """A manage.py command on `url` with the demo's settings (DEBUG on: seed_demo makes its logins)."""
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def run_child(task: str, arguments: dict, url: str) -> dict:
    """bench.child TASK in a process of its own: its JSON answer, its peak RSS (peak_mb) and wall time
    (wall_s); {"error": ...} when it failed or ran over CHILD_TIMEOUT_S."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.child", task, json.dumps(arguments)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        timer = threading.Timer(CHILD_TIMEOUT_S, process.kill)
        timer.start()
        # wait4, not wait: the resource usage of this child alone (its own peak RSS).
        _pid, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode:
        reason = "killed after the time limit" if process.returncode < 0 else stderr.strip()[-300:]
        return {"error": reason or f"exit status {process.returncode}", "wall_s": wall}
    result = json.loads(stdout.strip().splitlines()[-1])
    if isinstance(result, dict):
        result.update(peak_mb=usage.ru_maxrss / 1024, wall_s=wall)  # ru_maxrss is in KB on Linux
    return result


def _recreate(server: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


# --- The parts ------------------------------------------------------------------------------------------


def seed(arguments: argparse.Namespace, demo_url: str, scale_url: str) -> dict:
    for url, name in ((demo_url, arguments.demo_db), (scale_url, arguments.scale_db)):
        _log(f"recreating and migrating {name}")
        _recreate(arguments.server, name)
        _manage(url, "migrate", "--noinput")
    _log("seed_demo")
    started = time.perf_counter()
    _manage(demo_url, "seed_demo")
    demo_s = time.perf_counter() - started
    _log(f"seed_scale --units {arguments.units} --staff {arguments.staff}")
    started = time.perf_counter()
    output = _manage(
        scale_url,
        "seed_scale",
        f"--units={arguments.units}",
        f"--staff={arguments.staff}",
        f"--seed={arguments.seed}",
    )
    wall = time.perf_counter() - started
    own = re.search(r"Thời gian: ([\d.]+) s", output)
    scale_s = float(own.group(1)) if own else wall
    return {
        "demo_s": demo_s,
        "scale_s": scale_s,
        "scale_wall_s": wall,
        "check": report.Check("seconds", scale_s, report.SEED_S).as_dict(),
    }


def pages(arguments: argparse.Namespace, demo_url: str, scale_url: str) -> list[dict]:
    _log(f"pages at demo scale ({arguments.demo_requests} requests each)")
    demo = run_child("pages", {"requests": arguments.demo_requests}, demo_url)
    _log(f"pages at province scale ({arguments.scale_requests} requests each)")
    scale = run_child("pages", {"requests": arguments.scale_requests}, scale_url)
    rows = []
    for position, spec in enumerate(
        scale if isinstance(scale, list) else demo if isinstance(demo, list) else []
    ):
        demo_row = demo[position] if isinstance(demo, list) else {"error": demo.get("error")}
        scale_row = scale[position] if isinstance(scale, list) else {"error": scale.get("error")}
        checks = report.page_checks(spec["kind"], scale_row if scale_row.get("status") == 200 else {})
        rows.append(
            {
                "name": spec["name"],
                "path": spec["path"],
                "kind": spec["kind"],
                "user": spec["user"],
                "demo": demo_row,
                "scale": scale_row,
                "checks": {check.name: check.as_dict() for check in checks},
            }
        )
    return rows


def exports(scale_url: str) -> list[dict]:
    rows = []
    for identifier, fmt in EXPORTS:
        _log(f"export {identifier}.{fmt} and its baseline")
        measured = run_child("export", {"identifier": identifier, "fmt": fmt}, scale_url)
        baseline = run_child("baseline", {"identifier": identifier, "fmt": fmt}, scale_url)
        checks = report.export_checks(fmt, measured, baseline)
        rows.append(
            {
                "identifier": identifier,
                "format": fmt,
                "rows": measured.get("rows", baseline.get("rows")),
                "measured": measured,
                "baseline": baseline,
                "checks": {check.name: check.as_dict() for check in checks},
            }
        )
    return rows


def eligibility(scale_url: str) -> dict:
    _log("eligibility of the whole campaign")
    result = run_child("eligibility", {}, scale_url)
    result["check"] = report.Check("seconds", result.get("seconds"), report.ELIGIBILITY_S).as_dict()
    return result


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    started = time.perf_counter()
    demo_url = f"{arguments.server}/{arguments.demo_db}"
    scale_url = f"{arguments.server}/{arguments.scale_db}"
    results = {
        "version": report.RESULT_VERSION,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "cpus": os.cpu_count(),
        "sizes": {"units": arguments.units, "staff": arguments.staff, "seed": arguments.seed},
        "requests": {"demo": arguments.demo_requests, "scale": arguments.scale_requests},
        "client": "django.test.Client in-process, force_login, bench.settings (DEBUG off)",
    }
    if not arguments.reuse:
        results["seed"] = seed(arguments, demo_url, scale_url)
    results["floor_mb"] = run_child("floor", {}, scale_url).get("peak_mb")
    results["pages"] = pages(arguments, demo_url, scale_url)
    results["exports"] = [] if arguments.no_exports else exports(scale_url)
    results["eligibility"] = eligibility(scale_url)
    results["seconds"] = time.perf_counter() - started
    results["summary"] = report.summary(results)

    text = report.table(results)
    arguments.output.mkdir(parents=True, exist_ok=True)
    (arguments.output / "last.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    (arguments.output / "last.md").write_text(
        f"Benchmarks of {results['date']} (commit {results['commit'] or '?'}), {arguments.units} units / "
        f"{arguments.staff} staff, {results['client']}; pages: p50 / p95, queries, HTML size.\n\n{text}\n"
        f"{report.summary_line(results)}\n"
    )
    sys.stdout.write(text + "\n")
    sys.stdout.write(f"Django alone in a child: {results['floor_mb'] or 0:.0f} MB peak RSS. ")
    sys.stdout.write(f"Whole run: {results['seconds'] / 60:.1f} min.\n")
    sys.stdout.write(report.summary_line(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
