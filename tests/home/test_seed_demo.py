import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, override_settings

from awards.models import (
    BallotReceipt,
    Decision,
    Dossier,
    DossierDocument,
    DossierHistory,
    ExemplaryModel,
    Nominee,
    RewardRecord,
    SealedTally,
)
from departments.enums import Discipline, Gender
from departments.models import (
    DepartmentPeriod,
    Membership,
    Staff,
    StaffYear,
    Unit,
    UnitEvent,
    User,
    fold_text,
)
from departments.selectors import department_on, unit_name_on, unit_predecessors, units_on
from emulation.demo import DEMO_PASSWORD, default_demo_year
from emulation.enums import DeadlineKind
from emulation.models import (
    Campaign,
    Deadline,
    Extension,
    Phase,
    Registration,
    RegistrationHistory,
    RegistrationLine,
    Target,
)
from initiatives.models import Initiative, InitiativeHistory, ResearchAuthor, ResearchResult, Score

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
UNIT_CODES = ["VP", "TTRA", "XDKTVB", "PBGDPL", "HCTP", "BTTP", "TGPL", "PCC1", "DGTS"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # The demo dossiers carry their documents: keep the files out of the project's media folder.
    settings.MEDIA_ROOT = tmp_path


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Unit,
        Staff,
        StaffYear,
        User,
        Campaign,
        Phase,
        Deadline,
        Target,
        DepartmentPeriod,
        UnitEvent,
        Membership,
    ]
    return {model.__name__: model.objects.count() for model in models}


YEAR_2018 = [
    Registration,
    RegistrationHistory,
    RegistrationLine,
    Initiative,
    InitiativeHistory,
    Score,
    Dossier,
    DossierHistory,
    DossierDocument,
    Nominee,
    BallotReceipt,
    SealedTally,
    Decision,
    RewardRecord,
    ExemplaryModel,
    Extension,
    ResearchResult,
    ResearchAuthor,
]


def year_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in YEAR_2018}


def login(username: str, password: str) -> bool:
    # django-axes checks every login against its lockout table, so it needs the request.
    return Client().login(request=HttpRequest(), username=username, password=password)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_twice_same_counts():
    seed("--year", "2030")
    first, first_year = counts(), year_counts()
    plan = Campaign.objects.get(year=2018)

    seed("--year", "2030")

    assert (counts(), year_counts()) == (first, first_year)
    plan.refresh_from_db()
    assert (plan.registrations_sent_on, plan.registrations_sent_reference) == (
        dt.date(2018, 2, 7),
        "12/BC-STP",
    )
    assert first_year == {
        "Registration": 9,
        "RegistrationHistory": 26,
        "RegistrationLine": 77,
        "Initiative": 6,
        "InitiativeHistory": 25,
        "Score": 18,
        # HCTP's sheet was returned and never sent again: nobody of HCTP is registered, so no dossier.
        "Dossier": 8,
        "DossierHistory": 48,
        "DossierDocument": 86,
        "Nominee": 70,
        # The council's three members voted; the ballot is closed, so no sealed tally remains.
        "BallotReceipt": 3,
        "SealedTally": 0,
        "Decision": 2,
        "RewardRecord": 266,
        "ExemplaryModel": 2,
        "Extension": 0,
        "ResearchResult": 1,
        "ResearchAuthor": 2,
    }
    assert first == {
        "Unit": 9,
        "Staff": 80,
        "StaffYear": 298,
        "User": 18,
        "Campaign": 3,
        "Phase": 6,
        "Deadline": 12,
        "Target": 24,
        "DepartmentPeriod": 2,
        "UnitEvent": 2,
        # 80 people, 7 of them moved from PBGDPL into XDKTVB on 01/07/2025.
        "Membership": 87,
    }


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_2018_year_through_the_workflows():
    seed("--year", "2030")
    plan = Campaign.objects.get(year=2018)

    sheets = {sheet.unit.code: sheet.state for sheet in plan.registrations.select_related("unit")}
    returned = RegistrationHistory.objects.filter(registration__unit__code="HCTP").last()
    deadlines = {deadline.kind: deadline.due_at for deadline in plan.deadlines.all()}
    rejected = Nominee.objects.filter(director_decision="rejected").order_by("staff__code")

    assert sheets == dict.fromkeys(UNIT_CODES, "accepted") | {"HCTP": "returned", "BTTP": "submitted"}
    assert (returned.from_state, returned.to_state, returned.actor.username, returned.comment) == (
        "submitted",
        "returned",
        "thuongtruc",
        "Đề nghị bổ sung cam kết của tập thể.",
    )
    # The leaver was on the sheet made in January; her leaving is recorded after it.
    assert RegistrationLine.objects.filter(staff__code="VP-014", title__code="LDTT").count() == 1
    assert Staff.objects.get(code="VP-014").left_on == dt.date(2018, 8, 31)
    assert sorted(Initiative.objects.values_list("state", "scope")) == [
        ("not_recognised", ""),
        *[("recognised", "base")] * 4,
        ("recognised", "provincial"),
    ]
    assert set(plan.dossiers.values_list("state", flat=True)) == {"decided"}
    assert [decision.reference for decision in Decision.objects.order_by("kind")] == [
        "01/QĐ-STP",
        "01/TTr-STP",
    ]
    assert [(n.staff.code, n.title.code) for n in rejected] == [("DGTS-006", "CSTDCS"), ("VP-003", "CSTDCS")]
    assert not Nominee.objects.filter(decision__kind="submission").exclude(higher_result="approved").exists()
    assert deadlines == {
        DeadlineKind.REGISTRATION: dt.datetime(2018, 1, 15, tzinfo=VIETNAM),
        DeadlineKind.REPORT_HOME_AFFAIRS: dt.datetime(2018, 2, 10, tzinfo=VIETNAM),
        DeadlineKind.INITIATIVES: dt.datetime(2018, 11, 1, tzinfo=VIETNAM),
        DeadlineKind.NOMINATIONS: dt.datetime(2018, 11, 20, tzinfo=VIETNAM),
    }


