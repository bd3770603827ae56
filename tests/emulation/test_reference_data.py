"""Issue 11, regimes and reference data: the new legal parameters, blocs and their ranks, reward criteria."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from emulation.legal import campaign_rules
from emulation.models import BlocMember, EmulationBloc, RewardCriteria, RuleChange, Title
from emulation.selectors import bloc_ranks, criteria_for
from emulation.services import MemberInput, bloc_save, campaign_copy, criteria_save
from tests.factories import UnitFactory

# --- Legal parameters -------------------------------------------------------------------------------------


def _rules_post(rules, **changes):
    data = {**model_to_dict(rules, fields=rules.PARAMETERS), **changes}
    # An unticked box is not posted.
    return {
        **{k: v for k, v in data.items() if v is not False},
        "version": rules.version,
        "reason": "Theo QĐ tỉnh",
    }


def test_the_rules_form_records_each_new_parameter_changed(client, cast, plan_2018):
    rules = campaign_rules(plan_2018)
    client.force_login(cast["standing_office"])
    data = _rules_post(rules, ldtt_min_months_recruited=6)
    data.pop("registration_per_title")  # unticked
    data.pop("provincial_initiative_for_cstdcs")

    response = client.post(reverse("emulation:campaign-rules", args=[2018]), data)

    assert response.status_code == 302
    changes = list(RuleChange.objects.values_list("field", "old_value", "new_value", "reason"))
    assert sorted(changes) == [
        ("ldtt_min_months_recruited", "10", "6", "Theo QĐ tỉnh"),
        ("provincial_initiative_for_cstdcs", "True", "False", "Theo QĐ tỉnh"),
        ("registration_per_title", "True", "False", "Theo QĐ tỉnh"),
    ]
    page = client.get(reverse("emulation:campaign-rules", args=[2018])).content.decode()
    assert "Sáng kiến được công nhận cấp tỉnh được dùng để xét CSTĐCS" in page


def test_months_from_recruitment_out_of_range_refused(client, cast, plan_2018):
    rules = campaign_rules(plan_2018)
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("emulation:campaign-rules", args=[2018]), _rules_post(rules, ldtt_min_months_recruited=13)
    )

    assert response.status_code == 200
    assert not RuleChange.objects.exists()
    assert campaign_rules(plan_2018).ldtt_min_months_recruited == 10


def test_the_new_parameters_are_copied_within_a_regime(plan_2018):
    source = campaign_copy(source=plan_2018, year=2025)
    source.rules.registration_per_title = False
    source.rules.save()

    copy = campaign_copy(source=source, year=2026)

    assert copy.rules.registration_per_title is False


# --- Blocs ------------------------------------------------------------------------------------------------


@pytest.fixture
def units(unit, other_unit):
    return {"VP": unit, "TTRA": other_unit, "TGPL": UnitFactory(code="TGPL", name="Trung tâm TGPL")}


def _save(campaign, by, members, bloc=None, name="Khối các cơ quan nội chính"):
    return bloc_save(campaign=campaign, bloc=bloc, name=name, kind="bloc", note="", members=members, by=by)


def test_a_bloc_with_ranks_gives_each_member_its_rank(plan_2018, cast, units, django_assert_num_queries):
    office = cast["standing_office"]
    _save(plan_2018, office, [MemberInput(units["VP"], 2), MemberInput(units["TTRA"], 1)])

    with django_assert_num_queries(1):
        ranks = bloc_ranks(plan_2018, [u.pk for u in units.values()])

    assert ranks == {
        units["VP"].pk: ("Khối các cơ quan nội chính", 2, 2),
        units["TTRA"].pk: ("Khối các cơ quan nội chính", 1, 2),
    }


def test_a_unit_in_two_blocs_of_a_campaign_refused(plan_2018, cast, units):
    office = cast["standing_office"]
    _save(plan_2018, office, [MemberInput(units["VP"])])

    with pytest.raises(ValidationError) as error:
        _save(plan_2018, office, [MemberInput(units["VP"]), MemberInput(units["TGPL"])], name="Cụm 2")

    assert error.value.messages == [
        "Văn phòng Sở đã thuộc “Khối các cơ quan nội chính”: mỗi đơn vị chỉ thuộc một khối, cụm thi đua "
        "trong một phong trào."
    ]
    assert list(EmulationBloc.objects.values_list("name", flat=True)) == ["Khối các cơ quan nội chính"]


def test_the_same_unit_may_be_in_a_bloc_of_another_campaign(plan_2018, cast, units):
    office = cast["standing_office"]
    _save(plan_2018, office, [MemberInput(units["VP"])])
    later = campaign_copy(source=plan_2018, year=2019)

    _save(later, office, [MemberInput(units["VP"])])

    assert BlocMember.objects.filter(unit=units["VP"]).count() == 2


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ((1, 1), "Văn phòng Sở và Thanh tra Sở không thể cùng xếp hạng 1."),
        ((0, None), "Thứ hạng của Văn phòng Sở phải từ 1 đến 999."),
        ((1000, None), "Thứ hạng của Văn phòng Sở phải từ 1 đến 999."),
    ],
)
def test_a_bad_rank_refused_nothing_written(plan_2018, cast, units, ranks, message):
    with pytest.raises(ValidationError) as error:
        _save(
            plan_2018,
            cast["standing_office"],
            [MemberInput(units["VP"], ranks[0]), MemberInput(units["TTRA"], ranks[1])],
        )

    assert error.value.messages == [message]
    assert not EmulationBloc.objects.exists()


def test_the_database_refuses_a_duplicate_rank_too(plan_2018, cast, units):
    bloc = _save(plan_2018, cast["standing_office"], [MemberInput(units["VP"], 1)])

    with pytest.raises(ValidationError) as error:
        BlocMember(bloc=bloc, campaign=plan_2018, unit=units["TTRA"], rank=1).full_clean()

    assert error.value.messages == ["Hai đơn vị trong một khối, cụm không thể cùng thứ hạng."]


def test_editing_a_bloc_replaces_its_members(plan_2018, cast, units):
    office = cast["standing_office"]
    bloc = _save(plan_2018, office, [MemberInput(units["VP"]), MemberInput(units["TTRA"])])

    _save(plan_2018, office, [MemberInput(units["TTRA"], 1), MemberInput(units["TGPL"], 2)], bloc=bloc)

    assert list(bloc.members.values_list("unit__code", "rank")) == [("TTRA", 1), ("TGPL", 2)]


def test_a_secretary_cannot_change_blocs(plan_2018, cast, units):
    with pytest.raises(PermissionDenied):
        _save(plan_2018, cast["secretary"], [MemberInput(units["VP"])])

    assert not EmulationBloc.objects.exists()


def test_a_closed_campaign_keeps_its_blocs(plan_2018, cast, units):
    plan_2018.closed = True
    plan_2018.save()

    with pytest.raises(ValidationError) as error:
        _save(plan_2018, cast["standing_office"], [MemberInput(units["VP"])])

    assert error.value.code == "closed"


def test_the_office_ranks_the_units_on_the_bloc_page(client, cast, plan_2018, units):
    client.force_login(cast["standing_office"])
    data = {
        "name": "Cụm thi đua số 3",
        "kind": "cluster",
        "note": "",
        f"member_{units['VP'].pk}": "on",
        f"rank_{units['VP'].pk}": "1",
        f"member_{units['TTRA'].pk}": "on",
        f"rank_{units['TTRA'].pk}": "",
        f"rank_{units['TGPL'].pk}": "3",  # not ticked: not a member, its rank ignored
    }

    response = client.post(reverse("emulation:bloc-create", args=[2018]), data)

    assert response.status_code == 302
    bloc = EmulationBloc.objects.get()
    assert (bloc.name, bloc.kind) == ("Cụm thi đua số 3", "cluster")
    assert list(bloc.members.values_list("unit__code", "rank")) == [("VP", 1), ("TTRA", None)]
    page = client.get(reverse("emulation:bloc-list", args=[2018])).content.decode()
    assert "Cụm thi đua số 3" in page


def test_a_refused_bloc_shows_the_reason_on_its_page(client, cast, plan_2018, units):
    client.force_login(cast["standing_office"])
    data = {
        "name": "Cụm 1",
        "kind": "cluster",
        f"member_{units['VP'].pk}": "on",
        f"rank_{units['VP'].pk}": "1",
        f"member_{units['TTRA'].pk}": "on",
        f"rank_{units['TTRA'].pk}": "1",
    }

    response = client.post(reverse("emulation:bloc-create", args=[2018]), data)

    assert response.status_code == 200
    assert "Văn phòng Sở và Thanh tra Sở không thể cùng xếp hạng 1." in response.content.decode()
    assert not EmulationBloc.objects.exists()


def test_a_bloc_offers_only_the_units_of_no_other_bloc(client, cast, plan_2018, units):
    client.force_login(cast["standing_office"])
    create = reverse("emulation:bloc-create", args=[2018])
    client.post(create, {"name": "Cụm 1", "kind": "cluster", f"member_{units['VP'].pk}": "on"})
    bloc = EmulationBloc.objects.get()

    offered = [unit.code for unit, *_fields in client.get(create).context["form"].rows()]
    own = [
        unit.code
        for unit, *_fields in client.get(reverse("emulation:bloc-update", args=[2018, bloc.pk]))
        .context["form"]
        .rows()
    ]

    assert ("VP" in offered, "TTRA" in offered, "VP" in own) == (False, True, True)


# --- Reward criteria --------------------------------------------------------------------------------------


def _criteria_data(**changes):
    return {
        "title": Title.objects.get(code="GK_GD"),
        "subject": "individual",
        "valid_from": dt.date(2026, 1, 1),
        "decision_number": "12/2026/QĐ-UBND",
        "min_task_grade": "HTTNV",
        "consecutive_years": 0,
        "prior_reward_title": None,
        "text": "Hoàn thành tốt nhiệm vụ và có thành tích được bình xét.",
        "note": "",
        **changes,
    }


def test_criteria_without_a_decision_number_refused(plan_2018, cast):
    with pytest.raises(ValidationError) as error:
        criteria_save(criteria=None, data=_criteria_data(decision_number="  "), by=cast["standing_office"])

    assert error.value.message_dict == {
        "decision_number": ["Hãy nhập số quyết định quy định các tiêu chuẩn."]
    }
    assert not RewardCriteria.objects.exists()


def test_criteria_of_one_reward_from_one_date_twice_refused(plan_2018, cast):
    criteria_save(criteria=None, data=_criteria_data(), by=cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        criteria_save(criteria=None, data=_criteria_data(text="Khác"), by=cast["standing_office"])

    assert error.value.messages == ["Đã có tiêu chuẩn của hình thức khen thưởng này từ ngày này."]
    assert RewardCriteria.objects.count() == 1


def test_a_secretary_cannot_set_criteria(plan_2018, cast):
    with pytest.raises(PermissionDenied):
        criteria_save(criteria=None, data=_criteria_data(), by=cast["secretary"])


def test_criteria_for_picks_the_set_in_force_on_the_date(plan_2018):
    call_command("loaddata", "criteria", verbosity=0)
    gk = Title.objects.get(code="GK_GD")
    newer = RewardCriteria.objects.create(**_criteria_data())

    assert criteria_for(gk, "individual", dt.date(2023, 12, 31)) is None
    assert criteria_for(gk, "individual", dt.date(2025, 12, 31)).valid_from == dt.date(2024, 1, 1)
    assert criteria_for(gk, "individual", dt.date(2026, 1, 1)) == newer
    assert criteria_for(gk, "collective", dt.date(2026, 6, 1)).decision_number == "Chưa xác định [U]"


def test_the_seeded_criteria_are_marked_unverified(plan_2018):
    call_command("loaddata", "criteria", verbosity=0)

    notes = list(RewardCriteria.objects.values_list("title__code", "subject", "note"))

    assert sorted((code, subject) for code, subject, _note in notes) == [
        ("BK_UBND", "collective"),
        ("BK_UBND", "individual"),
        ("GK_GD", "collective"),
        ("GK_GD", "individual"),
    ]
    assert all("[U]" in note for _code, _subject, note in notes)


def test_the_office_adds_criteria_on_the_page(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    data = _criteria_data()
    data.update(title=data["title"].pk, valid_from="2026-01-01", prior_reward_title="")

    response = client.post(reverse("emulation:criteria-create"), data)

    assert response.status_code == 302
    assert RewardCriteria.objects.get().decision_number == "12/2026/QĐ-UBND"
