"""The awards reports: the targets, the nominations, a decision's annex, the decisions, the council's
minutes. Each builds a documents.Document from the database."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import DecisionKind, DossierState
from awards.models import BallotReceipt, CouncilSession, Decision, ExemplaryModel, Nominee
from awards.selectors import achieved_totals, session_nominees
from core.documents import Column, Document
from core.formats import vn_date
from core.papers.model import Column as PaperColumn
from core.papers.model import Group, Paper, Paragraph, Signature, Table
from departments.models import Unit
from departments.selectors import department_on, unit_names_on
from emulation.enums import CSTDCS_OR_HIGHER, Comparison
from emulation.models import Campaign
from emulation.selectors import SENT_REGISTRATION_STATES, registration_overview, target_figures


def _figure(item) -> str:
    if item.figure is None:
        return "—"
    text = f"{item.figure.normalize():f}".replace(".", ",")
    return f"{text}%" if item.target.is_percentage else text


# How a target reads, from its comparison (the data says whether it is a floor to reach or a ceiling not to
# pass): (the words before the value, the assessment when the figure satisfies it, when it does not).
DIRECTION = {
    Comparison.AT_LEAST: (
        gettext_lazy("no less than"),
        gettext_lazy("reached"),
        gettext_lazy("not reached"),
    ),
    Comparison.MORE_THAN: (
        gettext_lazy("more than"),
        gettext_lazy("reached"),
        gettext_lazy("not reached"),
    ),
    Comparison.AT_MOST: (
        gettext_lazy("no more than"),
        gettext_lazy("within the limit"),
        gettext_lazy("over the limit"),
    ),
    Comparison.LESS_THAN: (
        gettext_lazy("less than"),
        gettext_lazy("within the limit"),
        gettext_lazy("over the limit"),
    ),
}


def _requirement(target) -> str:
    words = DIRECTION[target.comparison][0]
    value = f"{target.value.normalize():f}".replace(".", ",")
    return f"{words} {value}{'%' if target.is_percentage else ''}"


def _status(item) -> str:
    if item.met is None:
        return ""
    _words, satisfied, unsatisfied = DIRECTION[item.target.comparison]
    return str(satisfied if item.met else unsatisfied)


def _exemplary_notes(campaign: Campaign, unit: Unit | None) -> list[str]:
    """The exemplary models the Director selected for the year (plan II.2.6), listed in the report."""
    models = ExemplaryModel.objects.filter(campaign=campaign, selected_on__isnull=False).select_related(
        "unit", "staff"
    )
    if unit is not None:
        models = models.filter(unit=unit)
    return [
        _("Exemplary model %(year)s: %(who)s — %(what)s")
        % {
            "year": campaign.year,
            "who": model.staff.full_name if model.staff else model.unit.name,
            "what": model.description,
        }
        for model in models
    ]


def targets_document(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Paper:
    """Báo cáo kết quả thực hiện chỉ tiêu thi đua: each target of the plan with what the sent sheets
    registered and what the reward history records, assessed in the target's own direction (a floor to
    reach or a ceiling, from its comparison); then the same per unit, with totals. Dated `on_date`."""
    units = Unit.objects.filter(pk=unit.pk) if unit else Unit.objects.all()
    registered_rows, registered = registration_overview(campaign, units, sent_only=True)
    achieved_rows, achieved = achieved_totals(campaign, units)
    target_rows = [
        [number, reg.target.text, _requirement(reg.target), _figure(reg), _figure(ach), _status(ach)]
        for number, (reg, ach) in enumerate(
            zip(target_figures(campaign, registered), target_figures(campaign, achieved), strict=True),
            start=1,
        )
    ]
    day = on_date or timezone.localdate()
    issuer = department_on(day)
    names = unit_names_on(day)
    by_unit = {row.unit.pk: row for row in registered_rows}
    unit_rows = []
    for number, ach in enumerate(achieved_rows, start=1):
        reg = by_unit.get(ach["unit"].pk)
        sheet = reg.registration if reg else None
        sent = sheet is not None and sheet.state in SENT_REGISTRATION_STATES
        sheet_title = sheet.collective_title if sent else None
        achieved_title = (
            "Tập thể LĐXS"
            if ach["counts"]["ttldxs_units"]
            else "Tập thể LĐTT"
            if ach["counts"]["ttldtt_units"]
            else ""
        )
        unit_rows.append(
            [
                number,
                names.get(ach["unit"].pk, ach["unit"].name),
                reg.staff_count if reg else 0,
                sheet_title.short_name if sheet_title else "",
                achieved_title,
                reg.counts["ldtt"] if reg else 0,
                ach["counts"]["ldtt"],
                reg.counts["cstdcs"] if reg else 0,
                ach["counts"]["cstdcs"],
                ach["counts"]["cstd_tinh"],
            ]
        )
    targets_table = Table.simple(
        [
            PaperColumn(_("No."), 5, numeric=True),
            PaperColumn(_("Target"), 46),
            PaperColumn(_("Target value"), 14),
            PaperColumn(_("Registered"), 11, numeric=True),
            PaperColumn(_("Achieved"), 11, numeric=True),
            PaperColumn(_("Assessment"), 14),
        ],
        target_rows,
        sheet_name=_("Targets"),
    )
    counted = {"numeric": True, "total": True}
    units_table = Table.simple(
        [
            PaperColumn(_("No."), 5, numeric=True),
            PaperColumn(_("Unit"), 26),
            PaperColumn(_("Staff"), 9, **counted),
            PaperColumn(_("Collective title registered"), 13),
            PaperColumn(_("Collective title achieved"), 13),
            PaperColumn(_("LĐTT registered"), 10, **counted),
            PaperColumn(_("LĐTT achieved"), 10, **counted),
            PaperColumn(_("CSTĐCS registered"), 10, **counted),
            PaperColumn(_("CSTĐCS achieved"), 10, **counted),
            PaperColumn(_("Provincial CSTĐ achieved"), 10, **counted),
        ],
        unit_rows,
        total_label=_("Total"),
        sheet_name=_("By unit"),
    )
    who = names.get(unit.pk, unit.name) if unit else _("All units of the Department")
    blocks = [
        Paragraph(_("I. The plan's targets"), bold=True, indent=False, align="left"),
        targets_table,
        Paragraph(_("II. By unit"), bold=True, indent=False, align="left"),
        units_table,
        *(Paragraph(note, indent=False, italic=True) for note in _exemplary_notes(campaign, unit)),
    ]
    return Paper(
        issuer=issuer,
        number=f"Số:      /BC-{issuer.abbreviation}",
        date=day,
        kind=_("RESULTS AGAINST THE EMULATION TARGETS OF %(year)s") % {"year": campaign.year},
        summary=str(who),
        blocks=blocks,
        signatures=[Signature("", "GIÁM ĐỐC", "")],
        recipients=[_("Department of Home Affairs (Emulation Board)"), _("Archive: Office")],
        landscape=True,
        filename=f"chi-tieu-thi-dua-{campaign.year}",
    )


# --- Nominations, decisions, the council's minutes ------------------------------------------------------

NOT_YET_SUBMITTED = (DossierState.DRAFT, DossierState.RETURNED, DossierState.WITHDRAWN)


def _share(yes: int | None, base: int | None) -> Decimal | int | None:
    """The share of votes for, in percent to one decimal (half up); a whole number stays whole."""
    if yes is None or not base:
        return None
    value = (Decimal(yes) * 100 / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else value


def _percent_text(yes: int | None, base: int | None) -> str:
    """The share as text with a Vietnamese decimal comma ("66,7%"); empty before the vote."""
    value = _share(yes, base)
    return "" if value is None else f"{value}%".replace(".", ",")


def _in_sentence(name: str) -> str:
    """The Department's name as written inside a sentence: "SỞ TƯ PHÁP" -> "Sở Tư pháp"."""
    if not name.isupper():
        return name
    words = name.lower().split()
    capital = {0} | {i + 1 for i, word in enumerate(words) if word in ("sở", "và")}
    return " ".join(word[:1].upper() + word[1:] if i in capital else word for i, word in enumerate(words))


