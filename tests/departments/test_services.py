import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from departments import services
from departments.models import Staff, StaffYear


@pytest.fixture
def staff_data():
    return {
        "code": "VP-010",
        "full_name": "Đặng Thị Mỹ Linh",
        "gender": "female",
        "date_of_birth": dt.date(1990, 2, 3),
        "position": "Chuyên viên",
        "is_leader": False,
        "employment_type": "civil_servant",
        "recruited_on": dt.date(2014, 9, 1),
        "left_on": None,
    }


@pytest.mark.django_db
def test_staff_create_fills_search_text(unit, staff_data):
    staff = services.staff_create(unit=unit, data=staff_data)

    assert staff.search_text == "dang thi my linh vp-010 chuyen vien"
    assert staff.version == 1


@pytest.mark.django_db
def test_staff_create_bad_dates_refused_nothing_written(unit, staff_data):
    staff_data["left_on"] = dt.date(2010, 1, 1)

    with pytest.raises(ValidationError) as error:
        services.staff_create(unit=unit, data=staff_data)

    assert error.value.messages == ["Ngày thôi công tác không được trước ngày tuyển dụng."]
    assert Staff.objects.count() == 0


@pytest.mark.django_db
def test_staff_update_bumps_version(staff):
    updated = services.staff_update(staff=staff, version=1, data={"position": "Phó Chánh Văn phòng"})

    assert (updated.position, updated.version) == ("Phó Chánh Văn phòng", 2)


@pytest.mark.django_db
def test_staff_update_stale_version_refused_nothing_written(staff):
    services.staff_update(staff=Staff.objects.get(pk=staff.pk), version=1, data={"position": "A"})

    with pytest.raises(ValidationError) as error:
        services.staff_update(staff=Staff.objects.get(pk=staff.pk), version=1, data={"position": "B"})

    assert error.value.code == "stale"
    assert Staff.objects.get(pk=staff.pk).position == "A"


@pytest.mark.django_db
def test_staff_year_save_creates_then_updates(staff):
    services.staff_year_save(staff=staff, year=2018, version=None, data={"task_grade": "HTTNV"})

    record = services.staff_year_save(staff=staff, year=2018, version=1, data={"task_grade": "HTXSNV"})

    assert (record.task_grade, record.version) == ("HTXSNV", 2)
    assert StaffYear.objects.filter(staff=staff).count() == 1


@pytest.mark.django_db
def test_staff_year_save_duplicate_year_refused(staff):
    services.staff_year_save(staff=staff, year=2018, version=None, data={"task_grade": "HTTNV"})

    with pytest.raises(ValidationError) as error:
        services.staff_year_save(staff=staff, year=2018, version=None, data={"task_grade": "HTNV"})

    assert error.value.messages == ["Cán bộ này đã có kết quả của năm đó."]
    assert StaffYear.objects.get(staff=staff, year=2018).task_grade == "HTTNV"


@pytest.mark.django_db
def test_staff_year_save_stale_version_refused(staff):
    services.staff_year_save(staff=staff, year=2018, version=None, data={"months_served": 12})
    services.staff_year_save(staff=staff, year=2018, version=1, data={"months_served": 11})

    with pytest.raises(ValidationError):
        services.staff_year_save(staff=staff, year=2018, version=1, data={"months_served": 9})

    assert StaffYear.objects.get(staff=staff, year=2018).months_served == 11
