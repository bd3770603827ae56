import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.eligibility import stale
from core.audit import update_logged
from core.errors import field_error, refuse_duplicate
from core.formats import vn_date
from core.locking import check_version, stale_error
from core.validators import check_document_number, check_past_date
from departments.models import Staff, Unit
from emulation.deadlines import refuse_if_closed, write_guard
from emulation.enums import (
    EDITABLE_REGISTRATION_STATES,
    DeadlineKind,
    DocumentProfile,
    Regime,
    RegistrationState,
    TitleCategory,
    TitleSubject,
)
from emulation.legal import campaign_rules, defaults_for, legal_basis_lines, regime_on
from emulation.models import (
    BlocMember,
    Campaign,
    CampaignRules,
    Deadline,
    EmulationBloc,
    Extension,
    PaperTemplate,
    Phase,
    Registration,
    RegistrationHistory,
    RegistrationLine,
    RewardCriteria,
    RuleChange,
    Target,
    Title,
)
from emulation.workflow import Step, Workflow
from notifications.services import registration_moved


def regime_for_year(year: int) -> Regime:
    """The regime a year's titles are judged by: the one in force on 31/12 of the year. The annual titles
    are reviewed and decided at the year end, on the year's whole record, so a 2025 campaign is judged under
    NĐ 152/2025 (in force from 01/07/2025) even though it started under NĐ 98/2023."""
    return regime_on(dt.date(year, 12, 31))


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

    The theme and slogan belong to the new year's plan; its legal basis starts as the "Căn cứ" lines of the
    new regime's texts, for the office to complete.
    Raises ValidationError, writing nothing, if a campaign for `year` exists.
    """
    exists = ValidationError(_("A campaign for %(year)s already exists.") % {"year": year}, code="exists")
    if Campaign.objects.filter(year=year).exists():
        raise exists
    shift = year - source.year
    campaign = Campaign(
        year=year,
        name=name or _("Emulation campaign %(year)s") % {"year": year},
        regime=regime or regime_for_year(year),
        document_profile=document_profile or document_profile_for_year(year),
    )
    campaign.legal_basis = legal_basis_lines(campaign.regime)
    campaign.full_clean()
    with refuse_duplicate(exists):
        campaign.save()
    # The new year starts from the source's legal parameters when the regime is the same, else from
    # the new regime's defaults (emulation.legal).
    if campaign.regime == source.regime:
        values = model_to_dict(campaign_rules(source), exclude=["id", "campaign", "version"])
    else:
        values = defaults_for(campaign.regime)
    CampaignRules.objects.create(campaign=campaign, **values)
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


@transaction.atomic
def extension_grant(*, deadline: Deadline, unit: Unit, due_at: dt.datetime, reason: str, by) -> Extension:
    """Give `unit` until `due_at` for `deadline`. One active extension per unit and deadline."""
    if due_at <= deadline.due_at:
        raise field_error(
            "due_at", _("The new closing time must be later than the deadline itself."), "not_later"
        )
    if not reason.strip():
        raise field_error("reason", _("Give the reason for the extension."), "no_reason")
    if due_at.year > deadline.campaign.year + 1:
        raise field_error(
            "due_at",
            _("An extension of the %(year)s campaign ends by 31/12/%(last)s at the latest.")
            % {"year": deadline.campaign.year, "last": deadline.campaign.year + 1},
            "too_late",
        )
    exists = ValidationError(
        _("%(unit)s already has an extension for this deadline: revoke it first.") % {"unit": unit},
        code="exists",
    )
    if Extension.objects.filter(deadline=deadline, unit=unit, revoked_at__isnull=True).exists():
        raise exists
    extension = Extension(deadline=deadline, unit=unit, due_at=due_at, reason=reason.strip(), granted_by=by)
    extension.full_clean()
    with refuse_duplicate(exists):
        extension.save()
    return extension


@transaction.atomic
def extension_revoke(*, extension: Extension, by) -> Extension:
    """Withdraw an extension the unit has not used yet. Conditional update: a use in between wins."""
    updated = update_logged(
        Extension.objects.filter(pk=extension.pk, revoked_at__isnull=True, used_at__isnull=True),
        revoked_at=timezone.now(),
        revoked_by=by,
    )
    if not updated:
        raise ValidationError(
            _("This extension was already used or revoked; it cannot be revoked."), code="not_revocable"
        )
    extension.refresh_from_db()
    return extension


# --- Registrations ---------------------------------------------------------------------------------


def _refuse_if_empty(registration: Registration) -> None:
    if registration.collective_title_id is None and not registration.lines.exists():
        raise ValidationError(_("The registration is empty: register at least one title."), code="empty")


R = RegistrationState
_UNIT, _OFFICE = "emulation.submit_registration", "emulation.review_registration"
REGISTRATION_WORKFLOW = Workflow(
    model=Registration,
    history=RegistrationHistory,
    states=RegistrationState,
    steps=[
        Step("submit", R.DRAFT, R.SUBMITTED, _UNIT, guarded=True, check=_refuse_if_empty),
        Step("submit", R.RETURNED, R.SUBMITTED, _UNIT, guarded=True, check=_refuse_if_empty),
        Step("withdraw", R.SUBMITTED, R.DRAFT, _UNIT, guarded=True),
        Step("return", R.SUBMITTED, R.RETURNED, _OFFICE, needs_comment=True),
        Step("accept", R.SUBMITTED, R.ACCEPTED, _OFFICE),
        Step("return", R.ACCEPTED, R.RETURNED, _OFFICE, needs_comment=True),
    ],
    editable=EDITABLE_REGISTRATION_STATES,
    edit_permission="emulation.edit_registration",
    edit_object=lambda registration: registration.unit,
    deadline=lambda registration: (DeadlineKind.REGISTRATION, registration.unit, None),
    noun=lambda: _("this registration"),
    notify=registration_moved,
)


@dataclass(frozen=True)
class LineInput:
    staff: Staff
    title: Title | None = None
    reward: Title | None = None
    note: str = ""


def _check_title(title: Title | None, *, subjects: tuple, category: str, label: str) -> None:
    if title is None:
        return
    if not title.active or title.subject not in subjects or title.category != category:
        raise ValidationError(
            _("“%(title)s” cannot be registered as %(label)s.") % {"title": title.name, "label": label},
            code="wrong_title",
        )


def _check_scope(*, lines: list[LineInput], scope: list[Staff]) -> None:
    """A save of one page may only write that page's lines: anything else would be lost or forged."""
    on_page = {person.pk for person in scope}
    for line in lines:
        if line.staff.pk not in on_page:
            raise ValidationError(
                _("%(name)s is not on this page of the sheet: nothing was saved. Reload the page.")
                % {"name": line.staff.full_name},
                code="off_page",
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
                % {"name": line.staff.full_name, "date": vn_date(line.staff.left_on)},
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
    scope: list[Staff] | None = None,
) -> Registration:
    """Create or replace the unit's draft sheet. `scope`: the staff whose lines this save replaces (one page
    of a big unit's sheet; the other pages' lines are kept); None replaces every line. Refuses (nothing
    written) after the registration deadline, in a closed campaign, outside the editable states, on a stale
    `version`, on bad lines, or on a line outside `scope`."""
    if not by.has_perm("emulation.edit_registration", unit):
        raise PermissionDenied(_("You are not allowed to do this."))
    write_guard(campaign=campaign, kind=DeadlineKind.REGISTRATION, unit=unit)
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
    if scope is not None:
        _check_scope(lines=lines, scope=scope)
    fields = {
        "collective_title": collective_title,
        "collective_reward": collective_reward,
        "commitment": commitment,
    }
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    if registration is None:
        if version is not None:
            raise stale_error()
        # A second first save at the same moment (a double click) finds the sheet the first one made.
        with refuse_duplicate(stale_error()):
            registration = Registration.objects.create(campaign=campaign, unit=unit, **fields)
        REGISTRATION_WORKFLOW.record(registration, by=by, from_state="", to_state=R.DRAFT)
    else:
        registration = REGISTRATION_WORKFLOW.lock_for_edit(registration, by=by, version=version)
        update_logged(Registration.objects.filter(pk=registration.pk), version=F("version") + 1, **fields)
    _replace_lines(registration, lines, scope)
    registration.refresh_from_db()
    return registration


