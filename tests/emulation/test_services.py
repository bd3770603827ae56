import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from emulation.models import Campaign, Deadline, Phase, Target
from emulation.services import campaign_copy

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_campaign_copy_moves_phases_deadlines_and_targets(plan_2018):
    campaign = campaign_copy(source=plan_2018, year=2027)

    assert (campaign.year, campaign.regime, campaign.document_profile) == (2027, "R2025", "ND30_2020")
    assert [(p.number, p.starts_on, p.ends_on) for p in campaign.phases.all()] == [
        (1, dt.date(2027, 1, 1), dt.date(2027, 6, 11)),
        (2, dt.date(2027, 6, 11), dt.date(2027, 12, 31)),
    ]
    assert sorted(
        (d.kind, d.due_at.astimezone(HCM), d.phase.number if d.phase else None)
        for d in campaign.deadlines.all()
    ) == [
        ("initiatives", dt.datetime(2027, 11, 1, tzinfo=HCM), None),
        ("nominations", dt.datetime(2027, 11, 20, tzinfo=HCM), 2),
        ("registration", dt.datetime(2027, 1, 15, tzinfo=HCM), None),
        ("report_home_affairs", dt.datetime(2027, 2, 10, tzinfo=HCM), None),
    ]
    assert campaign.deadlines.get(kind="nominations").phase == campaign.phases.get(number=2)
    assert [(t.code, sorted(t.titles.values_list("code", flat=True))) for t in campaign.targets.all()] == [
        (t.code, sorted(t.titles.values_list("code", flat=True))) for t in plan_2018.targets.all()
    ]


def test_campaign_copy_copies_nothing_else(plan_2018):
    campaign = campaign_copy(source=plan_2018, year=2019)

    assert (campaign.theme, campaign.slogan, campaign.plan_date) == ("", "", None)
    # The legal basis starts from the regime's texts, not from the 2018 plan's own lines.
    assert (
        campaign.legal_basis.splitlines()[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;"
    )
    assert list(campaign.phases.values_list("description", flat=True)) == ["", ""]
    # the source is untouched
    assert plan_2018.targets.count() == 8
    assert plan_2018.deadlines.count() == 4


def test_campaign_copy_to_an_existing_year_refused_nothing_written(plan_2018):
    campaign_copy(source=plan_2018, year=2019)
    before = (
        Campaign.objects.count(),
        Phase.objects.count(),
        Deadline.objects.count(),
        Target.objects.count(),
    )

    with pytest.raises(ValidationError) as error:
        campaign_copy(source=plan_2018, year=2019)

    assert error.value.code == "exists"
    after = (
        Campaign.objects.count(),
        Phase.objects.count(),
        Deadline.objects.count(),
        Target.objects.count(),
    )
    assert after == before == (2, 4, 8, 16)


def test_campaign_copy_keeps_29_february_inside_the_year(plan_2018):
    plan_2018.phases.filter(number=1).update(ends_on=dt.date(2018, 2, 28))
    leap = campaign_copy(source=plan_2018, year=2020)
    leap.phases.filter(number=1).update(ends_on=dt.date(2020, 2, 29))

    campaign = campaign_copy(source=leap, year=2021)

    assert campaign.phases.get(number=1).ends_on == dt.date(2021, 2, 28)
