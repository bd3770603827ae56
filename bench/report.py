"""The pure part of the benchmarks: percentiles, the targets of issue 12 and their verdicts, the JSON
written to bench/results/last.json and the one table (Markdown) printed and written beside it."""

import math
from dataclasses import dataclass

# The targets of issue 12, measured at province scale.
PAGE_P50_MS = 150
ELIGIBILITY_PAGE_P50_MS = 300
LIST_QUERIES = 15
HTML_KB = 300
XLSX_RATIO = 1.3  # at most this many times the raw write_only workbook's time
XLSX_MB = 200
PDF_SPEEDUP = 3.0  # at least this many times faster than the naive table
PDF_MB = 500
ELIGIBILITY_S = 10
SEED_S = 60  # "well under a minute"

RESULT_VERSION = 1
SLOW_PAGE_REQUESTS = 3  # a page slower than a second is measured this many times (bench/child.py)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of `values`, interpolated linearly between the closest ranks (as
    numpy's default); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Check:
    name: str
    value: float | None
    limit: float
    at_most: bool = True  # False: the value must be at least the limit

    @property
    def met(self) -> bool | None:
        """None when nothing was measured (the page failed, the export broke)."""
        if self.value is None or (isinstance(self.value, float) and math.isnan(self.value)):
            return None
        return self.value <= self.limit if self.at_most else self.value >= self.limit

    def as_dict(self) -> dict:
        return {"value": self.value, "limit": self.limit, "at_most": self.at_most, "met": self.met}


def page_checks(kind: str, scale: dict) -> list[Check]:
    """A page's targets, on its figures at province scale (a failed page: every check unmeasured)."""
    limit = ELIGIBILITY_PAGE_P50_MS if kind == "eligibility" else PAGE_P50_MS
    checks = [
        Check("p50 ms", scale.get("p50_ms"), limit),
        Check("HTML KB", scale.get("kb"), HTML_KB),
    ]
    if kind == "list":
        checks.append(Check("queries", scale.get("queries"), LIST_QUERIES))
    return checks


def export_checks(fmt: str, measured: dict, baseline: dict) -> list[Check]:
    """An export's targets: Excel against the raw write_only time and 200 MB, PDF against the naive
    table's time (at least 3× faster) and 500 MB. The times compared are the writing times: the rows
    were built the same way for both."""
    write_s, base_s = measured.get("write_s"), baseline.get("write_s")
    if fmt == "xlsx":
        ratio = write_s / base_s if write_s is not None and base_s else None
        return [
            Check("× raw write_only", ratio, XLSX_RATIO),
            Check("peak MB", measured.get("peak_mb"), XLSX_MB),
        ]
    speedup = base_s / write_s if write_s and base_s is not None else None
    return [
        Check("× faster than naive", speedup, PDF_SPEEDUP, at_most=False),
        Check("peak MB", measured.get("peak_mb"), PDF_MB),
    ]


def summary(results: dict) -> dict:
    """How many targets were met, missed, or could not be measured, and the names of those missed."""
    checks = []
    for page in results.get("pages", []):
        checks += [(page["name"], name, check) for name, check in page["checks"].items()]
    for item in results.get("exports", []):
        label = f"{item['identifier']}.{item['format']}"
        checks += [(label, name, check) for name, check in item["checks"].items()]
    for key in ("eligibility", "seed"):
        if key in results:
            checks.append((key, "seconds", results[key]["check"]))
    missed = [f"{what}: {name}" for what, name, check in checks if check["met"] is False]
    unmeasured = [f"{what}: {name}" for what, name, check in checks if check["met"] is None]
    return {
        "met": sum(1 for _w, _n, check in checks if check["met"]),
        "missed": len(missed),
        "unmeasured": len(unmeasured),
        "missed_names": missed,
        "unmeasured_names": unmeasured,
    }