@pytest.mark.django_db
def test_seed_demo_units_in_plan_order():
    seed("--year", "2030")

    units = list(Unit.objects.values_list("code", "display_order", "is_demo"))

    assert units == [(code, 10 * (n + 1), True) for n, code in enumerate(UNIT_CODES)]


@pytest.mark.django_db
def test_seed_demo_staff_leaders_share():
    seed("--year", "2030")

    total = Staff.objects.count()
    leaders = Staff.objects.filter(is_leader=True).count()

    assert total == 80
    assert 0.15 <= leaders / total <= 0.25


@pytest.mark.django_db
def test_seed_demo_staff_one_head_per_unit():
    seed("--year", "2030")

    heads = Staff.objects.filter(is_leader=True).exclude(position__startswith="Phó")
    # In 2018, before the 2025 reorganisation merged PBGDPL into XDKTVB.
    units_2018 = units_on(dt.date(2018, 12, 31), staff_ids=list(heads.values_list("pk", flat=True)))
    codes = Unit.objects.in_bulk(list(units_2018.values()))

    assert sorted(codes[unit_id].code for unit_id in units_2018.values()) == sorted(UNIT_CODES)


@pytest.mark.django_db
def test_seed_demo_staff_names_vietnamese():
    seed("--year", "2030")

    names = list(Staff.objects.values_list("full_name", flat=True))

    assert any("ễ" in name or "ư" in name or "Đ" in name for name in names)
    assert all(len(name.split()) >= 3 for name in names)
    assert Staff.objects.filter(gender=Gender.FEMALE, full_name__contains=" Văn ").count() == 0


@pytest.mark.django_db
def test_seed_demo_staff_search_text_folded():
    seed("--year", "2030")

    staff = Staff.objects.get(code="VP-001")

    assert staff.search_text == fold_text(f"{staff.full_name} VP-001 Chánh Văn phòng")
    assert staff.search_text.endswith(" vp-001 chanh van phong")
    assert staff.search_text.isascii()


@pytest.mark.django_db
def test_seed_demo_staff_years_follow_recruitment():
    seed("--year", "2030")

    recruit = Staff.objects.get(code="TGPL-014")
    leaver = Staff.objects.get(code="VP-014")

    assert recruit.recruited_on == dt.date(2018, 3, 1)
    assert list(recruit.years.values_list("year", "months_served")) == [(2018, 10)]
    assert leaver.left_on == dt.date(2018, 8, 31)
    assert leaver.years.get(year=2018).months_served == 8
    assert StaffYear.objects.filter(year__lt=2015).count() == 0


