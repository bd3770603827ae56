import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Staff, Unit
from emulation.enums import (
    EDITABLE_REGISTRATION_STATES,
    DeadlineKind,
    DocumentProfile,
    Regime,
    RegistrationState,
    TitleCategory,
    TitleSubject,
)
from emulation.models import (
    Campaign,
    Deadline,
    Extension,
    Phase,
    Registration,
    RegistrationHistory,
    RegistrationLine,
    Target,
    Title,
)


def regime_for_year(year: int) -> Regime:
    # Luật Thi đua, khen thưởng 2022 took effect on 01/01/2024.
    return Regime.R2024 if year >= 2024 else Regime.R2017


def document_profile_for_year(year: int) -> DocumentProfile:
    # Nghị định 30/2020/NĐ-CP replaced Thông tư 01/2011/TT-BNV on 05/03/2020.
    return DocumentProfile.ND30_2020 if year >= 2020 else DocumentProfile.TT01_2011


def _shift_date(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 into a year without it
        return day.replace(year=day.year + years, day=28)


def _shift_datetime(moment: dt.datetime, years: int) -> dt.datetime:
    moment = timezone.localtime(moment)  # "00:00 of 15/01" is local midnight, not UTC
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


@transaction.atomic
def campaign_copy(
    *,
    source: Campaign,
    year: int,
    name: str = "",
    regime: str | None = None,
    document_profile: str | None = None,
) -> Campaign:
    """A campaign for `year` with the phases, deadlines and targets of `source` moved to that year.

    Nothing else is copied: the theme, slogan and legal basis belong to the new year's plan.
    Raises ValidationError, writing nothing, if a campaign for `year` exists.
    """
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError(_("A campaign for %(year)s already exists.") % {"year": year}, code="exists")
    shift = year - source.year
    campaign = Campaign(
        year=year,
        name=name or _("Emulation campaign %(year)s") % {"year": year},
        regime=regime or regime_for_year(year),
        document_profile=document_profile or document_profile_for_year(year),
        governing_body=source.governing_body,
        department_name=source.department_name,
        department_abbreviation=source.department_abbreviation,
        place_name=source.place_name,
    )
    campaign.full_clean()
    campaign.save()
    phases = {}
    for phase in source.phases.all():
        phases[phase.pk] = Phase.objects.create(
            campaign=campaign,
            number=phase.number,
            name=phase.name,
            starts_on=_shift_date(phase.starts_on, shift),
            ends_on=_shift_date(phase.ends_on, shift),
        )
    for deadline in source.deadlines.all():
        Deadline.objects.create(
            campaign=campaign,
            kind=deadline.kind,
            phase=phases.get(deadline.phase_id),
            due_at=_shift_datetime(deadline.due_at, shift),
        )
    for target in source.targets.prefetch_related("titles"):
        copy = Target.objects.create(
            campaign=campaign,
            code=target.code,
            display_order=target.display_order,
            text=target.text,
            measure=target.measure,
            comparison=target.comparison,
            value=target.value,
            note=target.note,
        )
        copy.titles.set(target.titles.all())
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, data: dict) -> Campaign:
    """Change a campaign's descriptive fields (plan, theme, slogan, issuing body, regime, closed)."""
    for field, value in data.items():
        setattr(campaign, field, value)
    campaign.full_clean()
    campaign.save()
    return campaign


# --- Deadlines and extensions ---------------------------------------------------------------------


def deadline_enforce(*, campaign: Campaign, kind: str, unit: Unit, phase: Phase | None = None) -> None:
    """Refuse (ValidationError, code "deadline_closed") when `kind` is closed for `unit` now.

    Open before the deadline's instant, or before the unit's active extension. The first action that
    passes only thanks to an extension marks it used, after which it can no longer be revoked.
    Call inside the transaction of the write it guards.
    """
    deadline = campaign.deadlines.filter(kind=kind, phase=phase).first()
    if deadline is None:
        return
    now = timezone.now()
    if now < deadline.due_at:
        return
    extension = (
        Extension.objects.select_for_update()
        .filter(deadline=deadline, unit=unit, revoked_at__isnull=True, due_at__gt=now)
        .first()
    )
    if extension is not None:
        if extension.used_at is None:
            Extension.objects.filter(pk=extension.pk, used_at__isnull=True).update(used_at=now)
        return
    raise ValidationError(
        _(
            "The deadline “%(what)s” has passed (before %(date)s). Nothing was saved. "
            "Ask the standing office for an extension if your unit needs one."
        )
        % {"what": deadline.get_kind_display(), "date": f"{deadline.before_date:%d/%m/%Y}"},
        code="deadline_closed",
    )