def _replace_lines(registration: Registration, lines: list[LineInput], scope: list[Staff] | None) -> None:
    """Write the sheet's lines of `scope` (None: every line): a line that did not change is kept as it is,
    so that a save costs (and the audit trail records) only the lines that changed, not the whole unit."""
    kept = registration.lines.select_related("staff", "title", "reward", "registration")
    if scope is not None:
        kept = kept.filter(staff__in=[person.pk for person in scope])
    old = {line.staff_id: line for line in kept}
    new = {line.staff.pk: line for line in lines if line.title or line.reward}
    changed = {
        staff_id
        for staff_id, line in new.items()
        if staff_id not in old
        or (old[staff_id].title_id, old[staff_id].reward_id, old[staff_id].note)
        != (getattr(line.title, "pk", None), getattr(line.reward, "pk", None), line.note)
    }
    gone = [line.pk for staff_id, line in old.items() if staff_id not in new or staff_id in changed]
    if gone:
        # Each removal is an entry of the audit trail, which names the line: its staff and titles come along.
        kept.filter(pk__in=gone).delete()
    created = RegistrationLine.objects.bulk_create(
        RegistrationLine(
            registration=registration, staff=line.staff, title=line.title, reward=line.reward, note=line.note
        )
        for staff_id, line in new.items()
        if staff_id in changed
    )
    # A bulk insert sends no save signal: the stored eligibility verdicts of these people are stale.
    stale.mark_staff([line.staff_id for line in created])


