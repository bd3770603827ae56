"""Bypasses of the plan's rules found in issue 15: the 20/11 deadline, eligibility for the title proposed,
the quota and the evidence entered by hand."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import services
from awards.enums import DossierState as D
from awards.models import Dossier, Nominee, RewardRecord
from departments.models import StaffYear
from emulation import services as emulation
from emulation.models import Campaign
from initiatives.models import Initiative, InitiativeAuthor
from tests.awards.conftest import BEFORE, HCM, title
from tests.factories import StaffFactory

SYSTEM_YEAR = gettext_lazy(
    "The system runs the %(year)s campaign: that year's rewards are written by its decisions, "
    "not by hand. Entry by hand is for the years before the system."
)
LATE = dt.datetime(2018, 12, 18, 9, 0, tzinfo=HCM)  # 28 days after the nominations deadline (20/11/2018)


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def _dossier(campaign, unit, cast, *, kind="phase", phase=2, **data):
    phase = campaign.phases.get(number=phase) if kind == "phase" else None
    return services.dossier_save(
        by=cast["secretary"], campaign=campaign, unit=unit, data={"kind": kind, "phase": phase, **data}
    )


def _phase_one_open_until_year_end(campaign):
    """Phase 1 given a nominations deadline of its own after the year's (31/12): its dossier is open late."""
    return emulation.deadline_set(
        campaign=campaign,
        kind="nominations",
        phase=campaign.phases.get(number=1),
        before=dt.date(campaign.year, 12, 31),
    )


# --- The 20/11 deadline -----------------------------------------------------------------------------------


def test_an_ad_hoc_dossier_carries_only_forms_of_reward(plan_2018, cast, unit, registered):
    person = registered("LDTT")
    with time_machine.travel(LATE, tick=False):
        dossier = _dossier(plan_2018, unit, cast, kind="ad_hoc")

        with pytest.raises(ValidationError) as error:
            services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=person)
        reward = services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("GK_GD"), staff=person
        )

    assert error.value.code == "not_ad_hoc"
    assert error.value.messages == [
        _(
            "An ad-hoc dossier proposes forms of reward (Giấy khen, Bằng khen) for an achievement "
            "outside the plan; “%(title)s” is an emulation title of the year and is proposed in the "
            "dossier of a phase."
        )
        % {"title": "Lao động tiên tiến"}
    ]
    assert list(dossier.nominees.values_list("title__code", flat=True)) == ["GK_GD"]
    assert reward.title.code == "GK_GD"


def test_the_nominee_form_of_an_ad_hoc_dossier_offers_only_forms_of_reward(plan_2018, cast, unit, client):
    dossier = _dossier(plan_2018, unit, cast, kind="ad_hoc")
    client.force_login(cast["secretary"])

    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk]))

    offered = set(page.context["nominee_form"].fields["title"].queryset.values_list("code", flat=True))
    assert offered == {"GK_GD", "BK_UBND", "BK_BTP"}


def test_a_dossiers_kind_and_phase_cannot_change(plan_2018, cast, unit):
    dossier = _dossier(plan_2018, unit, cast)

    for data in ({"kind": "ad_hoc", "phase": None}, {"phase": plan_2018.phases.get(number=1)}):
        with pytest.raises(ValidationError) as error:
            services.dossier_save(
                by=cast["secretary"],
                campaign=plan_2018,
                unit=unit,
                data=data,
                dossier=dossier,
                version=dossier.version,
            )
        assert error.value.code == "fixed_kind"

    dossier.refresh_from_db()
    assert (dossier.kind, dossier.phase.number, dossier.version) == ("phase", 2, 1)


def test_the_edit_form_keeps_the_kind_and_phase(plan_2018, cast, unit, client):
    dossier = _dossier(plan_2018, unit, cast)
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("awards:dossier-update", args=[dossier.pk]),
        {
            "kind": "ad_hoc",
            "phase": plan_2018.phases.get(number=1).pk,
            "meeting_present": "8",
            "meeting_total": "10",
            "version": "1",
        },
    )

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert (dossier.kind, dossier.phase.number, dossier.meeting_present) == ("phase", 2, 8)


def test_a_phase_without_its_own_deadline_closes_with_the_years(plan_2018, cast, unit):
    with time_machine.travel(LATE, tick=False), pytest.raises(ValidationError) as error:
        _dossier(plan_2018, unit, cast, phase=1)

    assert error.value.code == "deadline_closed"
    assert Dossier.objects.count() == 0


