from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from awards.enums import DecisionKind, DossierState
from awards.models import CouncilSession, Decision, Dossier, Nominee, RewardRecord
from departments.models import Membership, Staff, StaffYear, Unit, UnitYear, User
from emulation.enums import RegistrationState
from emulation.models import BlocMember, Campaign, Registration, RegistrationLine
from home.scale import unit_sizes
from initiatives.enums import InitiativeState
from initiatives.models import EvaluationRound, Initiative, InitiativeAuthor

UNITS, STAFF = 6, 80


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_scale", "--units", str(UNITS), "--staff", str(STAFF), *args, stdout=out)
    return out.getvalue()


def test_unit_sizes_add_up_with_the_first_unit_the_biggest():
    import random

    sizes = unit_sizes(random.Random(1), units=1009, staff=30080)

    assert (len(sizes), sum(sizes), min(sizes) >= 3) == (1009, 30080, True)
    assert sizes[0] == max(sizes)
    assert 500 <= sizes[0] <= 700


@pytest.mark.django_db
def test_seed_scale_creates_the_campaign_carried_through():
    out = seed()

    campaign = Campaign.objects.get(year=2018)
    assert (Unit.objects.count(), Staff.objects.count(), Membership.objects.count()) == (UNITS, STAFF, STAFF)
    assert UnitYear.objects.count() == UNITS * 4
    assert set(StaffYear.objects.values_list("year", flat=True)) == {2015, 2016, 2017, 2018}
    assert StaffYear.objects.count() > STAFF * 3
    sheets = Registration.objects.filter(campaign=campaign)
    assert (sheets.count(), set(sheets.values_list("state", flat=True))) == (
        UNITS,
        {RegistrationState.ACCEPTED},
    )
    assert RegistrationLine.objects.filter(registration__campaign=campaign).count() > STAFF * 0.8
    assert campaign.registrations_sent_on is not None
    assert BlocMember.objects.filter(campaign=campaign).exists()
    initiatives = Initiative.objects.filter(campaign=campaign)
    assert initiatives.filter(state=InitiativeState.RECOGNISED).exists()
    assert InitiativeAuthor.objects.count() >= initiatives.count()
    assert EvaluationRound.objects.get(campaign=campaign).closed_at is not None
    assert Dossier.objects.filter(campaign=campaign).count() == UNITS
    assert CouncilSession.objects.get(campaign=campaign).closed_at is not None
    decided = Nominee.objects.filter(dossier__state=DossierState.DECIDED)
    assert decided.filter(council_passed=True, decision__kind=DecisionKind.DECISION).exists()
    assert Decision.objects.filter(campaign=campaign).count() == 2
    assert set(RewardRecord.objects.values_list("year", flat=True)) == {2015, 2016, 2017, 2018}
    assert "giamdoc" in out
    assert User.objects.get(username="giamdoc").check_password("thidua-demo")


class _Undo(Exception):
    pass


def _staff_and_grades() -> tuple[list, list]:
    staff = Staff.objects.order_by("code").values_list("code", "full_name", "position", "unit__code")
    grades = StaffYear.objects.order_by("staff__code", "year").values_list(
        "staff__code", "year", "task_grade"
    )
    return list(staff), list(grades)


def _seeded_then_undone(*args: str) -> tuple[list, list]:
    """What a run writes, rolled back: the command refuses a database that already holds a set."""
    try:
        with transaction.atomic():
            seed(*args)
            result = _staff_and_grades()
            raise _Undo
    except _Undo:
        return result


@pytest.mark.django_db
def test_seed_scale_is_deterministic_for_a_seed():
    first = _seeded_then_undone("--seed", "7")
    assert Unit.objects.count() == 0

    seed("--seed", "7")

    assert _staff_and_grades() == first
    assert len(first[0]) == STAFF


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_with_data():
    seed()

    with pytest.raises(CommandError, match="chỉ được nạp vào một cơ sở dữ liệu mới"):
        seed()
    assert Unit.objects.count() == UNITS


@pytest.mark.django_db
def test_seed_scale_refuses_too_few_staff():
    with pytest.raises(CommandError, match="Cần ít nhất 3 người mỗi đơn vị"):
        call_command("seed_scale", "--units", "10", "--staff", "20", stdout=StringIO())
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_seeded_campaign_pages_answer_for_the_director():
    seed()
    client = Client()
    client.force_login(User.objects.get(username="giamdoc"))
    big = Unit.objects.order_by("display_order").first()
    dossier = Dossier.objects.filter(state=DossierState.DECIDED).first()
    paths = [
        "/",
        "/campaigns/2018/",
        "/units/",
        f"/units/{big.code}/",
        "/campaigns/2018/registrations/",
        f"/campaigns/2018/registrations/{big.code}/",
        f"/campaigns/2018/eligibility/?unit={big.code}",
        "/campaigns/2018/targets/",
        "/initiatives/",
        f"/initiatives/rounds/{EvaluationRound.objects.get().pk}/",
        "/dossiers/",
        f"/dossiers/{dossier.pk}/",
        "/council/",
        f"/council/{CouncilSession.objects.get().pk}/",
        "/decisions/",
        f"/decisions/{Decision.objects.filter(kind=DecisionKind.DECISION).get().pk}/",
        "/rewards/",
        "/notifications/",
    ]

    statuses = {path: client.get(path).status_code for path in paths}

    assert statuses == dict.fromkeys(paths, 200)