def summary_line(results: dict) -> str:
    s = results["summary"]
    total = s["met"] + s["missed"] + s["unmeasured"]
    line = f"Targets: {s['met']} of {total} met, {s['missed']} missed, {s['unmeasured']} not measured."
    return line + (f" Missed: {'; '.join(s['missed_names'])}." if s["missed_names"] else "")


# --- The table --------------------------------------------------------------------------------------------


def _mark(met: bool | None) -> str:
    return {True: "✓", False: "✗", None: "?"}[met]


def _page_cell(figures: dict | None) -> str:
    if not figures:
        return "—"
    if figures.get("error"):
        return f"error: {figures['error'][:60]}"
    if figures.get("status") != 200:
        return f"HTTP {figures.get('status')}"
    times = f"{figures['p50_ms']:.0f} / {figures['p95_ms']:.0f} ms"
    if figures.get("requests", SLOW_PAGE_REQUESTS + 1) <= SLOW_PAGE_REQUESTS:
        times += f" ({figures['requests']} requests)"
    return f"{times} · {figures['queries']} q · {figures['kb']:.0f} KB"


def _marks(checks: dict) -> str:
    return " ".join(f"{_mark(check['met'])} {name}" for name, check in checks.items())


def _export_cell(item: dict) -> str:
    measured, base = item["measured"], item["baseline"]
    if measured.get("error") or base.get("error"):
        return f"error: {(measured.get('error') or base.get('error'))[:60]}"
    name = "raw write_only" if item["format"] == "xlsx" else "naive table"
    return (
        f"{item['rows']} rows: write {measured['write_s']:.1f} s (build {measured['build_s']:.1f} s), "
        f"{measured['peak_mb']:.0f} MB · {name} {base['write_s']:.1f} s, {base['peak_mb']:.0f} MB"
    )


def table(results: dict) -> str:
    """Every measurement in one Markdown table: demo and province side by side, the target, the verdict."""
    lines = [
        "| Measured | Demo | Province | Target | Met |",
        "|---|---|---|---|---|",
    ]
    for page in results["pages"]:
        limit = ELIGIBILITY_PAGE_P50_MS if page["kind"] == "eligibility" else PAGE_P50_MS
        target = f"p50 ≤ {limit} ms, ≤ {HTML_KB} KB" + (
            f", ≤ {LIST_QUERIES} q" if page["kind"] == "list" else ""
        )
        lines.append(
            f"| {page['name']} (`{page['path']}`, {page['user']}) | {_page_cell(page.get('demo'))} "
            f"| {_page_cell(page.get('scale'))} | {target} | {_marks(page['checks'])} |"
        )
    for item in results["exports"]:
        target = (
            f"≤ {XLSX_RATIO}× raw, ≤ {XLSX_MB} MB"
            if item["format"] == "xlsx"
            else f"≥ {PDF_SPEEDUP:.0f}× faster than naive, ≤ {PDF_MB} MB"
        )
        lines.append(
            f"| Export {item['identifier']}.{item['format']} | — | {_export_cell(item)} | {target} "
            f"| {_marks(item['checks'])} |"
        )
    if "eligibility" in results:
        e = results["eligibility"]
        cell = (
            f"error: {e['error'][:60]}"
            if e.get("error")
            else f"{e['seconds']:.1f} s, {e['judgements']} judged, {e['peak_mb']:.0f} MB"
        )
        met = _mark(e["check"]["met"])
        lines.append(f"| Eligibility of the whole campaign | — | {cell} | ≤ {ELIGIBILITY_S} s | {met} |")
    if "seed" in results:
        s = results["seed"]
        demo = f"{s['demo_s']:.1f} s (seed_demo)" if s.get("demo_s") is not None else "—"
        met = _mark(s["check"]["met"])
        lines.append(f"| Seed (seed_scale) | {demo} | {_seconds(s.get('scale_s'))} | < {SEED_S} s | {met} |")
    return "\n".join(lines) + "\n"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"