def _unit_order(queryset):
    return queryset.order_by("dossier__unit__display_order", "dossier__pk", "title__display_order", "pk")


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def roman(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def _evidence(nominee) -> str:
    """The initiative (or research) a nominee's title rests on, with the decision recognising it; a
    Chiến sĩ thi đua nominee without one says so (the title needs it: NĐ 91/2017 Art 9, Luật 2022 Art 23)."""
    initiative, research = nominee.initiative, nominee.research
    evidence = []
    if initiative:
        numbers = ", ".join(filter(None, [initiative.decision_number, initiative.provincial_decision_number]))
        evidence.append(f"{initiative.title} ({numbers})" if numbers else initiative.title)
    if research:
        evidence.append(f"{research.title} ({research.acceptance_decision_number})")
    if not evidence and nominee.title.code in CSTDCS_OR_HIGHER:
        return _("no initiative given")
    return "; ".join(evidence)


def nominations_document(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Paper:
    """Danh sách đề nghị khen thưởng (DOMAIN.md §5): every nominee of the dossiers submitted or later,
    grouped by the title proposed (a heading and a subtotal each), each Chiến sĩ thi đua nominee with the
    initiative the title rests on. Dated `on_date` (default today)."""
    nominees = (
        Nominee.objects.filter(dossier__campaign=campaign)
        .exclude(dossier__state__in=NOT_YET_SUBMITTED)
        .select_related("dossier__unit", "staff", "title", "initiative", "research")
        .order_by("title__display_order", "title__code", "dossier__unit__display_order", "dossier__pk", "pk")
    )
    if unit:
        nominees = nominees.filter(dossier__unit=unit)
    day = on_date or timezone.localdate()
    issuer = department_on(day)
    names = unit_names_on(day)
    groups: list[Group] = []
    number = 0
    for title, members in groupby(nominees, key=lambda nominee: nominee.title):
        rows = []
        for nominee in members:
            number += 1
            notes = [nominee.dossier.get_state_display()]
            if nominee.meeting_votes is not None and nominee.dossier.meeting_present:
                notes.append(
                    _("unit meeting: %(votes)s of %(present)s votes")
                    % {"votes": nominee.meeting_votes, "present": nominee.dossier.meeting_present}
                )
            if nominee.override_reason:
                notes.append(
                    _("Passed by the standing office: %(reason)s") % {"reason": nominee.override_reason}
                )
            rows.append(
                [
                    number,
                    nominee.name,
                    nominee.staff.position if nominee.staff_id else "",
                    names.get(nominee.dossier.unit_id, nominee.dossier.unit.name),
                    nominee.task_grade,
                    _evidence(nominee),
                    _percent_text(nominee.votes_yes, nominee.votes_base),
                    1,
                    "; ".join(str(note) for note in notes),
                ]
            )
        groups.append(Group(f"{roman(len(groups) + 1)}. {title.name}", rows))
    who = names.get(unit.pk, unit.name) if unit else _("All units of the Department")
    table = Table(
        columns=[
            PaperColumn(_("No."), 5, numeric=True),
            PaperColumn(_("Full name (or collective)"), 24),
            PaperColumn(_("Position"), 14),
            PaperColumn(_("Unit"), 18),
            PaperColumn(_("Task performance grade"), 10),
            PaperColumn(_("Initiative or research (name, number of the decision)"), 28),
            PaperColumn(_("Ballot result (%)"), 10),
            PaperColumn(_("Number"), 8, numeric=True, total=True),
            PaperColumn(_("Notes"), 20),
        ],
        groups=groups,
        total_label=_("Total"),
        subtotal_label=_("Subtotal"),
        sheet_name=_("Nominations"),
    )
    return Paper(
        issuer=issuer,
        number=f"Số:      /DS-{issuer.abbreviation}",
        date=day,
        kind=_("LIST OF NOMINATIONS FOR REWARDS %(year)s") % {"year": campaign.year},
        summary=str(who),
        blocks=[table],
        signatures=[Signature("", "GIÁM ĐỐC", "")],
        recipients=[_("Archive: Office")],
        landscape=True,
        filename=f"danh-sach-de-nghi-khen-thuong-{campaign.year}",
    )


def decision_document(decision: Decision) -> Document:
    """The annex of a decision (the people and units rewarded) or of a tờ trình (those proposed)."""
    nominees = decision.nominees.select_related("dossier__unit", "staff", "title").order_by(
        "title__display_order", "title__code", "dossier__unit__display_order", "dossier__pk", "pk"
    )
    # The units as they were called on the decision's date.
    names = unit_names_on(decision.issued_on)
    rows = [
        [
            number,
            nominee.name,
            nominee.staff.position if nominee.staff_id else "",
            names.get(nominee.dossier.unit_id, nominee.dossier.unit.name),
            nominee.title.name,
        ]
        for number, nominee in enumerate(nominees, start=1)
    ]
    people = sum(1 for nominee in nominees if nominee.staff_id)
    day = decision.issued_on
    issuer = department_on(day)
    values = {
        "reference": decision.reference,
        "date": vn_date(decision.issued_on),
        "department": _in_sentence(issuer.name),
    }
    if decision.kind == DecisionKind.DECISION:
        title = _("LIST OF REWARDS")
        subtitle = _("(Attached to Decision No. %(reference)s of %(date)s of the Director of %(department)s)")
        recipients = [_("Archive: Office")]
    else:
        title = _("LIST OF NOMINEES PROPOSED FOR REWARDS BY THE HIGHER LEVEL")
        subtitle = _("(Attached to Submission No. %(reference)s of %(date)s of %(department)s)")
        recipients = [_("Department of Home Affairs (Emulation Board)"), _("Archive: Office")]
    return Document(
        issuer=issuer,
        title=title,
        subtitle=subtitle % values,
        number=f"Số: {decision.reference}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Full name (or collective)"), 28),
            Column(_("Position"), 18),
            Column(_("Unit"), 24),
            Column(_("Title or form of reward"), 28),
        ],
        rows=rows,
        notes=[
            _("In all: %(people)s individuals and %(units)s collectives.")
            % {"people": people, "units": len(rows) - people},
            # The signature block holds one line (the PDF collapses line breaks): the name goes here.
            _("Signed by: %(name)s") % {"name": decision.signer},
        ],
        date=day,
        signer_title=decision.signer_title or "GIÁM ĐỐC",
        recipients=recipients,
    )