def test_a_copied_campaign_closes_every_phase(plan_2018, cast, unit):
    campaign = emulation.campaign_copy(source=plan_2018, year=2019)

    with time_machine.travel(LATE.replace(year=2019), tick=False):
        for phase in (1, 2):
            with pytest.raises(ValidationError) as error:
                _dossier(campaign, unit, cast, phase=phase)
            assert error.value.code == "deadline_closed"

    def shifted(deadline):
        return (deadline.kind, deadline.phase and deadline.phase.number, deadline.due_at.replace(year=2019))

    assert sorted(map(shifted, plan_2018.deadlines.all()), key=str) == sorted(
        ((d.kind, d.phase and d.phase.number, d.due_at) for d in campaign.deadlines.all()), key=str
    )


def test_an_annual_title_is_judged_against_the_years_deadline_whatever_dossier(
    plan_2018, cast, unit, registered
):
    _phase_one_open_until_year_end(plan_2018)
    person, early = registered("LDTT"), registered("LDTT")
    dossier = _dossier(plan_2018, unit, cast, phase=1)
    kept = services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=early)

    with time_machine.travel(LATE, tick=False):
        with pytest.raises(ValidationError) as added:
            services.nominee_add(dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=person)
        with pytest.raises(ValidationError) as removed:
            services.nominee_remove(nominee=kept, by=cast["secretary"])
        with pytest.raises(ValidationError) as submitted:
            services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=cast["secretary"])
        reward = services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("GK_GD"), staff=person
        )

    assert (added.value.code, removed.value.code) == ("deadline_closed", "deadline_closed")
    assert "deadline_closed" in {e.code for e in submitted.value.error_list}
    assert sorted(dossier.nominees.values_list("title__code", flat=True)) == ["GK_GD", "LDTT"]
    assert reward.staff == person
    assert Dossier.objects.get().state == "draft"


def test_removing_a_nominee_after_the_deadline_is_refused(plan_2018, cast, unit, registered):
    dossier = _dossier(plan_2018, unit, cast)
    nominee = services.nominee_add(
        dossier=dossier, by=cast["secretary"], title=title("LDTT"), staff=registered()
    )

    with time_machine.travel(LATE, tick=False), pytest.raises(ValidationError) as error:
        services.nominee_remove(nominee=nominee, by=cast["secretary"])

    assert error.value.code == "deadline_closed"
    assert Nominee.objects.filter(pk=nominee.pk).exists()


def test_one_dossier_per_unit_phase_and_kind(plan_2018, cast, unit):
    first = _dossier(plan_2018, unit, cast)

    with pytest.raises(ValidationError) as error:
        _dossier(plan_2018, unit, cast)

    assert error.value.messages == [
        _(
            "Your unit already has a dossier for this phase: open it instead of creating another "
            "(a withdrawn dossier does not count)."
        )
    ]
    assert list(Dossier.objects.values_list("pk", flat=True)) == [first.pk]


def test_the_office_may_allow_a_supplementary_dossier(plan_2018, cast, unit):
    first = _dossier(plan_2018, unit, cast)
    emulation.campaign_rules_update(
        campaign=plan_2018,
        data={"several_dossiers_per_phase": True},
        reason="Đơn vị bổ sung hồ sơ theo hướng dẫn của Sở Nội vụ",
        by=cast["standing_office"],
        version=1,
    )

    second = _dossier(Campaign.objects.get(pk=plan_2018.pk), unit, cast)  # as the next request reads it

    assert [(d.pk, d.phase.number, d.number) for d in Dossier.objects.order_by("pk")] == [
        (first.pk, 2, 1),
        (second.pk, 2, 2),
    ]


def test_the_database_refuses_a_second_dossier_of_a_phase(plan_2018, cast, unit):
    """A double click: both requests pass the form's check; the database keeps one."""
    first = _dossier(plan_2018, unit, cast)

    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.create(campaign=plan_2018, unit=unit, phase=first.phase)

    assert Dossier.objects.count() == 1


def test_a_withdrawn_dossier_makes_room_for_a_new_one(plan_2018, cast, unit, staff):
    first = _dossier(plan_2018, unit, cast)
    Dossier.objects.filter(pk=first.pk).update(state=D.WITHDRAWN)

    second = _dossier(plan_2018, unit, cast)

    assert list(Dossier.objects.order_by("pk").values_list("state", flat=True)) == ["withdrawn", "draft"]
    assert second.phase == first.phase


