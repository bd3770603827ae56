import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.enums import DocumentProfile, Regime
from emulation.models import Campaign, Deadline, Phase, Target


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