def decisions_document(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Document:
    """The campaign's decisions and submissions, with how many people and units each names; dated
    `on_date` (default today)."""
    nominees = Nominee.objects.filter(decision=OuterRef("pk"))
    if unit:
        nominees = nominees.filter(dossier__unit=unit)
    counted = nominees.order_by().values("decision").annotate(count=Count("pk")).values("count")
    decisions = (
        Decision.objects.filter(campaign=campaign)
        .annotate(rewarded=Coalesce(Subquery(counted), 0))
        .order_by("issued_on", "kind", "number")
    )
    if unit:
        decisions = decisions.filter(rewarded__gt=0)
    kinds = {DecisionKind.DECISION: _("Decision"), DecisionKind.SUBMISSION: _("Submission")}
    rows = [
        [
            number,
            decision.reference,
            vn_date(decision.issued_on),
            kinds[decision.kind],
            decision.signer,
            decision.rewarded,
        ]
        for number, decision in enumerate(decisions, start=1)
    ]
    day = on_date or timezone.localdate()
    issuer = department_on(day)
    return Document(
        issuer=issuer,
        title=_("LIST OF DECISIONS AND SUBMISSIONS ON REWARDS %(year)s") % {"year": campaign.year},
        subtitle=unit.name if unit else _("All units of the Department"),
        number=f"Số:      /DS-{issuer.abbreviation}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Number and symbol"), 16),
            Column(_("Date"), 12),
            Column(_("Kind"), 14),
            Column(_("Signed by"), 22),
            Column(_("People and collectives rewarded"), 14, numeric=True),
        ],
        rows=rows,
        totals=["", _("Total"), "", "", "", sum(row[-1] for row in rows)],
        date=day,
        recipients=[_("Archive: Office")],
    )


