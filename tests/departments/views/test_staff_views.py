import pytest
from django.urls import reverse

from departments.models import Staff, StaffYear, Unit
from tests.factories import StaffFactory, UnitFactory

NEW_STAFF = {
    "code": "VP-050",
    "full_name": "Võ Thị Ngọc Ánh",
    "gender": "female",
    "date_of_birth": "1992-07-14",
    "position": "Chuyên viên",
    "employment_type": "civil_servant",
    "recruited_on": "2018-03-01",
}


def test_it_adds_staff_to_own_unit(client, cast, unit):
    client.force_login(cast["secretary"])

    response = client.post(reverse("departments:staff-create", args=[unit.code]), NEW_STAFF)

    staff = Staff.objects.get(code="VP-050")
    assert response.status_code == 302
    assert response.url == staff.get_absolute_url()
    assert (staff.unit, staff.full_name, staff.search_text) == (
        unit,
        "Võ Thị Ngọc Ánh",
        "vo thi ngoc anh vp-050 chuyen vien",
    )


def test_it_refuses_bad_dates_with_message_and_writes_nothing(client, cast, unit):
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("departments:staff-create", args=[unit.code]), {**NEW_STAFF, "left_on": "2017-01-01"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == [
        "Ngày thôi công tác không được trước ngày tuyển dụng."
    ]
    assert not Staff.objects.filter(code="VP-050").exists()


def test_it_refuses_a_stale_edit_and_keeps_the_other_save(client, cast, staff):
    client.force_login(cast["secretary"])
    url = reverse("departments:staff-update", args=[staff.pk])
    form_data = {**NEW_STAFF, "code": staff.code, "full_name": staff.full_name, "version": staff.version}
    client.post(url, {**form_data, "position": "Phó Chánh Văn phòng"})

    response = client.post(url, {**form_data, "position": "Chuyên viên chính"})

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert Staff.objects.get(pk=staff.pk).position == "Phó Chánh Văn phòng"


def test_it_refuses_an_edit_without_version(client, cast, staff):
    client.force_login(cast["secretary"])
    data = {**NEW_STAFF, "code": staff.code, "position": "Chuyên viên chính"}

    response = client.post(reverse("departments:staff-update", args=[staff.pk]), data)

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert Staff.objects.get(pk=staff.pk).position == "Chuyên viên"


def test_it_adds_and_edits_a_yearly_record(client, cast, staff):
    client.force_login(cast["secretary"])
    client.post(
        reverse("departments:staffyear-create", args=[staff.pk]),
        {"year": 2018, "task_grade": "HTTNV", "discipline": "none", "months_served": 12},
    )

    client.post(
        reverse("departments:staffyear-update", args=[staff.pk, 2018]),
        {"task_grade": "HTXSNV", "discipline": "none", "months_served": 12, "version": 1},
    )

    record = StaffYear.objects.get(staff=staff, year=2018)
    assert (record.task_grade, record.version) == ("HTXSNV", 2)


def test_it_refuses_a_second_record_for_the_same_year(client, cast, staff):
    client.force_login(cast["secretary"])
    url = reverse("departments:staffyear-create", args=[staff.pk])
    client.post(url, {"year": 2018, "task_grade": "HTTNV", "discipline": "none", "months_served": 12})

    response = client.post(
        url, {"year": 2018, "task_grade": "HTNV", "discipline": "none", "months_served": 12}
    )

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == ["Cán bộ này đã có kết quả của năm đó."]
    assert StaffYear.objects.get(staff=staff, year=2018).task_grade == "HTTNV"


def test_it_finds_staff_without_diacritics(client, cast, unit):
    StaffFactory(unit=unit, full_name="Nguyễn Thị Thu Hà", code="VP-001")
    StaffFactory(unit=unit, full_name="Đặng Văn Đức", code="VP-002")
    client.force_login(cast["secretary"])

    response = client.get(reverse("departments:unit-detail", args=[unit.code]), {"q": "dang duc"})

    assert [s.full_name for s in response.context["page"]] == ["Đặng Văn Đức"]


def test_it_hides_staff_who_left_unless_asked(client, cast, unit):
    StaffFactory(unit=unit, full_name="Lê Thị Hồng", code="VP-003", left_on="2018-08-31")
    client.force_login(cast["secretary"])
    url = reverse("departments:unit-detail", args=[unit.code])

    hidden = client.get(url).context["page"]
    shown = client.get(url, {"include_left": "on"}).context["page"]

    assert (len(hidden), [s.full_name for s in shown]) == (0, ["Lê Thị Hồng"])


def test_it_paginates_staff(client, cast, unit, settings):
    settings.STAFF_PAGE_SIZE = 10
    StaffFactory.create_batch(23, unit=unit)
    client.force_login(cast["secretary"])

    response = client.get(reverse("departments:unit-detail", args=[unit.code]), {"page": 3})

    assert (response.context["page"].number, len(response.context["page"])) == (3, 3)


@pytest.mark.parametrize("count", [1, 20])
def test_staff_list_query_count_does_not_grow_with_rows(client, cast, unit, django_assert_num_queries, count):
    StaffFactory.create_batch(count, unit=unit)
    client.force_login(cast["secretary"])

    # session, user, unit, count, page of staff, the unit's events, its predecessors (the permissions are
    # the rules': no lookup)
    with django_assert_num_queries(8):  # +1: the navbar bell's unread count (notifications)
        client.get(reverse("departments:unit-detail", args=[unit.code]))


@pytest.mark.parametrize("count", [1, 50])
def test_unit_list_query_count_does_not_grow_with_units(client, cast, django_assert_num_queries, count):
    for unit in UnitFactory.create_batch(count):
        StaffFactory(unit=unit)
    client.force_login(cast["standing_office"])

    # session, user, count of the units, the page of units with their staff counts
    with django_assert_num_queries(5):  # +1: the navbar bell's unread count (notifications)
        client.get(reverse("departments:unit-list"))


def test_the_unit_list_is_paged_with_its_staff_counts(client, cast, unit, settings):
    settings.LIST_PAGE_SIZE = 2
    StaffFactory.create_batch(3, unit=unit)
    StaffFactory(unit=unit, is_leader=True)
    UnitFactory(code="ZZ", name="Trung tâm", display_order=99)
    for order, code in enumerate(["VP", "TTRA"]):
        Unit.objects.filter(code=code).update(display_order=order)
    client.force_login(cast["standing_office"])

    first = client.get(reverse("departments:unit-list"))
    last = client.get(reverse("departments:unit-list"), {"page": 2})

    rows = [(u.code, u.staff_count, u.leader_count) for u in first.context["paged"]]
    assert (first.context["paged"].page.paginator.count, rows) == (3, [("VP", 4, 1), ("TTRA", 0, 0)])
    assert [u.code for u in last.context["paged"]] == ["ZZ"]


def test_the_unit_list_searches_and_filters(client, cast, unit):
    UnitFactory(code="TTYT", name="Trung tâm Y tế", kind="affiliate", display_order=1001)
    ended = UnitFactory(
        code="CU", name="Trung tâm cũ", valid_to="2020-12-31", active=False, display_order=1002
    )
    client.force_login(cast["standing_office"])
    url = reverse("departments:unit-list")

    def codes(**query):
        return [u.code for u in client.get(url, query).context["paged"]]

    assert codes(q="trung") == ["TTYT", "CU"]
    assert (codes(q="trung", state="active"), codes(state="dissolved")) == (["TTYT"], [ended.code])
    assert codes(q="vp") == ["VP"]
    assert codes(kind="affiliate") == ["TTYT"]
