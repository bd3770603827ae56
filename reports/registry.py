"""Every report of a campaign, once: an exporter says what it is called, who may download it, in which
formats, and builds the document. The download view and `export_report` both read this registry, so a
report added here is on the pages and in the command at once (as pretalx's exporters)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from awards.exports import decisions_document, nominations_document, targets_document
from core.documents import Document
from departments.rules import sees_all_units
from emulation.exports import registrations_document
from initiatives.exports import initiatives_document


@dataclass(frozen=True)
class Exporter:
    identifier: str  # in URLs and on the command line
    title: str
    permission: str  # checked without an object; the unit scope is decided by `unit_scoped`
    build: Callable[..., Document]  # (campaign, *, unit) -> Document
    slug: str  # the downloaded file's name, before "-<year>.<format>"
    # A user who sees only her own unit (a secretary) downloads her unit's part; else the whole campaign.
    unit_scoped: bool = False
    formats: tuple[str, ...] = ("xlsx", "pdf", "docx")

    def allowed(self, user) -> bool:
        """May `user` download it? A unit-scoped report needs a unit when the user sees only her own."""
        if not user.has_perm(self.permission):
            return False
        return not self.unit_scoped or sees_all_units(user) or bool(user.unit_id)

    def filename(self, year: int, fmt: str, unit=None) -> str:
        return f"{self.slug}-{year}{f'-{unit.code}' if unit else ''}.{fmt}"


EXPORTERS = {
    exporter.identifier: exporter
    for exporter in [
        Exporter(
            "registrations",
            _("Registration summary for the Department of Home Affairs"),
            "emulation.view_registration_overview",
            registrations_document,
            "tong-hop-dang-ky-thi-dua",
        ),
        Exporter(
            "initiatives",
            _("Recognised initiatives"),
            "initiatives.view_initiative_list",
            initiatives_document,
            "sang-kien",
            unit_scoped=True,
        ),
        Exporter(
            "nominations",
            _("List of nominations"),
            "awards.view_dossier_list",
            nominations_document,
            "danh-sach-de-nghi-khen-thuong",
            unit_scoped=True,
        ),
        Exporter(
            "decisions",
            _("Decisions and submissions of the year"),
            "awards.view_eligibility",
            decisions_document,
            "quyet-dinh-khen-thuong",
        ),
        Exporter(
            "targets",
            _("The plan's targets: registered and achieved"),
            "awards.view_eligibility",
            targets_document,
            "chi-tieu-thi-dua",
        ),
    ]
}
