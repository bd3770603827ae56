"""What waits for a user: each role's work queue, counted from every app, with the page to open."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.enums import DirectorDecision, DossierState
from awards.models import BallotReceipt, CouncilSession, Dossier, ExemplaryModel, Nominee
from awards.selectors import dossiers_visible_to
from departments.models import Unit
from emulation.deadlines import deadline_status, status_of
from emulation.enums import DeadlineKind, RegistrationState
from emulation.models import Campaign, Extension, Registration
from initiatives.enums import InitiativeState
from initiatives.models import Initiative, Score
from initiatives.selectors import excluded_member_ids


@dataclass(frozen=True)
class QueueItem:
    label: str
    count: int
    url: str
    detail: str = ""
    urgent: bool = False  # returned to the unit, or a deadline within a week


def _item(label, count, url, **extra) -> list[QueueItem]:
    return [QueueItem(label, count, url, **extra)] if count else []


def _director(campaign: Campaign) -> list[QueueItem]:
    voted = Nominee.objects.filter(dossier__campaign=campaign, dossier__state=DossierState.VOTED)
    to_approve = voted.filter(director_decision="", council_passed=True)
    to_issue = Nominee.objects.filter(
        dossier__campaign=campaign, director_decision=DirectorDecision.APPROVED, decision__isnull=True
    )
    return [
        *_item(_("Nominees to approve or reject"), to_approve.count(), reverse("awards:dossier-list")),
        *_item(
            _("Approved nominees waiting for a decision or a tờ trình"),
            to_issue.count(),
            reverse("awards:decision-list"),
        ),
        *_item(
            _("Initiatives the council passed, to recognise"),
            Initiative.objects.filter(
                campaign=campaign, state=InitiativeState.UNDER_EVALUATION, council_yes__isnull=False
            ).count(),
            reverse("initiatives:initiative-list") + "?state=" + InitiativeState.UNDER_EVALUATION,
        ),
        *_item(
            _("Exemplary models the council agreed, to select"),
            ExemplaryModel.objects.filter(
                campaign=campaign, council_agreed_on__isnull=False, selected_on__isnull=True
            ).count(),
            reverse("awards:exemplary-list", args=[campaign.year]),
        ),
    ]


def _standing_office(campaign: Campaign) -> list[QueueItem]:
    registrations = Registration.objects.filter(campaign=campaign)
    overview = reverse("emulation:registration-overview", args=[campaign.year])
    items = [
        *_item(
            _("Registration sheets to review"),
            registrations.filter(state=RegistrationState.SUBMITTED).count(),
            overview,
        ),
        *_item(
            _("Dossiers to review"),
            Dossier.objects.filter(campaign=campaign, state=DossierState.SUBMITTED).count(),
            reverse("awards:dossier-list"),
        ),
        *_item(
            _("Initiatives to check"),
            Initiative.objects.filter(campaign=campaign, state=InitiativeState.SUBMITTED).count(),
            reverse("initiatives:initiative-list") + "?state=" + InitiativeState.SUBMITTED,
        ),
        *_item(
            _("Council sessions with the ballot still open"),
            CouncilSession.objects.filter(campaign=campaign, closed_at__isnull=True).count(),
            reverse("awards:session-list"),
        ),
    ]
    status = deadline_status(campaign, DeadlineKind.REGISTRATION)
    if status.is_open and status.deadline:
        missing = Unit.objects.filter(active=True).exclude(registrations__campaign=campaign).count()
        items += _item(
            _("Units that have not registered yet"),
            missing,
            overview,
            detail=ngettext("%(days)s day left", "%(days)s days left", status.days_left())
            % {"days": status.days_left()},
            urgent=status.days_left() <= 7,
        )
    return items


def _council_member(user, campaign: Campaign) -> list[QueueItem]:
    waiting = CouncilSession.objects.filter(campaign=campaign, closed_at__isnull=True, members=user).exclude(
        Exists(BallotReceipt.objects.filter(session=OuterRef("pk"), member=user))
    )
    return [
        QueueItem(
            _("Open ballot not yet cast: %(name)s") % {"name": session.name}, 1, session.get_absolute_url()
        )
        for session in waiting
    ]


def _initiative_council(user, campaign: Campaign) -> list[QueueItem]:
    waiting = (
        Initiative.objects.filter(
            campaign=campaign,
            state=InitiativeState.UNDER_EVALUATION,
            evaluation_round__closed_at__isnull=True,
            evaluation_round__members=user,
        )
        .exclude(Exists(Score.objects.filter(initiative=OuterRef("pk"), member=user)))
        .select_related("campaign__rules")  # excluded_member_ids reads the legal parameters of each
        .prefetch_related("authors")
        .distinct()
    )
    # Not the ones the member may not score: their authors, by the person the login stands for.
    to_score = [i for i in waiting if user.pk not in excluded_member_ids(i, [user])]
    return _item(
        _("Initiatives to score"),
        len(to_score),
        reverse("initiatives:initiative-list") + "?state=" + InitiativeState.UNDER_EVALUATION,
    )


def _secretary(user, campaign: Campaign) -> list[QueueItem]:
    unit = user.unit
    items = []
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    sheet = reverse("emulation:registration-sheet", args=[campaign.year, unit.code])
    if registration is None:
        items.append(QueueItem(_("Your unit's registration sheet is not started"), 1, sheet))
    elif registration.state == RegistrationState.RETURNED:
        items.append(QueueItem(_("Your registration sheet was returned"), 1, sheet, urgent=True))
    else:
        items.append(
            QueueItem(
                _("Your registration sheet: %(state)s") % {"state": registration.state_choice.label}, 1, sheet
            )
        )
    dossiers = dossiers_visible_to(user).filter(campaign=campaign)
    returned = dossiers.filter(state=DossierState.RETURNED)
    items += [
        QueueItem(_("Dossier returned: %(name)s") % {"name": d}, 1, d.get_absolute_url(), urgent=True)
        for d in returned
    ]
    items += _item(
        _("Dossiers in progress (draft)"),
        dossiers.filter(state=DossierState.DRAFT).count(),
        reverse("awards:dossier-list"),
    )
    items += _item(
        _("Initiatives returned for completion"),
        Initiative.objects.filter(campaign=campaign, unit=unit, state=InitiativeState.RETURNED).count(),
        reverse("initiatives:initiative-list") + "?state=" + InitiativeState.RETURNED,
        urgent=True,
    )
    return items


def work_queue(user, campaign: Campaign | None) -> list[QueueItem]:
    """Everything waiting for `user` in `campaign`, most urgent first, for every role the user holds."""
    if campaign is None:
        return []
    items = []
    if user.is_director:
        items += _director(campaign)
    if user.is_standing_office:
        items += _standing_office(campaign)
    if user.is_council_member:
        items += _council_member(user, campaign)
    if user.is_initiative_council:
        items += _initiative_council(user, campaign)
    if user.is_secretary and user.unit_id:
        items += _secretary(user, campaign)
    return sorted(items, key=lambda item: not item.urgent)


def deadlines_for(user, campaign: Campaign | None) -> list:
    """The deadlines still open for the user: those ahead, and for a secretary those her unit's extension
    keeps open; each with its status for her unit."""
    if campaign is None:
        return []
    unit = user.unit if user.is_secretary and user.unit_id else None
    # One query for the deadlines the unit has an extension of; only those are read again with the unit
    # (any other's status is the same without it).
    extended = set()
    if unit is not None:
        extended = set(
            Extension.objects.filter(
                deadline__campaign=campaign, unit=unit, revoked_at__isnull=True
            ).values_list("deadline_id", flat=True)
        )
    statuses = [
        (d, status_of(d, unit if d.pk in extended else None))
        for d in campaign.deadlines.select_related("phase").order_by("due_at")
    ]
    return [(d, status) for d, status in statuses if status.is_open][:5]