@transaction.atomic
def extension_grant(*, deadline: Deadline, unit: Unit, due_at: dt.datetime, reason: str, by) -> Extension:
    """Give `unit` until `due_at` for `deadline`. One active extension per unit and deadline."""
    if due_at <= deadline.due_at:
        raise ValidationError(
            {"due_at": _("The new closing time must be later than the deadline itself.")}, code="not_later"
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")}, code="no_reason")
    if (
        Extension.objects.select_for_update()
        .filter(deadline=deadline, unit=unit, revoked_at__isnull=True)
        .exists()
    ):
        raise ValidationError(
            _("%(unit)s already has an extension for this deadline: revoke it first.") % {"unit": unit},
            code="exists",
        )
    extension = Extension(deadline=deadline, unit=unit, due_at=due_at, reason=reason.strip(), granted_by=by)
    extension.full_clean()
    extension.save()
    return extension


@transaction.atomic
def extension_revoke(*, extension: Extension, by) -> Extension:
    """Withdraw an extension the unit has not used yet. Conditional update: a use in between wins."""
    updated = Extension.objects.filter(pk=extension.pk, revoked_at__isnull=True, used_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    if not updated:
        raise ValidationError(
            _("This extension was already used or revoked; it cannot be revoked."), code="not_revocable"
        )
    extension.refresh_from_db()
    return extension


# --- Registrations ---------------------------------------------------------------------------------

# (from, to) -> who may do it: "unit" (the unit's secretary, within the deadline) or "office".
REGISTRATION_TRANSITIONS = {
    (RegistrationState.DRAFT, RegistrationState.SUBMITTED): "unit",
    (RegistrationState.RETURNED, RegistrationState.SUBMITTED): "unit",
    (RegistrationState.SUBMITTED, RegistrationState.RETURNED): "office",
    (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED): "office",
    (RegistrationState.ACCEPTED, RegistrationState.RETURNED): "office",
}


@dataclass(frozen=True)
class LineInput:
    staff: Staff
    title: Title | None = None
    reward: Title | None = None
    note: str = ""


def _refuse_if_closed(campaign: Campaign) -> None:
    if campaign.closed:
        raise ValidationError(
            _("The %(year)s campaign is closed: nothing can be changed.") % {"year": campaign.year},
            code="closed",
        )


def _check_title(title: Title | None, *, subjects: tuple, category: str, label: str) -> None:
    if title is None:
        return
    if not title.active or title.subject not in subjects or title.category != category:
        raise ValidationError(
            _("“%(title)s” cannot be registered as %(label)s.") % {"title": title.name, "label": label},
            code="wrong_title",
        )


def _check_lines(*, unit: Unit, lines: list[LineInput], today: dt.date) -> None:
    seen = set()
    for line in lines:
        if line.staff.pk in seen:
            raise ValidationError(
                _("%(name)s is registered twice.") % {"name": line.staff.full_name}, code="duplicate"
            )
        seen.add(line.staff.pk)
        if line.staff.unit_id != unit.pk:
            raise ValidationError(
                _("%(name)s does not belong to %(unit)s.") % {"name": line.staff.full_name, "unit": unit},
                code="other_unit",
            )
        if line.staff.left_on is not None and line.staff.left_on < today:
            raise ValidationError(
                _("%(name)s left the unit on %(date)s and cannot be registered.")
                % {"name": line.staff.full_name, "date": f"{line.staff.left_on:%d/%m/%Y}"},
                code="left",
            )
        individual = (TitleSubject.INDIVIDUAL, TitleSubject.BOTH)
        _check_title(
            line.title,
            subjects=individual,
            category=TitleCategory.EMULATION_TITLE,
            label=_("an individual title"),
        )
        _check_title(
            line.reward,
            subjects=individual,
            category=TitleCategory.REWARD_FORM,
            label=_("an individual reward"),
        )


def _history(registration: Registration, *, by, from_state: str, to_state: str, comment: str = "") -> None:
    RegistrationHistory.objects.create(
        registration=registration, actor=by, from_state=from_state, to_state=to_state, comment=comment
    )


@transaction.atomic
def registration_save(
    *,
    campaign: Campaign,
    unit: Unit,
    by,
    version: int | None,
    collective_title: Title | None,
    collective_reward: Title | None,
    commitment: str,
    lines: list[LineInput],
) -> Registration:
    """Create or replace the unit's draft sheet. Refuses (nothing written) after the registration
    deadline, in a closed campaign, outside the editable states, on a stale `version`, or on bad lines."""
    if not by.has_perm("emulation.edit_registration", unit):
        raise PermissionDenied(_("You are not allowed to do this."))
    _refuse_if_closed(campaign)
    deadline_enforce(campaign=campaign, kind=DeadlineKind.REGISTRATION, unit=unit)
    collective = (TitleSubject.COLLECTIVE, TitleSubject.BOTH)
    _check_title(
        collective_title,
        subjects=collective,
        category=TitleCategory.EMULATION_TITLE,
        label=_("a collective title"),
    )
    _check_title(
        collective_reward,
        subjects=collective,
        category=TitleCategory.REWARD_FORM,
        label=_("a collective reward"),
    )
    _check_lines(unit=unit, lines=lines, today=timezone.localdate())
    registration = Registration.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    fields = {
        "collective_title": collective_title,
        "collective_reward": collective_reward,
        "commitment": commitment,
    }
    if registration is None:
        if version is not None:
            raise _stale_error()
        registration = Registration.objects.create(campaign=campaign, unit=unit, **fields)
        _history(registration, by=by, from_state="", to_state=RegistrationState.DRAFT)
    else:
        if registration.state not in EDITABLE_REGISTRATION_STATES:
            raise ValidationError(
                _("This registration is %(state)s and can no longer be edited.")
                % {"state": registration.get_state_display().lower()},
                code="not_editable",
            )
        if version != registration.version:
            raise _stale_error()
        Registration.objects.filter(pk=registration.pk).update(version=F("version") + 1, **fields)
        registration.lines.all().delete()
    RegistrationLine.objects.bulk_create(
        RegistrationLine(
            registration=registration, staff=line.staff, title=line.title, reward=line.reward, note=line.note
        )
        for line in lines
        if line.title or line.reward
    )
    registration.refresh_from_db()
    return registration


def _stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this registration while you were editing it. Your changes were not saved: "
            "reload the page, check their changes and enter yours again."
        ),
        code="stale",
    )


