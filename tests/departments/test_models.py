import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from departments.models import Staff, StaffYear, User, fold_text, position_rank
from tests.factories import StaffFactory, StaffYearFactory, UnitFactory


@pytest.mark.django_db
def test_staffyear_second_record_for_same_year_refused_by_database(staff):
    StaffYearFactory(staff=staff, year=2018)

    with pytest.raises(IntegrityError), transaction.atomic():
        StaffYear.objects.create(staff=staff, year=2018)

    assert StaffYear.objects.filter(staff=staff).count() == 1


@pytest.mark.django_db
def test_staffyear_more_than_12_months_refused_by_database(staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffYear.objects.create(staff=staff, year=2018, months_served=13)

    assert StaffYear.objects.count() == 0


@pytest.mark.django_db
def test_staff_code_unique(unit):
    StaffFactory(unit=unit, code="VP-001")

    with pytest.raises(IntegrityError), transaction.atomic():
        StaffFactory(unit=unit, code="VP-001")

    assert Staff.objects.filter(code="VP-001").count() == 1


@pytest.mark.django_db
def test_staff_leaving_before_recruitment_refused_by_database(unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffFactory(unit=unit, recruited_on=dt.date(2018, 3, 1), left_on=dt.date(2018, 2, 28))

    assert Staff.objects.count() == 0


@pytest.mark.django_db
def test_staff_leaving_on_recruitment_day_allowed(unit):
    staff = StaffFactory(unit=unit, recruited_on=dt.date(2018, 3, 1), left_on=dt.date(2018, 3, 1))

    assert staff.left_on == staff.recruited_on


@pytest.mark.django_db
def test_staff_born_after_recruitment_refused_by_database(unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffFactory(unit=unit, date_of_birth=dt.date(2000, 1, 1), recruited_on=dt.date(1999, 1, 1))

    assert Staff.objects.count() == 0


@pytest.mark.django_db
def test_secretary_without_unit_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="thuky", is_secretary=True)

    assert User.objects.count() == 0


@pytest.mark.django_db
def test_user_roles_lists_every_flag_held():
    unit = UnitFactory()
    user = User(username="a", is_secretary=True, unit=unit, is_council_member=True, is_director=True)

    assert [role.value for role in user.roles] == ["secretary", "council_member", "director"]


def test_user_full_name_in_vietnamese_order():
    assert User(first_name="Thị Lan", last_name="Nguyễn").get_full_name() == "Nguyễn Thị Lan"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thị Thu Hà", "nguyen thi thu ha"),
        ("ĐẶNG VĂN ĐỨC", "dang van duc"),
        ("Phòng Công chứng số 1", "phong cong chung so 1"),
    ],
)
def test_fold_text_removes_diacritics_and_case(text, folded):
    assert fold_text(text) == folded


VIETNAMESE_ORDER = [
    "Trần Văn An",
    "Phạm Văn Anh",
    "Phạm Văn Ánh",
    "Hoàng Văn Ăn",
    "Vũ Thị Ân",
    "Ngô Thị Bình",
    "Đỗ Minh Dũng",
    "Đặng Văn Đức",
    "Nguyễn Thị Lan",
    "Trần Thị Lan",
]


def test_names_sort_as_vietnamese_readers_expect(db):
    """By given name, then family and middle names; Đ after D, Ă and Â after A; tones break ties."""
    unit = UnitFactory()
    for name in reversed(VIETNAMESE_ORDER):
        StaffFactory(unit=unit, full_name=name)

    assert list(Staff.objects.filter(unit=unit).values_list("full_name", flat=True)) == VIETNAMESE_ORDER


@pytest.mark.parametrize(
    ("position", "rank"),
    [
        ("Giám đốc Sở", 1),
        ("Chánh Văn phòng", 1),
        ("Trưởng phòng", 1),
        ("  phó   giám đốc", 2),
        ("Phó Chánh Thanh tra", 2),
        ("Kế toán trưởng", 3),
        ("Chuyên viên", 3),
        ("", 3),
    ],
)
def test_position_rank_puts_heads_before_deputies_before_everyone_else(position, rank):
    assert position_rank(position) == rank


def test_a_unit_lists_its_head_then_deputies_then_staff_by_name(db):
    """Within a unit: Giám đốc before Phó Giám đốc before everyone else, whatever their names (issue 9)."""
    from departments import services

    unit = UnitFactory()
    common = {"gender": "female", "employment_type": "civil_servant", "recruited_on": dt.date(2010, 1, 1)}
    for code, name, position in [
        ("S1", "Lê Văn An", "Chuyên viên"),
        ("S2", "Trần Thị Bình", "Phó Giám đốc"),
        ("S3", "Nguyễn Văn Yên", "Giám đốc"),
        ("S4", "Phạm Anh", "Phó Giám đốc"),
    ]:
        services.staff_create(
            unit=unit, data={"code": code, "full_name": name, "position": position, **common}
        )
    assert list(Staff.objects.filter(unit=unit).values_list("code", flat=True)) == ["S3", "S4", "S2", "S1"]
