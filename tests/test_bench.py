"""The pure parts of the benchmarks (bench/report.py, bench/baselines.py, bench/pages.py); the timings
themselves are not tested (benchmarks are not tests)."""

import datetime as dt
import io
import json
import math

import pytest
from openpyxl import load_workbook

from bench import report
from bench.baselines import naive_html, raw_xlsx, row_count
from bench.pages import PAGES
from core.papers.model import Column, Group, Paper, Table


def test_percentile_interpolates_between_ranks():
    values = [10.0, 40.0, 20.0, 30.0, 50.0]

    assert (report.percentile(values, 50), report.percentile(values, 95), report.percentile(values, 0)) == (
        30.0,
        48.0,
        10.0,
    )
    assert report.percentile([7.0], 95) == 7.0
    assert math.isnan(report.percentile([], 50))


@pytest.mark.parametrize(
    ("value", "limit", "at_most", "met"),
    [(150, 150, True, True), (151, 150, True, False), (3.0, 3.0, False, True), (2.9, 3.0, False, False)],
)
def test_check_compares_with_its_limit(value, limit, at_most, met):
    assert report.Check("x", value, limit, at_most).met is met


def test_check_without_a_value_is_not_measured():
    assert (report.Check("x", None, 1).met, report.Check("x", math.nan, 1).met) == (None, None)


def test_page_checks_hold_list_pages_to_the_query_limit_and_eligibility_to_its_time():
    figures = {"p50_ms": 200.0, "kb": 12.0, "queries": 16}

    lists = {c.name: c.met for c in report.page_checks("list", figures)}
    eligibility = {c.name: c.met for c in report.page_checks("eligibility", figures)}

    assert lists == {"p50 ms": False, "HTML KB": True, "queries": False}
    assert eligibility == {"p50 ms": True, "HTML KB": True}


def test_export_checks_compare_writing_times():
    xlsx = report.export_checks("xlsx", {"write_s": 1.2, "peak_mb": 150}, {"write_s": 1.0})
    pdf = report.export_checks("pdf", {"write_s": 2.0, "peak_mb": 600}, {"write_s": 7.0})
    broken = report.export_checks("pdf", {"error": "boom"}, {"write_s": 7.0})

    assert [(c.name, round(c.value, 2), c.met) for c in xlsx] == [
        ("× raw write_only", 1.2, True),
        ("peak MB", 150, True),
    ]
    assert [(c.name, c.value, c.met) for c in pdf] == [
        ("× faster than naive", 3.5, True),
        ("peak MB", 600, False),
    ]
    assert [c.met for c in broken] == [None, None]


def _results() -> dict:
    page = {
        "name": "Units list",
        "path": "/units/",
        "kind": "list",
        "user": "office",
        "demo": {"status": 200, "p50_ms": 10.0, "p95_ms": 12.0, "queries": 4, "kb": 6.0},
        "scale": {"status": 404},
        "checks": {c.name: c.as_dict() for c in report.page_checks("list", {})},
    }
    fast = {"p50_ms": 20.0, "p95_ms": 30.0, "queries": 4, "kb": 10.0, "status": 200, "requests": 5}
    ok = {**page, "name": "Home", "kind": "page", "scale": fast}
    ok["checks"] = {c.name: c.as_dict() for c in report.page_checks("page", fast)}
    measured = {"rows": 3, "build_s": 0.1, "write_s": 2.0, "peak_mb": 90.0}
    export = {
        "identifier": "nominations",
        "format": "xlsx",
        "rows": 3,
        "measured": measured,
        "baseline": {"rows": 3, "build_s": 0.1, "write_s": 1.0, "peak_mb": 80.0},
        "checks": {c.name: c.as_dict() for c in report.export_checks("xlsx", measured, {"write_s": 1.0})},
    }
    results = {
        "pages": [page, ok],
        "exports": [export],
        "eligibility": {
            "seconds": 4.0,
            "judgements": 9,
            "peak_mb": 100.0,
            "check": report.Check("s", 4.0, 10).as_dict(),
        },
        "seed": {"demo_s": 40.0, "scale_s": 30.0, "check": report.Check("s", 30.0, 60).as_dict()},
    }
    results["summary"] = report.summary(results)
    return results


def test_summary_counts_met_missed_and_unmeasured():
    summary = _results()["summary"]

    assert summary == {
        "met": 5,
        "missed": 1,
        "unmeasured": 3,
        "missed_names": ["nominations.xlsx: × raw write_only"],
        "unmeasured_names": ["Units list: p50 ms", "Units list: HTML KB", "Units list: queries"],
    }
    assert report.summary_line(_results()).startswith("Targets: 5 of 9 met, 1 missed, 3 not measured.")


def test_results_are_json_and_the_table_has_a_row_for_each_measurement():
    results = _results()

    text = report.table(results)

    assert json.loads(json.dumps(results)) == results
    rows = text.strip().splitlines()
    assert len(rows) == 2 + 2 + 1 + 1 + 1
    assert "| HTTP 404 |" in rows[2]
    assert "20 / 30 ms · 4 q · 10 KB" in rows[3]
    assert "✗ × raw write_only ✓ peak MB" in rows[4]
    assert rows[-1].startswith("| Seed (seed_scale) | 40.0 s (seed_demo) | 30.0 s |")


def test_table_says_when_a_slow_page_was_measured_fewer_times():
    results = _results()
    results["pages"][1]["scale"].update(p50_ms=2000.0, p95_ms=2100.0, requests=3)

    assert "2000 / 2100 ms (3 requests) · 4 q · 10 KB" in report.table(results)


def _paper() -> Paper:
    columns = [Column("STT"), Column("Họ và tên"), Column("Ngày")]
    table = Table(
        columns=columns,
        groups=[Group("I", [[1, "Nguyễn <Văn> A", dt.date(2018, 1, 2)]]), Group("II", [[2, "Lê B", None]])],
    )
    return Paper(issuer=None, number="", date=dt.date(2018, 1, 1), kind="", summary="", blocks=[table])


def test_baselines_write_the_same_rows_and_columns():
    paper = _paper()

    workbook = load_workbook(io.BytesIO(raw_xlsx(paper)))
    html = naive_html(paper)

    assert row_count(paper) == 2
    assert [list(row) for row in workbook.active.iter_rows(values_only=True)] == [
        ["STT", "Họ và tên", "Ngày"],
        [1, "Nguyễn <Văn> A", dt.datetime(2018, 1, 2)],  # noqa: DTZ001 -- Excel keeps no time zone
        [2, "Lê B", None],
    ]
    assert html.count("<tr>") == 3
    assert "Nguyễn &lt;Văn&gt; A" in html


def test_page_list_is_well_formed():
    names = [page.name for page in PAGES]

    assert len(names) == len(set(names))
    assert {page.kind for page in PAGES} <= {"page", "list", "eligibility"}
    assert {page.user for page in PAGES} <= {
        "director",
        "office",
        "council",
        "secretary_big",
        "secretary_small",
    }
    assert all(page.path.startswith("/") for page in PAGES)