@transaction.atomic
def registration_transition(
    *, registration: Registration, to_state: str, by, comment: str = ""
) -> Registration:
    """The only way a registration changes state: checks REGISTRATION_TRANSITIONS, who acts, the deadline
    for the unit's moves; updates conditionally on the old state and writes the history row."""
    from_state = registration.state
    actor = REGISTRATION_TRANSITIONS.get((from_state, to_state))
    if actor is None:
        raise ValidationError(
            _("A registration that is %(from)s cannot become %(to)s.")
            % {
                "from": RegistrationState(from_state).label.lower(),
                "to": RegistrationState(to_state).label.lower(),
            },
            code="transition",
        )
    allowed = (
        by.has_perm("emulation.submit_registration", registration)
        if actor == "unit"
        else by.has_perm("emulation.review_registration", registration)
    )
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))
    if to_state == RegistrationState.RETURNED and not comment.strip():
        raise ValidationError({"comment": _("Say what the unit should change.")}, code="no_comment")
    if actor == "unit":
        _refuse_if_closed(registration.campaign)
        deadline_enforce(
            campaign=registration.campaign, kind=DeadlineKind.REGISTRATION, unit=registration.unit
        )
        if registration.collective_title_id is None and not registration.lines.exists():
            raise ValidationError(_("The registration is empty: register at least one title."), code="empty")
    changes = {"state": to_state, "version": F("version") + 1}
    if to_state == RegistrationState.SUBMITTED:
        changes["submitted_at"] = timezone.now()
    if not Registration.objects.filter(pk=registration.pk, state=from_state).update(**changes):
        raise ValidationError(
            _("Someone else changed this registration in the meantime. Reload the page."), code="stale"
        )
    _history(registration, by=by, from_state=from_state, to_state=to_state, comment=comment.strip())
    registration.refresh_from_db()
    return registration


@transaction.atomic
def registrations_mark_sent(*, campaign: Campaign, sent_on: dt.date, reference: str, by) -> Campaign:
    """Record that the registration summary went to Sở Nội vụ (date and document number)."""
    campaign.registrations_sent_on = sent_on
    campaign.registrations_sent_reference = reference.strip()
    campaign.registrations_sent_by = by
    campaign.full_clean()
    campaign.save(
        update_fields=["registrations_sent_on", "registrations_sent_reference", "registrations_sent_by"]
    )
    return campaign


@transaction.atomic
def deadline_set(
    *, campaign: Campaign, kind: str, before: dt.date, phase: Phase | None = None, description: str = ""
) -> Deadline:
    """Create or move a deadline of `campaign`. "Trước ngày X" closes at 00:00 of X, local time."""
    if phase is not None and phase.campaign_id != campaign.pk:
        raise ValidationError({"phase": _("The phase belongs to another campaign.")}, code="other_campaign")
    due_at = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    deadline = Deadline.objects.filter(campaign=campaign, kind=kind, phase=phase).first() or Deadline(
        campaign=campaign, kind=kind, phase=phase
    )
    deadline.due_at = due_at
    if description:
        deadline.description = description
    deadline.full_clean()
    deadline.save()
    return deadline