@pytest.mark.django_db
def test_seed_demo_staff_years_2018_edge_cases():
    seed("--year", "2030")

    disciplined = StaffYear.objects.filter(year=2018).exclude(discipline=Discipline.NONE)
    maternity = StaffYear.objects.filter(year=2018, counted_leave_note="Nghỉ thai sản 6 tháng")

    assert sorted(disciplined.values_list("discipline", flat=True)) == [
        Discipline.REPRIMAND,
        Discipline.WARNING,
    ]
    assert maternity.count() == 2
    assert set(maternity.values_list("staff__gender", "months_served")) == {(Gender.FEMALE, 12)}


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_accounts_roles():
    seed("--year", "2030")

    users = {user.username: user for user in User.objects.select_related("unit")}

    assert sorted(users) == sorted(
        [
            "giamdoc",
            "thuongtruc",
            "hoidong1",
            "hoidong2",
            "hoidong3",
            "sangkien1",
            "sangkien2",
            "sangkien3",
            "quantri",
            *[f"thuky-{code.lower()}" for code in UNIT_CODES],
        ]
    )
    assert users["giamdoc"].roles == ["director"]
    assert users["thuongtruc"].roles == ["standing_office"]
    assert [users[f"hoidong{n}"].roles for n in (1, 2, 3)] == [["council_member"]] * 3
    assert [users[f"sangkien{n}"].roles for n in (1, 2, 3)] == [["initiative_council"]] * 3
    assert (users["quantri"].is_superuser, users["quantri"].is_staff) == (True, True)
    assert users["thuky-tgpl"].roles == ["secretary"]
    assert users["thuky-tgpl"].unit.code == "TGPL"
    assert User.objects.filter(is_staff=True).count() == 1


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_login_works():
    seed("--year", "2030")

    assert login("thuky-vp", DEMO_PASSWORD) is True


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_rerun_resets_password_and_roles():
    seed("--year", "2030")
    user = User.objects.get(username="thuky-vp")
    user.set_password("something-else")
    user.is_director = True
    user.save()

    seed("--year", "2030")

    user.refresh_from_db()
    assert user.roles == ["secretary"]
    assert login("thuky-vp", DEMO_PASSWORD) is True


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_prints_accounts():
    output = seed("--year", "2030")

    assert "Tài khoản demo (mật khẩu chung: thidua-demo):" in output
    assert "thuky-pcc1" in output
    assert "Phòng Công chứng số 1" in output


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_seed_demo_debug_off_no_users():
    output = seed("--year", "2030")

    assert User.objects.count() == 0
    assert "không tạo tài khoản demo" in output
    assert Staff.objects.count() == 80


@pytest.mark.django_db
def test_seed_demo_year_2030_campaign_from_plan():
    seed("--year", "2030")

    campaign = Campaign.objects.get(year=2030)
    registration = campaign.deadlines.get(kind=DeadlineKind.REGISTRATION)

    assert campaign.name == "Phong trào thi đua năm 2030"
    assert campaign.phases.count() == 2
    assert campaign.deadlines.count() == 4
    assert campaign.targets.count() == 8
    assert registration.due_at == dt.datetime(2030, 1, 15, tzinfo=VIETNAM)


@pytest.mark.django_db
def test_seed_demo_year_existing_campaign_kept():
    seed("--year", "2030")
    Campaign.objects.filter(year=2030).update(name="Đã sửa")

    output = seed("--year", "2030")

    assert Campaign.objects.get(year=2030).name == "Đã sửa"
    assert "Phong trào thi đua năm 2030 đã có, giữ nguyên." in output


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (dt.datetime(2026, 11, 28, 9, 0, tzinfo=VIETNAM), 2027),
        (dt.datetime(2027, 1, 14, 23, 59, tzinfo=VIETNAM), 2027),
        (dt.datetime(2027, 1, 15, 0, 0, tzinfo=VIETNAM), 2028),
        # 17:00 UTC on 14/01 is already 00:00 on 15/01 in Vietnam.
        (dt.datetime(2027, 1, 14, 17, 0, tzinfo=dt.UTC), 2028),
        (dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC), 2027),
    ],
)
def test_default_demo_year_at_deadline_edges(now, year):
    assert default_demo_year(now) == year


@pytest.mark.django_db
def test_seed_demo_seeds_the_2025_merger_once():
    seed("--year", "2030")
    seed("--year", "2030")

    merged, successor = Unit.objects.get(code="PBGDPL"), Unit.objects.get(code="XDKTVB")
    moved = Membership.objects.filter(unit=successor, starts_on=dt.date(2025, 7, 1))
    assert (
        department_on(dt.date(2025, 6, 30)).governing_body,
        department_on(dt.date(2025, 7, 1)).governing_body,
    ) == (
        "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
        "UBND TỈNH KHÁNH HÒA",
    )
    assert (merged.valid_to, merged.active, unit_predecessors(successor)) == (
        dt.date(2025, 6, 30),
        False,
        [merged.pk],
    )
    assert (unit_name_on(successor, dt.date(2025, 6, 30)), successor.name) == (
        "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật",
        "Phòng Xây dựng, kiểm tra văn bản và Phổ biến, giáo dục pháp luật",
    )
    assert sorted(moved.values_list("staff__code", flat=True)) == sorted(
        Staff.objects.filter(code__startswith="PBGDPL-", left_on__isnull=True).values_list("code", flat=True)
    )
    assert moved.count() == 7
    assert set(Campaign.objects.values_list("year", flat=True)) == {2018, 2026, 2030}