def minutes_document(session: CouncilSession) -> Document:
    """Biên bản và kết quả bỏ phiếu kín: the tally of each nominee, never who voted how (nothing in the
    database says it, and nothing here names a member)."""
    values = {
        "name": session.name,
        "date": vn_date(session.held_on),
        "members": session.members.count(),
        "present": session.present.count(),
        "voted": BallotReceipt.objects.filter(session=session).count(),
    }
    if session.paper_ballot:
        subtitle = _(
            "%(name)s, held on %(date)s: %(members)s members convened, %(present)s present, paper ballot."
        )
    else:
        subtitle = _(
            "%(name)s, held on %(date)s: %(members)s members convened, %(present)s present, %(voted)s voted."
        )
    closed = not session.is_open
    rows = []
    for number, nominee in enumerate(_unit_order(session_nominees(session)), start=1):
        result = ""
        if closed and nominee.council_passed is not None:
            result = _("Passed") if nominee.council_passed else _("Not passed")
        rows.append(
            [
                number,
                nominee.name,
                nominee.dossier.unit.name,
                nominee.title.name,
                nominee.votes_yes,
                nominee.votes_no,
                nominee.votes_blank,
                _share(nominee.votes_yes, nominee.votes_base),
                result,
            ]
        )
    if closed:
        notes = [
            _("Ballot closed at %(time)s.")
            % {"time": f"{timezone.localtime(session.closed_at):%H:%M %d/%m/%Y}"}
        ]
    else:
        notes = [_("The ballot is still open: the results are not final.")]
    day = session.held_on
    issuer = department_on(day)
    return Document(
        issuer=issuer,
        title=_("MINUTES AND RESULTS OF THE SECRET BALLOT"),
        subtitle=subtitle % values,
        number=f"Số:      /BB-{issuer.abbreviation}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Full name (or collective)"), 24),
            Column(_("Unit"), 18),
            Column(_("Title proposed"), 22),
            Column(_("Agree"), 9, numeric=True),
            Column(_("Disagree"), 9, numeric=True),
            Column(_("Blank ballots"), 9, numeric=True),
            Column(_("Share agreeing (%)"), 10, numeric=True),
            Column(_("Result"), 11),
        ],
        rows=rows,
        notes=notes,
        date=day,
        signer_title=_("CHAIRMAN OF THE COUNCIL"),
        recipients=[_("Archive: Office")],
    )


