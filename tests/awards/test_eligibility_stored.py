"""Stored verdicts (issue 12, "computed once, not per view"): after every kind of change that feeds the
eligibility rules, what the pages read equals a fresh computation."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.eligibility import campaign_eligibility
from awards.eligibility.stored import eligibility_refresh, stored_verdicts
from awards.enums import DossierState
from awards.models import Dossier, EligibilitySet, Nominee, RewardRecord
from awards.services import discipline_period_add, hold_add, hold_lift, reward_record_add
from awards.tasks import eligibility_refresh_campaign
from core.audit import update_logged
from departments.models import StaffYear, UnitYear
from departments.reorganisation import unit_dissolve
from departments.services import staff_move, staff_year_save, unit_year_save
from emulation.enums import Regime, RegistrationState
from emulation.legal import campaign_rules
from emulation.models import (
    BlocMember,
    Campaign,
    EmulationBloc,
    Registration,
    RegistrationLine,
    RewardCriteria,
    Title,
)
from emulation.services import LineInput, campaign_rules_update, registration_save
from initiatives.models import Initiative, InitiativeAuthor, ResearchAuthor, ResearchResult
from tests.awards.conftest import HCM
from tests.factories import StaffFactory, StaffYearFactory, UserFactory


def title(code):
    return Title.objects.get(code=code)


def initiative(campaign, unit, name, *authors, scope="base"):
    found = Initiative.objects.create(
        campaign=campaign,
        unit=unit,
        title=name,
        field="Hộ tịch",
        kind="management",
        first_applied_on=dt.date(2018, 1, 1),
        description="x",
        conditions="x",
        benefits="x",
        state="recognised",
        scope=scope,
        decision_number="1/QĐ-STP",
        provincial_decision_number="5/QĐ-UBND" if scope == "provincial" else "",
        decision_date=dt.date(2018, 10, 1),
    )
    for person in authors:
        InitiativeAuthor.objects.create(initiative=found, staff=person, share=100)
    return found


@dataclass
class World:
    campaign: object
    unit: object
    other_unit: object
    office: object
    secretary: object
    people: dict
    sheets: dict
    initiatives: dict
    dossier: object


@pytest.fixture
def world(plan_2018, unit, other_unit):
    """Two units under NĐ 152/2025 (holds, discipline periods and dissolution count): every kind of
    candidate, each with facts a change can turn."""
    plan_2018.regime = Regime.R2025
    plan_2018.save()
    office = UserFactory(username="vanphong", is_standing_office=True)
    secretary = UserFactory(username="thuky-ttra", is_secretary=True, unit=other_unit)
    people = {
        "a": StaffFactory(unit=unit, full_name="An", recruited_on=dt.date(2018, 4, 1)),
        "b": StaffFactory(unit=unit, full_name="Bình"),
        "c": StaffFactory(unit=unit, full_name="Cúc"),
        "d": StaffFactory(unit=unit, full_name="Dũng"),
        "e": StaffFactory(unit=unit, full_name="Em"),
        "h": StaffFactory(unit=unit, full_name="Hà"),
        "f": StaffFactory(unit=other_unit, full_name="Phúc"),
        "g": StaffFactory(unit=other_unit, full_name="Giang"),
    }
    # Bình's CSTĐCS rests on an initiative (HTTNV: not HTXSNV, which is enough under the 2022 Law).
    for key, grade in {"a": "HTTNV", "b": "HTTNV", "c": "HTXSNV", "e": "HTTNV", "h": "HTTNV"}.items():
        StaffYearFactory(staff=people[key], year=2018, task_grade=grade, discipline="none")
    StaffYearFactory(staff=people["f"], year=2018, task_grade="HTTNV", discipline="none")
    vp = Registration.objects.create(
        campaign=plan_2018, unit=unit, state=RegistrationState.ACCEPTED, collective_title=title("TTLDTT")
    )
    for key, code in {"a": "LDTT", "b": "CSTDCS", "c": "CSTD_TINH", "e": "GK_GD", "h": "CSTDCS"}.items():
        RegistrationLine.objects.create(registration=vp, staff=people[key], title=title(code))
    other = Registration.objects.create(
        campaign=plan_2018, unit=other_unit, state=RegistrationState.DRAFT, collective_title=title("CO_UBND")
    )
    RegistrationLine.objects.create(registration=other, staff=people["f"], title=title("LDTT"))
    hold_add(
        by=office, staff=people["f"], kind="inspection", reason="Thanh tra", starts_on=dt.date(2018, 10, 1)
    )
    RewardRecord.objects.create(
        year=2016, title=title("CSTDCS"), staff=people["c"], decision_number="1/QĐ", entered_by=office
    )
    RewardCriteria.objects.create(
        title=title("GK_GD"),
        subject="individual",
        valid_from=dt.date(2018, 1, 1),
        decision_number="12/2017/QĐ-UBND",
        min_task_grade="HTTNV",
        text="Hoàn thành tốt nhiệm vụ.",
    )
    shared = initiative(plan_2018, unit, "Số hóa hộ tịch", people["b"], people["h"])
    provincial = initiative(
        plan_2018, unit, "Một cửa liên thông", people["c"], people["d"], scope="provincial"
    )
    spare = initiative(plan_2018, unit, "Lưu trữ điện tử")
    # Hà's nomination holds the initiative she shares with Bình: Bình's CSTĐCS has no evidence left.
    dossier = Dossier.objects.create(campaign=plan_2018, unit=unit, phase=plan_2018.phases.get(number=2))
    Nominee.objects.create(dossier=dossier, staff=people["h"], title=title("CSTDCS"), initiative=shared)
    # Dũng's CSTĐCS holds Cúc's provincial initiative: a lower level, so it still serves her CSTĐ cấp tỉnh.
    Nominee.objects.create(dossier=dossier, staff=people["d"], title=title("CSTDCS"), initiative=provincial)
    return World(
        campaign=plan_2018,
        unit=unit,
        other_unit=other_unit,
        office=office,
        secretary=secretary,
        people=people,
        sheets={"vp": vp, "other": other},
        initiatives={"shared": shared, "provincial": provincial, "spare": spare},
        dossier=dossier,
    )


def _record(w, key):
    return StaffYear.objects.get(staff=w.people[key], year=2018)


# Every kind of change that feeds the rules, through the way the product makes it (a service, or a save,
# delete or audited update of the model where no service exists).
CHANGES = {
    "staff year grade (audited update)": lambda w: staff_year_save(
        staff=w.people["a"], year=2018, version=_record(w, "a").version, data={"task_grade": "KHTNV"}
    ),
    "staff year added": lambda w: StaffYearFactory(staff=w.people["d"], year=2018, task_grade="KHTNV"),
    "staff year deleted": lambda w: _record(w, "a").delete(),
    "staff renamed": lambda w: _save(w.people["a"], full_name="An Nhiên"),
    "recruitment date": lambda w: _save(w.people["a"], recruited_on=dt.date(2018, 9, 1)),
    "staff left": lambda w: _save(w.people["e"], left_on=dt.date(2018, 6, 30)),
    "staff moved": lambda w: staff_move(staff=w.people["a"], unit=w.other_unit, on=dt.date(2018, 8, 1)),
    "registration line added": lambda w: RegistrationLine.objects.create(
        registration=w.sheets["vp"], staff=w.people["d"], title=title("LDTT")
    ),
    "registration line deleted": lambda w: RegistrationLine.objects.filter(staff=w.people["a"]).delete(),
    "sheet returned (audited update)": lambda w: update_logged(
        Registration.objects.filter(pk=w.sheets["vp"].pk), state=RegistrationState.RETURNED
    ),
    "sheet saved by the service (bulk insert)": lambda w: _resave_other_sheet(w),
    "reward history deleted": lambda w: RewardRecord.objects.filter(staff=w.people["c"]).delete(),
    "reward history by the service": lambda w: reward_record_add(
        by=w.office, year=2017, title=title("CSTDCS"), staff=w.people["c"], decision_number="9/QĐ-STP"
    ),
    "hold added": lambda w: hold_add(
        by=w.office, staff=w.people["a"], kind="complaint", reason="Đơn", starts_on=dt.date(2018, 11, 1)
    ),
    "hold lifted (audited update)": lambda w: hold_lift(
        by=w.office, hold=w.people["f"].holds.get(), ends_on=dt.date(2018, 12, 1)
    ),
    "discipline period": lambda w: discipline_period_add(
        by=w.office,
        staff=w.people["a"],
        level="reprimand",
        decision_number="3/QĐ-STP",
        starts_on=dt.date(2018, 3, 1),
        ends_on=dt.date(2019, 3, 1),
    ),
    "initiative author added": lambda w: InitiativeAuthor.objects.create(
        initiative=w.initiatives["spare"], staff=w.people["b"], share=100
    ),
    "initiative scope (audited update)": lambda w: update_logged(
        Initiative.objects.filter(pk=w.initiatives["provincial"].pk), scope="base"
    ),
    "research accepted": lambda w: _research(w),
    "nomination removed": lambda w: Nominee.objects.filter(dossier=w.dossier).delete(),
    "dossier withdrawn (audited update)": lambda w: update_logged(
        Dossier.objects.filter(pk=w.dossier.pk), state=DossierState.WITHDRAWN
    ),
    "criteria of a reward": lambda w: RewardCriteria.objects.create(
        title=title("GK_GD"),
        subject="individual",
        valid_from=dt.date(2018, 6, 1),
        decision_number="20/2018/QĐ-UBND",
        min_task_grade="HTXSNV",
        text="Hoàn thành xuất sắc nhiệm vụ.",
    ),
    "campaign's legal parameters": lambda w: campaign_rules_update(
        campaign=w.campaign,
        data={"ldtt_min_months_recruited": 3},
        reason="Quy chế mới",
        by=w.office,
        version=campaign_rules(w.campaign).version,
    ),
    "campaign's regime": lambda w: _save(w.campaign, regime=Regime.R2017),
    "unit's grade": lambda w: unit_year_save(
        unit=w.unit, year=2018, task_grade="HTTNV", note="", by=w.office, version=None
    ),
    "unit's grade changed": lambda w: _grade_twice(w),
    "unit dissolved": lambda w: unit_dissolve(
        unit=w.other_unit, on=dt.date(2018, 10, 1), decision_number="7/QĐ-STP"
    ),
    "bloc ranked": lambda w: _bloc(w),
    "title's authority": lambda w: _save(title("CSTDCS"), decided_by="province_chairman"),
}


def _save(obj, **fields):
    for field, value in fields.items():
        setattr(obj, field, value)
    obj.save()


def _resave_other_sheet(w):
    with time_machine.travel(dt.datetime(2018, 1, 5, 9, tzinfo=HCM), tick=False):
        registration_save(
            campaign=w.campaign,
            unit=w.other_unit,
            by=w.secretary,
            version=w.sheets["other"].version,
            collective_title=title("CO_UBND"),
            collective_reward=None,
            commitment="",
            lines=[
                LineInput(staff=w.people["f"], title=title("LDTT")),
                LineInput(staff=w.people["g"], title=title("LDTT")),
            ],
        )


def _research(w):
    research = ResearchResult.objects.create(
        campaign=w.campaign,
        unit=w.unit,
        title="Đề tài số hóa",
        kind="topic",
        level="base",
        acceptance_decision_number="7/QĐ-STP",
        accepted_on=dt.date(2018, 9, 1),
        applied=True,
        application_note="Áp dụng",
        recorded_by=w.office,
    )
    ResearchAuthor.objects.create(research=research, staff=w.people["b"], share=Decimal(100))


def _grade_twice(w):
    record = UnitYear.objects.create(unit=w.unit, year=2018, task_grade="HTTNV")
    eligibility_refresh(campaign=w.campaign)
    before = fresh(w.campaign)
    unit_year_save(unit=w.unit, year=2018, task_grade="HTNV", note="", by=w.office, version=record.version)
    assert fresh(w.campaign) != before


def _bloc(w):
    bloc = EmulationBloc.objects.create(campaign=w.campaign, name="Khối Nội chính", kind="bloc")
    BlocMember.objects.create(bloc=bloc, campaign=w.campaign, unit=w.other_unit, rank=1)


def fresh(campaign) -> list[tuple]:
    campaign = Campaign.objects.get(pk=campaign.pk)  # as a request reads it (its rules not cached)
    with translation.override("vi"):
        return [
            (
                j.unit_id,
                j.staff_id,
                j.name,
                j.title,
                j.registered_title or "",
                j.verdict.value,
                [
                    {"code": r.code, "verdict": r.verdict.value, "message": r.message, "citation": r.citation}
                    for r in j.results
                    if r.verdict != "pass"
                ],
            )
            for j in campaign_eligibility(campaign)
        ]


def stored(campaign) -> list[tuple]:
    return [
        (r.unit_id, r.staff_id, r.name, r.title, r.registered_title, r.verdict, r.unmet)
        for r in stored_verdicts(campaign=Campaign.objects.get(pk=campaign.pk))
    ]


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_stored_verdicts_equal_a_fresh_computation_after_each_change(world, change):
    eligibility_refresh(campaign=world.campaign)
    before = fresh(world.campaign)
    assert stored(world.campaign) == before

    change(world)
    after = fresh(world.campaign)

    assert after != before  # the change feeds the verdicts: a set left as it was would show a stale one
    assert stored(world.campaign) == after


def test_a_change_recomputes_only_the_units_it_touches(world):
    eligibility_refresh(campaign=world.campaign)

    StaffYearFactory(staff=world.people["g"], year=2018, task_grade="KHTNV")

    assert eligibility_refresh(campaign=world.campaign) == 1
    assert eligibility_refresh(campaign=world.campaign) == 0


def test_a_set_judged_on_another_day_is_judged_again(world):
    with time_machine.travel(dt.datetime(2018, 11, 10, 9, tzinfo=HCM), tick=False):
        eligibility_refresh(campaign=world.campaign)
        assert eligibility_refresh(campaign=world.campaign) == 0
    with time_machine.travel(dt.datetime(2018, 11, 11, 9, tzinfo=HCM), tick=False):
        assert eligibility_refresh(campaign=world.campaign) == 2


def test_the_campaign_wide_task_stores_every_unit(world):
    assert eligibility_refresh_campaign(world.campaign.pk) == 2

    assert set(EligibilitySet.objects.values_list("unit_id", flat=True)) == {
        world.unit.pk,
        world.other_unit.pk,
    }
    assert stored(world.campaign) == fresh(world.campaign)


def test_the_directors_approval_recomputes_the_verdict_inside_its_transaction(world, cast):
    nominee = Nominee.objects.get(dossier=world.dossier, staff=world.people["h"])
    update_logged(Dossier.objects.filter(pk=world.dossier.pk), state=DossierState.VOTED)
    update_logged(Nominee.objects.filter(pk=nominee.pk), council_passed=True)
    eligibility_refresh(campaign=world.campaign)
    # A hold recorded after the council's vote: the stored verdict is stale until someone reads it.
    hold_add(
        by=world.office,
        staff=world.people["h"],
        kind="complaint",
        reason="Đơn",
        starts_on=dt.date(2018, 11, 1),
    )

    from awards.services import nominee_decide

    with pytest.raises(ValidationError) as error:
        nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    assert error.value.code == "ineligible"
    assert "Hà" in error.value.messages[0]
    nominee.refresh_from_db()
    assert nominee.director_decision == ""