def registration_transition(
    *, registration: Registration, to_state: str, by, comment: str = "", version: int | None = None
) -> Registration:
    """A registration's state change, through the registration workflow (see REGISTRATION_WORKFLOW)."""
    return REGISTRATION_WORKFLOW.transition(registration, to_state, by=by, comment=comment, version=version)


@transaction.atomic
def registrations_mark_sent(*, campaign: Campaign, sent_on: dt.date, reference: str, by) -> Campaign:
    """Record, once, that the registration summary went to Sở Nội vụ (date and document number)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    refuse_if_closed(campaign)
    if campaign.registrations_sent_on:
        raise ValidationError(
            _("It is already recorded that the summary was sent on %(date)s.")
            % {"date": vn_date(campaign.registrations_sent_on)},
            code="already_sent",
        )
    check_past_date(sent_on, field="sent_on", year=campaign.year)
    if reference.strip():
        check_document_number(reference, field="reference")
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
        raise field_error("phase", _("The phase belongs to another campaign."), "other_campaign")
    # A deadline of a year's campaign falls in that year, or in the one before or after it (a plan issued
    # in December, a report due in January). Year 1 or 9999 also cannot be shown in local time.
    if not campaign.year - 1 <= before.year <= campaign.year + 1:
        raise field_error(
            "before",
            _("A deadline of the %(year)s campaign must fall between %(first)s and %(last)s.")
            % {
                "year": campaign.year,
                "first": f"01/01/{campaign.year - 1}",
                "last": f"31/12/{campaign.year + 1}",
            },
            "out_of_range",
        )
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


@transaction.atomic
def campaign_rules_update(
    *, campaign: Campaign, data: dict, reason: str, by, version: int | None
) -> CampaignRules:
    """Change the legal parameters `campaign` is judged by, each change recorded with `reason`. Refused
    on a closed campaign, without a reason, or on a stale form (optimistic lock)."""
    if not by.has_perm("emulation.change_campaign"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(campaign)
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason for the change."), code="no_reason")}
        )
    rules = CampaignRules.objects.select_for_update().get(pk=campaign_rules(campaign).pk)
    check_version(rules, version)
    changes = [
        (field, getattr(rules, field), value)
        for field, value in data.items()
        if getattr(rules, field) != value
    ]
    if not changes:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    for field, _old, value in changes:
        setattr(rules, field, value)
    rules.version += 1
    rules.full_clean()
    rules.save()
    RuleChange.objects.bulk_create(
        RuleChange(
            rules=rules, field=field, old_value=str(old), new_value=str(new), reason=reason.strip(), by=by
        )
        for field, old, new in changes
    )
    return rules


# --- Blocs (khối, cụm thi đua) and reward criteria -----------------------------------------------------


# Far more than any bloc has members; keeps a typed rank inside the database's small integer.
MAX_RANK = 999


@dataclass(frozen=True)
class MemberInput:
    unit: Unit
    rank: int | None = None


def _check_members(campaign: Campaign, bloc: EmulationBloc | None, members: list[MemberInput]) -> None:
    units, ranks = set(), {}
    for member in members:
        if member.unit.pk in units:
            raise ValidationError(
                _("%(unit)s is listed twice.") % {"unit": member.unit}, code="duplicate_unit"
            )
        units.add(member.unit.pk)
        if member.rank is None:
            continue
        if not 1 <= member.rank <= MAX_RANK:
            raise ValidationError(
                _("The rank of %(unit)s must be between 1 and %(max)s.")
                % {"unit": member.unit, "max": MAX_RANK},
                code="bad_rank",
            )
        if member.rank in ranks:
            raise ValidationError(
                _("%(first)s and %(second)s cannot both have rank %(rank)s.")
                % {"first": ranks[member.rank], "second": member.unit, "rank": member.rank},
                code="duplicate_rank",
            )
        ranks[member.rank] = member.unit
    elsewhere = BlocMember.objects.filter(campaign=campaign, unit__in=units).select_related("unit", "bloc")
    if bloc is not None:
        elsewhere = elsewhere.exclude(bloc=bloc)
    for member in elsewhere[:1]:
        raise ValidationError(
            _("%(unit)s is already in “%(bloc)s”: a unit can be in only one bloc of a campaign.")
            % {"unit": member.unit, "bloc": member.bloc},
            code="other_bloc",
        )


@transaction.atomic
def bloc_save(
    *,
    campaign: Campaign,
    bloc: EmulationBloc | None,
    name: str,
    kind: str,
    note: str,
    members: list[MemberInput],
    by,
) -> EmulationBloc:
    """Create (`bloc` None) or change a khối/cụm thi đua of `campaign` with its member units and their ranks,
    all at once: the members given replace the old ones. Refused, nothing written, on a closed campaign, a
    unit listed twice or already in another bloc of the campaign, a rank below 1 or given twice."""
    if not by.has_perm("emulation.manage_blocs"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(campaign)
    if bloc is not None and bloc.campaign_id != campaign.pk:
        raise ValidationError(_("The bloc belongs to another campaign."), code="other_campaign")
    _check_members(campaign, bloc, members)
    bloc = bloc or EmulationBloc(campaign=campaign)
    bloc.name, bloc.kind, bloc.note = name.strip(), kind, note.strip()
    bloc.full_clean()
    # Two offices saving at once pass the checks above together; the unique constraints stop the second.
    with refuse_duplicate(
        ValidationError(_("The blocs were changed meanwhile. Reload the page and try again."), code="race")
    ):
        bloc.save()
        bloc.members.all().delete()
        BlocMember.objects.bulk_create(
            BlocMember(bloc=bloc, campaign=campaign, unit=m.unit, rank=m.rank) for m in members
        )
    return bloc


@transaction.atomic
def bloc_delete(*, bloc: EmulationBloc, by) -> None:
    if not by.has_perm("emulation.manage_blocs"):
        raise PermissionDenied(_("You are not allowed to do this."))
    refuse_if_closed(bloc.campaign)
    bloc.delete()


@transaction.atomic
def criteria_save(*, criteria: RewardCriteria | None, data: dict, by) -> RewardCriteria:
    """Create (`criteria` None) or change the criteria of a reward set by a provincial decision. Refused,
    nothing written, without the decision's number or the criteria's text, or for a title and subject that
    already have criteria from the same date."""
    if not by.has_perm("emulation.manage_criteria"):
        raise PermissionDenied(_("You are not allowed to do this."))
    criteria = criteria or RewardCriteria()
    for field, value in data.items():
        setattr(criteria, field, value.strip() if isinstance(value, str) else value)
    if not criteria.decision_number:
        raise field_error(
            "decision_number", _("Give the number of the decision that sets the criteria."), "no_decision"
        )
    criteria.full_clean()
    with refuse_duplicate(
        ValidationError(_("Criteria of this reward from this date already exist."), code="exists")
    ):
        criteria.save()
    return criteria


# --- The texts of the papers (issue 10) -----------------------------------------------------------------


@transaction.atomic
def paper_template_save(
    *, kind: str, key: str, valid_from: dt.date, text: str, note: str = "", by
) -> PaperTemplate:
    """A new version of a paper's text (core.papers.templates.TEMPLATE_KINDS), in force from `valid_from`:
    papers dated from then use it, earlier ones keep theirs. Refused, nothing written, for an unknown kind,
    a title the kind does not take, a placeholder the paper does not fill, or a second version of the same
    day."""
    from core.papers.templates import TEMPLATE_KINDS, check_kind_text

    if not by.has_perm("emulation.manage_paper_templates"):
        raise PermissionDenied(_("You are not allowed to do this."))
    check_kind_text(kind, text)
    if TEMPLATE_KINDS[kind].per_title:
        if not Title.objects.filter(code=key).exists():
            raise field_error("key", _("Choose the title this text is for."), "no_title")
    else:
        key = ""
    template = PaperTemplate(kind=kind, key=key, valid_from=valid_from, text=text.strip(), note=note.strip())
    template.full_clean()
    template.save()
    return template