def _predecessor_note(record, owner) -> str:
    """A unit's record inherited from a unit merged or split into it says whose it was."""
    if isinstance(owner, Unit) and record.unit_id and record.unit_id != owner.pk:
        return "; ".join(filter(None, [record.note, _("predecessor: %(name)s") % {"name": record.unit.name}]))
    return record.note


def reward_history_document(owner, records) -> Document:
    """A person's or a unit's titles and rewards over the years, as the office prints it on request."""
    rows = [
        [
            number,
            record.year,
            record.title.name,
            record.decision_number,
            vn_date(record.decision_date),
            record.issued_by,
            _predecessor_note(record, owner),
        ]
        for number, record in enumerate(records, start=1)
    ]
    day = timezone.localdate()
    issuer = department_on(day)
    return Document(
        issuer=issuer,
        title=_("TITLES AND REWARDS RECEIVED"),
        subtitle=str(owner) if isinstance(owner, Unit) else f"{owner} — {owner.unit}",
        number=f"Số:      /BC-{issuer.abbreviation}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Year"), 7, numeric=True),
            Column(_("Title or form of reward"), 34),
            Column(_("Decision number"), 16),
            Column(_("Decision date"), 12),
            Column(_("Issued by"), 22),
            Column(_("Note"), 20),
        ],
        rows=rows,
        date=day,
        landscape=False,
        recipients=[_("Archive: Office")],
    )
