"""One measurement in a process of its own, so that its peak memory is its own: `python -m bench.child TASK
'{"json": "arguments"}'` with DATABASE_URL set; prints one JSON object. The parent (bench/__main__.py)
reads the process's peak RSS from the operating system when it ends.

Tasks: pages (every page of bench/pages.py through Django's test client, in-process, logged in with
force_login), export and baseline (one export or its yardstick), eligibility (the whole campaign), floor
(Django set up and nothing else: the memory every child starts from)."""

import json
import os
import sys
import time

SLOW_PAGE_S = 1.0


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def _campaign():
    from bench.pages import YEAR
    from emulation.models import Campaign

    return Campaign.objects.get(year=YEAR)


def pages(*, requests: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import pages as spec
    from bench.report import SLOW_PAGE_REQUESTS, percentile

    values = spec.placeholders()
    logins = spec.users(values)
    results = []
    for page in spec.PAGES:
        path = page.path.format(**values)
        result = {"name": page.name, "path": path, "kind": page.kind, "user": page.user}
        results.append(result)
        user = logins.get(page.user)
        if user is None:
            result["error"] = f"no login for {page.user}"
            continue
        client = Client()
        client.force_login(user)
        try:
            started = time.perf_counter()
            response = client.get(path)  # warm-up: not counted
            warm_up = time.perf_counter() - started
            result["status"] = response.status_code
            if response.status_code != 200:
                continue
            # A page of seconds tells its story in a few requests; the run stays within its time.
            result["requests"] = min(requests, SLOW_PAGE_REQUESTS) if warm_up > SLOW_PAGE_S else requests
            times = []
            for number in range(result["requests"]):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                if number == 0:
                    result["queries"] = len(queries)
                    result["kb"] = round(len(response.content) / 1024, 1)
        except Exception as error:  # noqa: BLE001 -- a broken page is reported, the run goes on
            result["error"] = f"{type(error).__name__}: {error}"[:300]
            continue
        result["p50_ms"] = round(percentile(times, 50), 1)
        result["p95_ms"] = round(percentile(times, 95), 1)
    return results


def _built(identifier: str):
    from reports.registry import EXPORTERS

    exporter = EXPORTERS[identifier]
    started = time.perf_counter()
    built = exporter.build(_campaign(), unit=None, on_date=None)
    return exporter, built, time.perf_counter() - started


def export(*, identifier: str, fmt: str) -> dict:
    from bench.baselines import row_count

    exporter, built, build_s = _built(identifier)
    started = time.perf_counter()
    data = exporter.write(built, fmt)
    write_s = time.perf_counter() - started
    return {"rows": row_count(built), "build_s": build_s, "write_s": write_s, "bytes": len(data)}


def baseline(*, identifier: str, fmt: str) -> dict:
    from bench.baselines import BASELINES, row_count

    _exporter, built, build_s = _built(identifier)
    started = time.perf_counter()
    data = BASELINES[fmt](built)
    write_s = time.perf_counter() - started
    return {"rows": row_count(built), "build_s": build_s, "write_s": write_s, "bytes": len(data)}


def eligibility() -> dict:
    from awards.eligibility import campaign_eligibility

    campaign = _campaign()
    started = time.perf_counter()
    judgements = campaign_eligibility(campaign)
    return {"seconds": time.perf_counter() - started, "judgements": len(judgements)}


def floor() -> dict:
    return {}


TASKS = {
    "pages": pages,
    "export": export,
    "baseline": baseline,
    "eligibility": eligibility,
    "floor": floor,
}


def main(argv: list[str]) -> None:
    task, arguments = argv[1], json.loads(argv[2]) if len(argv) > 2 else {}
    _setup()
    result = TASKS[task](**arguments)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv)
