"""What the benchmarks measure: the main pages (with the role that opens them) and the exports. Change the
paths here when a page moves or takes a filter; a path that answers 404 (or anything but 200) is reported
as such, not measured.

A path may name these, filled in from the database measured (both sets use the 2018 campaign):
{year}, {big} and {small} (the codes of the unit with the most staff and of one with the fewest), {round}
(the campaign's evaluation round), {dossier} (the big unit's dossier), {session} (the council session),
{decision} (the Director's decision, not the tờ trình).
"""

from dataclasses import dataclass

YEAR = 2018


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # Who opens it: "director", "office" (the standing office), "council" (a council member),
    # "secretary_big" / "secretary_small" (the secretary of the big / the small unit).
    user: str
    # "list": held to the list pages' query limit too; "eligibility": held to the eligibility page's time.
    kind: str = "page"


PAGES = [
    Page("Home", "/", "director"),
    Page("Campaign detail", "/campaigns/{year}/", "office"),
    Page("Units list", "/units/", "office", "list"),
    Page("Unit detail (big unit)", "/units/{big}/", "office"),
    Page("Registration overview", "/campaigns/{year}/registrations/", "office", "list"),
    Page("Registration sheet (big unit)", "/campaigns/{year}/registrations/{big}/", "secretary_big"),
    Page("Registration sheet (small unit)", "/campaigns/{year}/registrations/{small}/", "secretary_small"),
    Page("Eligibility (one unit)", "/campaigns/{year}/eligibility/?unit={big}", "office", "eligibility"),
    Page("Eligibility (province, failing)", "/campaigns/{year}/eligibility/?verdict=fail", "office", "list"),
    Page("Targets dashboard", "/campaigns/{year}/targets/", "director"),
    Page("Initiative list", "/initiatives/", "office", "list"),
    Page("Evaluation round", "/initiatives/rounds/{round}/", "office"),
    Page("Dossier list", "/dossiers/", "office", "list"),
    Page("Dossier detail (big unit)", "/dossiers/{dossier}/", "office"),
    Page("Council session list", "/council/", "office", "list"),
    Page("Council session detail", "/council/{session}/", "council"),
    Page("Decision list", "/decisions/", "director", "list"),
    Page("Decision detail", "/decisions/{decision}/", "director"),
    Page("Reward search", "/rewards/", "office", "list"),
    Page("Audit trail", "/audit/", "office", "list"),
    Page("Notifications", "/notifications/", "director", "list"),
]

# (reports.registry.EXPORTERS identifier, format): built and written through the registry, at province
# scale, each against the raw baselines of the same rows (bench/baselines.py).
EXPORTS = [
    ("registered-people", "xlsx"),  # every person registered: ~28,600 rows at province scale
    ("registrations", "xlsx"),
    ("nominations", "xlsx"),
    ("initiatives", "xlsx"),
    # The PDFs the issue names: the province's registration summary and its nominations. The 28,600-person
    # list is measured in Excel only: its naive PDF table alone would take about 20 minutes and several GB.
    ("registrations", "pdf"),
    ("nominations", "pdf"),
]


def placeholders() -> dict[str, object]:
    """The values the paths name, read from the database measured (Django set up)."""
    from django.db.models import Count

    from awards.enums import DecisionKind
    from awards.models import CouncilSession, Decision, Dossier
    from departments.models import Unit
    from initiatives.models import EvaluationRound

    units = Unit.objects.filter(active=True).annotate(people=Count("staff")).filter(people__gt=0)
    big = units.order_by("-people", "display_order").first()
    small = units.order_by("people", "display_order").first()
    first = {"campaign__year": YEAR}
    return {
        "year": YEAR,
        "big": big.code,
        "small": small.code,
        "round": _pk(EvaluationRound.objects.filter(**first)),
        "dossier": _pk(Dossier.objects.filter(**first, unit=big)),
        "session": _pk(CouncilSession.objects.filter(**first)),
        "decision": _pk(Decision.objects.filter(**first, kind=DecisionKind.DECISION)),
    }


def _pk(queryset) -> int:
    # 0 when there is none: the page then answers 404, reported as such.
    row = queryset.order_by("pk").first()
    return row.pk if row else 0


def users(values: dict[str, object]) -> dict[str, object]:
    """The logins of the roles, in either set (the demo's and the scale set's usernames of the Director,
    the standing office and the first council member are the same; the secretaries are those of the
    units measured)."""
    from departments.models import User

    def secretary(code):
        return User.objects.filter(is_secretary=True, unit__code=code).order_by("pk").first()

    return {
        "director": User.objects.filter(is_director=True).order_by("pk").first(),
        "office": User.objects.filter(is_standing_office=True).order_by("pk").first(),
        "council": User.objects.filter(is_council_member=True).order_by("username").first(),
        "secretary_big": secretary(values["big"]),
        "secretary_small": secretary(values["small"]),
    }
