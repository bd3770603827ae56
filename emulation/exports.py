"""Reports of the campaign app: each builds a documents.Document from the database."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.exports import _in_sentence
from core.documents import Column, Document
from core.formats import vn_date
from departments.models import Unit
from departments.selectors import department_on, unit_names_on
from emulation.enums import CSTDCS_OR_HIGHER, DeadlineKind, RegistrationState, TitleCode
from emulation.models import Campaign, Registration, RegistrationLine, Title
from emulation.selectors import (
    SENT_REGISTRATION_STATES,
    department_award_titles,
    extensions_of,
    registration_overview,
)


def _names(registration, codes) -> str:
    return "; ".join(
        line.staff.full_name for line in registration.lines.all() if line.title and line.title.code in codes
    )


def registrations_document(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Document:
    """Bảng tổng hợp đăng ký thi đua: the report to Sở Nội vụ (plan III.1 and III.3). Only sheets sent to
    the standing office count; a returned sheet is listed, flagged and not counted; a draft is the unit's
    own. The Department's own registration (its Cờ thi đua, from the plan) comes first. Dated `on_date`
    (default: the day the summary was sent, else today)."""
    units = Unit.objects.filter(pk=unit.pk) if unit else Unit.objects.all()
    rows, totals = registration_overview(campaign, units, sent_only=True)
    # The paper names the units (and the Department) as they were called on its date.
    day = on_date or campaign.registrations_sent_on or timezone.localdate()
    issuer = department_on(day)
    names = unit_names_on(day)
    # The named people of every sheet in one query, not one per unit.
    sheets = {
        registration.unit_id: registration
        for registration in Registration.objects.filter(campaign=campaign, unit__in=units).prefetch_related(
            "lines__staff", "lines__title"
        )
    }
    table = []
    flags = department_award_titles(campaign) if unit is None else []
    if flags:
        table.append(
            [
                None,
                _("%(department)s (the Department as a collective)")
                % {"department": _in_sentence(issuer.name)},
                None,
                _(" or ").join(title.short_name for title in flags),
                None,
                None,
                "",
                "",
                None,
                None,
                _("Registered in the emulation plan %(number)s") % {"number": campaign.plan_number}
                if campaign.plan_number
                else _("Registered in the emulation plan"),
            ]
        )
    for number, row in enumerate(rows, start=1):
        registration = sheets.get(row.unit.pk)
        if registration is not None and registration.state not in SENT_REGISTRATION_STATES:
            registration = None  # a draft or a returned sheet: listed, not counted
        collective = (
            [row.registration.collective_title, row.registration.collective_reward] if registration else []
        )
        notes = [str(row.state_label)]
        if row.registration and row.registration.state == RegistrationState.RETURNED:
            notes = [_("returned: not counted until it is sent again")]
        if row.extension:
            notes.append(_("extended to %(date)s") % {"date": vn_date(row.extension.due_at)})
        table.append(
            [
                number,
                names.get(row.unit.pk, row.unit.name),
                row.staff_count,
                ", ".join(title.short_name for title in collective if title),
                row.counts["ldtt"],
                row.counts["cstdcs"],
                _names(registration, CSTDCS_OR_HIGHER) if registration else "",
                _names(registration, (TitleCode.CSTD_TINH,)) if registration else "",
                row.counts["giay_khen"],
                row.counts["bang_khen"],
                "; ".join(notes),
            ]
        )
    total_row = [
        "",
        _("Total"),
        totals["staff"],
        _("%(ttldtt)s units registered for TTLĐTT, of which %(ttldxs)s for TTLĐXS")
        % {"ttldtt": totals["ttldtt_units"], "ttldxs": totals["ttldxs_units"]},
        totals["ldtt"],
        totals["cstdcs"],
        "",
        "",
        totals["giay_khen"],
        totals["bang_khen"],
        "",
    ]
    notes = [
        _("Extension for %(unit)s to %(date)s: %(reason)s (granted by %(by)s on %(granted)s%(revoked)s).")
        % {
            "unit": extension.unit.name,
            "date": vn_date(extension.due_at, with_time=True),
            "reason": extension.reason,
            "by": extension.granted_by,
            "granted": vn_date(extension.granted_at),
            "revoked": _(", revoked") if extension.revoked_at else "",
        }
        for extension in extensions_of(campaign).filter(deadline__kind=DeadlineKind.REGISTRATION)
        if unit is None or extension.unit_id == unit.pk
    ]
    # Each warning names its unit: the reader of the summary sees every unit's line.
    notes += [
        f"{names.get(row.unit.pk, row.unit.name)}: {warning.message} ({warning.citation})"
        for row in rows
        for warning in row.warnings
    ]
    if unit is None:
        notes += [
            f"{_('Whole Department')}: {warning.message} ({warning.citation})"
            for warning in totals["warnings"]
        ]
    return Document(
        issuer=issuer,
        title=_("SUMMARY OF EMULATION REGISTRATIONS FOR %(year)s") % {"year": campaign.year},
        subtitle=names.get(unit.pk, unit.name) if unit else _("All units of the Department"),
        number=f"Số:      /BC-{issuer.abbreviation}",
        columns=[
            Column(_("No."), 5, numeric=True),
            Column(_("Unit"), 30),
            Column(_("Total staff (CBCCVC-NLĐ)"), 10, numeric=True),
            Column(_("Collective registration"), 18),
            Column("LĐTT", 8, numeric=True),
            Column(_("CSTĐCS (number)"), 10, numeric=True),
            Column(_("CSTĐCS (names)"), 26),
            Column(_("Provincial CSTĐ (names)"), 20),
            Column(_("Certificates of Merit"), 10, numeric=True),
            Column(_("Certificates of Commendation"), 11, numeric=True),
            Column(_("Notes"), 18),
        ],
        rows=table,
        totals=total_row,
        notes=notes,
        date=day,
        recipients=[_("Department of Home Affairs (Emulation Board)"), _("Archive: Office")],
    )


def registered_people_document(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Document:
    """Danh sách cá nhân đăng ký thi đua: every person registered on a sheet sent to the standing office,
    one row each, unit by unit (the summary above counts them; this names them). A province's list runs to
    tens of thousands of rows: read as tuples in one query, no model instances."""
    day = on_date or campaign.registrations_sent_on or timezone.localdate()
    issuer = department_on(day)
    names = unit_names_on(day)
    titles = {title.pk: title.short_name for title in Title.objects.all()}
    lines = RegistrationLine.objects.filter(
        registration__campaign=campaign, registration__state__in=SENT_REGISTRATION_STATES
    )
    if unit is not None:
        lines = lines.filter(registration__unit=unit)
    rows = [
        [
            number,
            full_name,
            position,
            names.get(unit_id, unit_name),
            titles.get(title_id, ""),
            titles.get(reward_id, ""),
            note,
        ]
        for number, (full_name, position, unit_id, unit_name, title_id, reward_id, note) in enumerate(
            lines.order_by(
                "registration__unit__display_order", *RegistrationLine._meta.ordering[1:]
            ).values_list(
                "staff__full_name",
                "staff__position",
                "registration__unit_id",
                "registration__unit__name",
                "title_id",
                "reward_id",
                "note",
            ),
            start=1,
        )
    ]
    return Document(
        issuer=issuer,
        title=_("LIST OF PERSONS REGISTERED FOR EMULATION IN %(year)s") % {"year": campaign.year},
        subtitle=names.get(unit.pk, unit.name) if unit else _("All units of the Department"),
        number=f"Số:      /DS-{issuer.abbreviation}",
        columns=[
            Column(_("No."), 6, numeric=True),
            Column(_("Full name"), 24),
            Column(_("Position"), 18),
            Column(_("Unit"), 30),
            Column(_("Title registered"), 12),
            Column(_("Form of reward registered"), 14),
            Column(_("Notes"), 18),
        ],
        rows=rows,
        date=day,
        recipients=[_("Archive: Office")],
    )