def test_one_ad_hoc_draft_at_a_time(plan_2018, cast, unit):
    first = _dossier(plan_2018, unit, cast, kind="ad_hoc")

    with pytest.raises(ValidationError) as error:
        _dossier(plan_2018, unit, cast, kind="ad_hoc")
    Dossier.objects.filter(pk=first.pk).update(state=D.SUBMITTED)
    _dossier(plan_2018, unit, cast, kind="ad_hoc")

    assert error.value.messages == [
        _("Your unit has an ad-hoc dossier not sent yet: complete and send it before creating another.")
    ]
    assert list(Dossier.objects.order_by("pk").values_list("state", flat=True)) == ["submitted", "draft"]


# --- Eligibility for the title proposed ---------------------------------------------------------------


def test_a_nominee_is_judged_for_the_title_proposed(cast, registered, complete_dossier, client):
    person = registered("CSTDCS", grade="KHTNV")
    StaffYear.objects.filter(staff=person).update(discipline="warning")
    dossier = complete_dossier((person, "LDTT"))
    client.force_login(cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=cast["secretary"])
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk]))

    assert {e.code for e in error.value.error_list} == {"not_eligible"}
    assert error.value.messages[0].startswith(
        _("%(name)s does not meet the criteria of “%(title)s”: %(reasons)s").split(":")[0]
        % {"name": person.full_name, "title": "Lao động tiên tiến"}
    )
    (row,) = page.context["rows"]
    assert (row[1].title, row[1].registered_title, row[1].fails) == ("LDTT", "CSTDCS", True)
    assert _("Registered for: %(title)s") % {"title": "CSTĐCS"} in page.content.decode()
    assert Dossier.objects.get().state == "draft"


# --- Quota and evidence by hand -----------------------------------------------------------------------


def test_the_history_takes_no_hand_entry_for_a_year_the_system_runs(plan_2018, cast, staff):
    with pytest.raises(ValidationError) as error:
        services.reward_record_add(
            by=cast["standing_office"],
            year=2018,
            title=title("CSTDCS"),
            decision_number="05/QĐ-STP",
            staff=staff,
        )
    before = services.reward_record_add(
        by=cast["standing_office"], year=2017, title=title("CSTDCS"), decision_number="05/QĐ-STP", staff=staff
    )

    assert error.value.messages == [SYSTEM_YEAR % {"year": 2018}]
    assert list(RewardRecord.objects.values_list("year", flat=True)) == [before.year]


def test_the_history_page_refuses_this_years_entry_with_the_message(plan_2018, cast, staff, client):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("awards:staff-rewards", args=[staff.pk]),
        {"year": "2018", "title": title("CSTDCS").pk, "decision_number": "05/QĐ-STP"},
    )

    assert response.status_code == 200
    assert escape(SYSTEM_YEAR % {"year": 2018}) in response.content.decode()
    assert RewardRecord.objects.count() == 0


def _initiative(campaign, author, *, state="recognised"):
    initiative = Initiative.objects.create(
        campaign=campaign,
        unit=author.unit,
        title=f"Sáng kiến của {author.full_name}",
        field="Hộ tịch",
        kind="management",
        first_applied_on=dt.date(2018, 1, 1),
        description="x",
        conditions="x",
        benefits="x",
        state=state,
        scope="base",
        decision_number="1/QĐ-STP" if state == "recognised" else "",
        decision_date=dt.date(2018, 10, 1) if state == "recognised" else None,
    )
    InitiativeAuthor.objects.create(initiative=initiative, staff=author, share=100)
    return initiative


def test_the_evidence_initiative_is_one_the_nominee_authored_and_recognised(
    plan_2018, cast, unit, registered
):
    fighter, colleague = registered("CSTDCS"), StaffFactory(unit=unit)
    dossier = _dossier(plan_2018, unit, cast)
    refusals = []
    for evidence in (_initiative(plan_2018, colleague), _initiative(plan_2018, fighter, state="submitted")):
        with pytest.raises(ValidationError) as error:
            services.nominee_add(
                dossier=dossier,
                by=cast["secretary"],
                title=title("CSTDCS"),
                staff=fighter,
                initiative=evidence,
            )
        refusals.append(error.value.code)
    own = _initiative(plan_2018, fighter)

    nominee = services.nominee_add(
        dossier=dossier, by=cast["secretary"], title=title("CSTDCS"), staff=fighter, initiative=own
    )

    assert refusals == ["not_author", "not_recognised"]
    assert list(Nominee.objects.values_list("pk", "initiative")) == [(nominee.pk, own.pk)]
