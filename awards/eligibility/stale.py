"""What makes a stored verdict stale: every change of an input of the eligibility rules bumps the version of
the (campaign, unit) sets it can touch, in the changing transaction (awards.eligibility.stored).

The changes arrive three ways, all connected here: a save or delete (post_save, post_delete, m2m_changed),
a conditional update through core.audit.update_logged (its `rows_updated` signal), and the few bulk
inserts of the services, which call `mark_staff` themselves. Where a change's reach is hard to know (the
legal parameters, the criteria, the blocs, the organisation's lineage) every set is marked: a reader only
recomputes the units it reads, so marking too much costs little, marking too little would show a stale
verdict.
"""

from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.audit import rows_updated


def _bump(condition: Q | None) -> None:
    from awards.models import EligibilitySet

    sets = EligibilitySet.objects.all() if condition is None else EligibilitySet.objects.filter(condition)
    sets.update(version=F("version") + 1)


def mark_all() -> None:
    _bump(None)
    # With a broker, a worker recomputes the current campaign meanwhile; in-process (no broker), doing it
    # here would hold the change's request for seconds: the next reader recomputes what it reads instead.
    from emulation.celery import app

    if not app.conf.task_always_eager:
        transaction.on_commit(_refresh_current_campaign)


def _refresh_current_campaign() -> None:
    from awards.tasks import eligibility_refresh_campaign
    from emulation.selectors import campaign_current

    campaign = campaign_current()
    if campaign is not None:
        eligibility_refresh_campaign.delay(campaign.pk)


def mark_units(unit_ids) -> None:
    """The units of `unit_ids`, and the units they live on in (merged or split into): a unit's grades and
    rewards are its successors' history too."""
    from departments.selectors import unit_lineages

    ids = {pk for pk in unit_ids if pk is not None}
    if not ids:
        return
    successors = {unit for unit, predecessors in unit_lineages().items() if ids & set(predecessors)}
    _bump(Q(unit_id__in=ids | successors))


def mark_staff(staff_ids) -> None:
    """Every unit the people of `staff_ids` belong or belonged to: each is judged under the unit of their
    last membership of a campaign's year, and counts in its collective's shares."""
    from departments.models import Membership, Staff

    ids = [pk for pk in staff_ids if pk is not None]
    if not ids:
        return
    units = Q(unit_id__in=Membership.objects.filter(staff_id__in=ids).values("unit_id")) | Q(
        unit_id__in=Staff.objects.filter(pk__in=ids, unit__isnull=False).values("unit_id")
    )
    _bump(units)


def _authors_of(initiative_ids, research_ids) -> list[int]:
    from initiatives.models import InitiativeAuthor, ResearchAuthor

    authors = set(
        InitiativeAuthor.objects.filter(initiative_id__in=initiative_ids).values_list("staff_id", flat=True)
    )
    authors |= set(
        ResearchAuthor.objects.filter(research_id__in=research_ids).values_list("staff_id", flat=True)
    )
    return list(authors)


# --- Each input model: what its rows touch (a list of rows in, the marking done) ---------------------------


def _by_staff(rows) -> None:
    mark_staff([row.staff_id for row in rows])


def _staff(rows) -> None:
    mark_staff([row.pk for row in rows])


def _by_unit(rows) -> None:
    mark_units([row.unit_id for row in rows])


def _unit(rows) -> None:
    mark_units([row.pk for row in rows])


def _reward(rows) -> None:
    mark_staff([row.staff_id for row in rows])
    mark_units([row.unit_id for row in rows])


def _registration(rows) -> None:
    """A sheet registers its unit and the people on its lines (some may have moved to another unit)."""
    from emulation.models import RegistrationLine

    mark_units([row.unit_id for row in rows])
    mark_staff(
        RegistrationLine.objects.filter(registration__in=[row.pk for row in rows]).values_list(
            "staff_id", flat=True
        )
    )


def _line(rows) -> None:
    mark_staff([row.staff_id for row in rows])


def _initiative(rows) -> None:
    mark_staff(_authors_of([row.pk for row in rows], []))


def _research(rows) -> None:
    mark_staff(_authors_of([], [row.pk for row in rows]))


def _nominee(rows) -> None:
    """A nomination holding an initiative or research result bars it for the other authors' rewards."""
    rows = [row for row in rows if row.initiative_id or row.research_id]
    if rows:
        mark_staff(_authors_of([r.initiative_id for r in rows], [r.research_id for r in rows]))


def _dossier(rows) -> None:
    from awards.models import Nominee

    _nominee(list(Nominee.objects.filter(dossier__in=[row.pk for row in rows])))


def _everything(rows) -> None:
    mark_all()


def _handlers():
    from awards.models import DisciplinePeriod, Dossier, Nominee, RewardRecord, StaffHold
    from departments.models import Membership, Staff, StaffYear, Unit, UnitEvent, UnitYear
    from emulation.models import (
        BlocMember,
        Campaign,
        CampaignRules,
        EmulationBloc,
        Registration,
        RegistrationLine,
        RewardCriteria,
        Title,
    )
    from initiatives.models import Initiative, InitiativeAuthor, ResearchAuthor, ResearchResult

    return {
        Staff: _staff,
        Membership: _by_staff,
        StaffYear: _by_staff,
        StaffHold: _by_staff,
        DisciplinePeriod: _by_staff,
        InitiativeAuthor: _by_staff,
        ResearchAuthor: _by_staff,
        RewardRecord: _reward,
        Unit: _unit,
        UnitYear: _by_unit,
        Registration: _registration,
        RegistrationLine: _line,
        Initiative: _initiative,
        ResearchResult: _research,
        Nominee: _nominee,
        Dossier: _dossier,
        UnitEvent: _everything,
        Campaign: _everything,
        CampaignRules: _everything,
        RewardCriteria: _everything,
        Title: _everything,
        EmulationBloc: _everything,
        BlocMember: _everything,
    }


HANDLERS: dict = {}


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loaded raw judge nothing yet
        HANDLERS[sender]([instance])


def _deleted(sender, instance, **kwargs):
    HANDLERS[sender]([instance])


def _updated(sender, pks, **kwargs):
    if sender in HANDLERS:
        HANDLERS[sender](list(sender._base_manager.filter(pk__in=pks)))


def _lineage_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        mark_all()


def connect() -> None:
    """Called once from AwardsConfig.ready."""
    from departments.models import UnitEvent

    HANDLERS.update(_handlers())
    for model in HANDLERS:
        uid = f"eligibility-stale-{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
    rows_updated.connect(_updated, dispatch_uid="eligibility-stale-updated")
    for field in (UnitEvent.units, UnitEvent.successors):
        m2m_changed.connect(
            _lineage_changed, sender=field.through, dispatch_uid=f"eligibility-{field.field.name}"
        )
