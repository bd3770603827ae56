"""Every report of a campaign, once: an exporter says what it is called, who may download it, in which
formats, and builds the document. The download view and `export_report` both read this registry, so a
report added here is on the pages and in the command at once (as pretalx's exporters).

A builder returns either a `core.documents.Document` (the older list reports) or a `core.papers.model.Paper`
(the papers with groups, several tables or a body); `Exporter.write` writes either."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.exports import decisions_document, nominations_document, targets_document
from core.documents import FORMATS as DOCUMENT_FORMATS
from core.documents import Document
from core.papers.model import Paper
from core.papers.render import render
from departments.rules import sees_all_units
from emulation.exports import registered_people_document, registrations_document
from initiatives.exports import initiatives_document
from reports.statistics import statistics_paper, statistics_xlsx

PAPER_FORMATS = ("xlsx", "pdf", "docx")


@dataclass(frozen=True)
class Exporter:
    identifier: str  # in URLs and on the command line
    title: str
    permission: str  # checked without an object; the unit scope is decided by `unit_scoped`
    build: Callable[..., Document | Paper]  # (campaign, *, unit, on_date) -> Document or Paper
    slug: str  # the downloaded file's name, before "-<year>.<format>"
    # A user who sees only her own unit (a secretary) downloads her unit's part; else the whole campaign.
    unit_scoped: bool = False
    formats: tuple[str, ...] = PAPER_FORMATS  # every report has a table: Excel, PDF and Word
    # A writer of its own for a format (format -> writer of the built paper), else the shared renderer.
    writers: dict[str, Callable] = field(default_factory=dict)

    def allowed(self, user) -> bool:
        """May `user` download it? A unit-scoped report needs a unit when the user sees only her own."""
        if not user.has_perm(self.permission):
            return False
        return not self.unit_scoped or sees_all_units(user) or bool(user.unit_id)

    def filename(self, year: int, fmt: str, unit=None) -> str:
        return f"{self.slug}-{year}{f'-{unit.code}' if unit else ''}.{fmt}"

    def write(self, built: Document | Paper, fmt: str, progress=None) -> bytes:
        """The built document as the bytes of `fmt` (one of `formats`). `progress(done, total)`, when given,
        is called as a paper is written (the shared renderer's writers; the others report nothing)."""
        if fmt in self.writers:
            return self.writers[fmt](built)
        if isinstance(built, Paper):
            return render(built, fmt, progress=progress)
        return DOCUMENT_FORMATS[fmt](built)


def parse_document_date(text: str | None) -> dt.date | None:
    """The document date a user typed: dd/mm/yyyy (as the pages show dates) or yyyy-mm-dd (a browser's
    date field). Empty: None, the exporter's own default (today; the day the registration summary was sent,
    for that one). Anything else is a ValidationError with a Vietnamese message."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 -- a calendar date, no time
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date: write the document date as dd/mm/yyyy, e.g. 20/12/2018.")
        % {"value": text[:40]},
        code="bad_document_date",
    )


EXPORTERS = {
    exporter.identifier: exporter
    for exporter in [
        Exporter(
            "registrations",
            gettext_lazy("Registration summary for the Department of Home Affairs"),
            "emulation.view_registration_overview",
            registrations_document,
            "tong-hop-dang-ky-thi-dua",
        ),
        Exporter(
            "registered-people",
            gettext_lazy("List of persons registered"),
            "emulation.view_registration_overview",
            registered_people_document,
            "danh-sach-ca-nhan-dang-ky-thi-dua",
            formats=("xlsx", "pdf"),  # a province's tens of thousands of rows: no one edits that in Word
        ),
        Exporter(
            "initiatives",
            gettext_lazy("Recognised initiatives"),
            "initiatives.view_initiative_list",
            initiatives_document,
            "sang-kien",
            unit_scoped=True,
        ),
        Exporter(
            "nominations",
            gettext_lazy("List of nominations"),
            "awards.view_dossier_list",
            nominations_document,
            "danh-sach-de-nghi-khen-thuong",
            unit_scoped=True,
        ),
        Exporter(
            "decisions",
            gettext_lazy("Decisions and submissions of the year"),
            "awards.view_eligibility",
            decisions_document,
            "quyet-dinh-khen-thuong",
        ),
        Exporter(
            "targets",
            gettext_lazy("The plan's targets: registered and achieved"),
            "awards.view_eligibility",
            targets_document,
            "chi-tieu-thi-dua",
        ),
        Exporter(
            "statistics",
            gettext_lazy("Yearly emulation and reward statistics (forms 0601–0603.N/BNV-TĐKT)"),
            "awards.view_eligibility",
            statistics_paper,
            "thong-ke-thi-dua-khen-thuong",
            writers={"xlsx": statistics_xlsx},
        ),
    ]
}


def reports_for(user) -> list[Exporter]:
    """The reports `user` may download, in the registry's order (a campaign's downloads)."""
    return [exporter for exporter in EXPORTERS.values() if exporter.allowed(user)]
