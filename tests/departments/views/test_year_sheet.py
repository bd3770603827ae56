"""A unit's yearly records on one page and from Excel: all lines or none, each bad line named (issue 9)."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from departments.enums import Discipline, TaskGrade
from departments.models import StaffYear
from departments.yearsheet import FIRST_LINE
from tests.factories import StaffFactory, StaffYearFactory

YEAR = 2024


@pytest.fixture
def team(unit):
    """Three people of the unit in 2024 (one with a record already) and one who left in 2023."""
    people = {
        "an": StaffFactory(
            unit=unit, code="VP-101", full_name="Trần Văn An", recruited_on=dt.date(2010, 1, 1)
        ),
        "binh": StaffFactory(
            unit=unit, code="VP-102", full_name="Lê Thị Bình", recruited_on=dt.date(2012, 1, 1)
        ),
        "chi": StaffFactory(unit=unit, code="VP-103", full_name="Phạm Chi", recruited_on=dt.date(2015, 1, 1)),
    }
    StaffFactory(
        unit=unit,
        code="VP-104",
        full_name="Đỗ Đã Nghỉ",
        recruited_on=dt.date(2000, 1, 1),
        left_on=dt.date(2023, 6, 1),
    )
    StaffYearFactory(staff=people["binh"], year=YEAR, task_grade=TaskGrade.COMPLETED)
    return people


def _url(unit, name="unit-years"):
    return reverse(f"departments:{name}", args=[unit.code, YEAR])


def _line(person, **values):
    line = {
        "task_grade": "",
        "discipline": Discipline.NONE,
        "months_served": 12,
        "counted_leave_months": 0,
        "training_months": 0,
    }
    line.update(values)
    return {f"s{person.pk}-{field}": value for field, value in line.items()}


def _post_data(team, **lines):
    data = {}
    for key, person in team.items():
        record = StaffYear.objects.filter(staff=person, year=YEAR).first()
        values = lines.get(key, {})
        if record and not values:
            values = {"task_grade": record.task_grade}
        data.update(_line(person, **values))
        if record:
            data[f"s{person.pk}-version"] = record.version
    return data


@pytest.mark.django_db
def test_the_sheet_lists_who_worked_that_year_each_input_labelled(client, cast, unit, team):
    client.force_login(cast["secretary"])
    page = client.get(_url(unit)).content.decode()
    for person in team.values():
        assert person.full_name in page
        assert f'aria-label="Xếp loại chất lượng — {person.full_name}"' in page
    assert "Đỗ Đã Nghỉ" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("other_secretary", 404), ("council_member", 403), ("director", 403)]
)
def test_only_the_unit_and_the_office_open_the_sheet(client, cast, unit, team, role, status):
    client.force_login(cast[role])
    assert client.get(_url(unit)).status_code == status
    assert client.post(_url(unit), _post_data(team, an={"task_grade": "HTXSNV"})).status_code == status
    assert not StaffYear.objects.filter(staff=team["an"]).exists()


@pytest.mark.django_db
def test_saving_writes_the_changed_lines_only(client, cast, unit, team):
    client.force_login(cast["secretary"])
    before = StaffYear.objects.get(staff=team["binh"], year=YEAR).version
    data = _post_data(
        team, an={"task_grade": "HTXSNV"}, chi={"task_grade": "HTTNV", "discipline": "reprimand"}
    )
    response = client.post(_url(unit), data)
    assert response.status_code == 302
    assert StaffYear.objects.get(staff=team["an"], year=YEAR).task_grade == TaskGrade.EXCELLENT
    chi = StaffYear.objects.get(staff=team["chi"], year=YEAR)
    assert (chi.task_grade, chi.discipline) == (TaskGrade.GOOD, Discipline.REPRIMAND)
    assert StaffYear.objects.get(staff=team["binh"], year=YEAR).version == before  # unchanged, not rewritten


@pytest.mark.django_db
def test_one_bad_line_saves_nothing_and_is_marked(client, cast, unit, team):
    client.force_login(cast["secretary"])
    data = _post_data(team, an={"task_grade": "HTXSNV"}, chi={"task_grade": "HTTNV", "months_served": 13})
    response = client.post(_url(unit), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa lưu dòng nào" in page
    assert page.count('class="table-danger"') == 1
    assert not StaffYear.objects.filter(staff__in=[team["an"], team["chi"]]).exists()


@pytest.mark.django_db
def test_a_line_changed_by_someone_else_meanwhile_refuses_the_whole_sheet(client, cast, unit, team):
    client.force_login(cast["secretary"])
    data = _post_data(team, an={"task_grade": "HTXSNV"}, binh={"task_grade": "HTTNV"})
    StaffYear.objects.filter(staff=team["binh"]).update(version=99)
    response = client.post(_url(unit), data)
    assert response.status_code == 200
    assert "Lê Thị Bình" in response.content.decode()
    assert not StaffYear.objects.filter(staff=team["an"]).exists()
    assert StaffYear.objects.get(staff=team["binh"]).task_grade == TaskGrade.COMPLETED


@pytest.mark.django_db
def test_a_crafted_line_for_another_units_person_is_ignored(client, cast, unit, team, other_staff):
    client.force_login(cast["secretary"])
    data = {**_post_data(team), **_line(other_staff, task_grade="KHTNV")}
    client.post(_url(unit), data)
    assert not StaffYear.objects.filter(staff=other_staff).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1989, 2100])
def test_a_year_outside_the_records_is_not_found(client, cast, unit, year):
    client.force_login(cast["secretary"])
    assert client.get(reverse("departments:unit-years", args=[unit.code, year])).status_code == 404


# --- Excel ------------------------------------------------------------------------------------------------


def _downloaded(client, unit):
    response = client.get(_url(unit, "unit-years-file"))
    assert response.status_code == 200
    assert "ket-qua-2024-VP.xlsx" in response["Content-Disposition"]
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def _upload(client, unit, book, name="ket-qua.xlsx"):
    out = BytesIO()
    book.save(out)
    return client.post(_url(unit, "unit-years-import"), {"file": SimpleUploadedFile(name, out.getvalue())})


def _rows(book):
    return {row[0].value: row for row in book.active.iter_rows(min_row=FIRST_LINE)}


@pytest.mark.django_db
def test_the_workbook_carries_each_line_and_comes_back_saved(client, cast, unit, team):
    client.force_login(cast["secretary"])
    book = _downloaded(client, unit)
    rows = _rows(book)
    assert set(rows) == {"VP-101", "VP-102", "VP-103"}
    assert rows["VP-102"][2].value == "HTNV"
    rows["VP-101"][2].value = "htxsnv"  # any case
    rows["VP-103"][2].value = "Hoàn thành tốt nhiệm vụ (HTTNV)"  # or the label
    rows["VP-103"][3].value = "Khiển trách"  # as the workbook's drop-down writes it
    rows["VP-103"][4].value = 10.0
    response = _upload(client, unit, book)
    assert response.status_code == 302
    assert StaffYear.objects.get(staff=team["an"], year=YEAR).task_grade == TaskGrade.EXCELLENT
    chi = StaffYear.objects.get(staff=team["chi"], year=YEAR)
    assert (chi.task_grade, chi.discipline, chi.months_served) == (TaskGrade.GOOD, Discipline.REPRIMAND, 10)


@pytest.mark.django_db
def test_a_workbook_with_bad_lines_saves_nothing_and_names_each_line(client, cast, unit, team):
    client.force_login(cast["secretary"])
    book = _downloaded(client, unit)
    rows = _rows(book)
    rows["VP-101"][2].value = "HTXSNV"
    rows["VP-102"][2].value = "Xuất sắc lắm"
    rows["VP-103"][4].value = "mười"
    book.active.append(["TTRA-001", "Người lạ", "HTNV"])
    response = _upload(client, unit, book)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 3 (VP-101)" not in page
    assert "Dòng 4 (VP-102)" in page
    assert "Xuất sắc lắm" in page
    assert "Dòng 5 (VP-103)" in page
    assert "mười" in page
    assert "Dòng 6 (TTRA-001)" in page
    assert not StaffYear.objects.filter(staff=team["an"]).exists()


@pytest.mark.django_db
def test_a_workbook_line_out_of_range_is_refused_by_the_records_rules(client, cast, unit, team):
    client.force_login(cast["secretary"])
    book = _downloaded(client, unit)
    _rows(book)["VP-101"][4].value = 14
    response = _upload(client, unit, book)
    assert "Dòng 3 (VP-101)" in response.content.decode()
    assert not StaffYear.objects.filter(staff=team["an"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"), [("ket-qua.xlsx", b"not a workbook at all"), ("ket-qua.pdf", b"%PDF-1.4\n%%EOF\n")]
)
def test_a_file_that_is_not_the_workbook_is_refused(client, cast, unit, team, name, content):
    client.force_login(cast["secretary"])
    response = client.post(_url(unit, "unit-years-import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert "Không có gì được lưu từ tệp." in response.content.decode()
    assert not StaffYear.objects.filter(staff__unit=unit, year=YEAR).exclude(staff=team["binh"]).exists()


@pytest.mark.django_db
def test_a_workbook_of_someone_elses_making_is_read_by_its_columns(client, cast, unit, team):
    client.force_login(cast["standing_office"])
    book = Workbook()
    book.active.append(["any title"])
    book.active.append(["code", "name", "grade"])
    book.active.append(["VP-101", "Trần Văn An", "HTNV"])
    assert _upload(client, unit, book).status_code == 302
    assert StaffYear.objects.get(staff=team["an"], year=YEAR).task_grade == TaskGrade.COMPLETED


@pytest.mark.django_db
def test_training_months_are_entered_on_the_sheet(client, cast, unit, team):
    client.force_login(cast["secretary"])
    data = _post_data(team, an={"task_grade": "HTTNV", "training_months": 12})

    assert client.post(_url(unit), data).status_code == 302

    assert StaffYear.objects.get(staff=team["an"], year=YEAR).training_months == 12


@pytest.mark.django_db
def test_training_months_go_out_and_come_back_in_the_workbook(client, cast, unit, team):
    client.force_login(cast["secretary"])
    book = _downloaded(client, unit)
    assert book.active.cell(2, 8).value == "Số tháng đi đào tạo, bồi dưỡng từ 01 năm trở lên"
    rows = _rows(book)
    assert rows["VP-102"][7].value == 0
    rows["VP-102"][7].value = 12

    assert _upload(client, unit, book).status_code == 302

    assert StaffYear.objects.get(staff=team["binh"], year=YEAR).training_months == 12


@pytest.mark.django_db
def test_training_months_above_12_in_the_workbook_refused(client, cast, unit, team):
    client.force_login(cast["secretary"])
    book = _downloaded(client, unit)
    _rows(book)["VP-101"][7].value = 13

    response = _upload(client, unit, book)

    assert "Dòng 3 (VP-101)" in response.content.decode()
    assert not StaffYear.objects.filter(staff=team["an"]).exists()


def _page_people(client, unit, page):
    return [form.staff for form in client.get(_url(unit), {"page": page}).context["forms"]]


@pytest.mark.django_db
def test_a_big_units_sheet_is_paged_and_a_page_saves_only_its_lines(client, cast, unit, team, settings):
    settings.SHEET_PAGE_SIZE = 2
    client.force_login(cast["secretary"])
    first, second = _page_people(client, unit, 1), _page_people(client, unit, 2)
    before = dict(StaffYear.objects.filter(year=YEAR).values_list("staff_id", "task_grade"))
    data = {}
    for person in second:
        data |= _line(person, task_grade=TaskGrade.EXCELLENT)

    response = client.post(_url(unit) + "?page=2", data)

    assert (len(first), len(second), response.url) == (2, 1, _url(unit) + "?page=2")
    after = dict(StaffYear.objects.filter(year=YEAR).values_list("staff_id", "task_grade"))
    assert after == {**before, second[0].pk: TaskGrade.EXCELLENT}
    assert "Người thứ 3–3 trên tổng số 3" in client.get(_url(unit), {"page": 2}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_the_sheet_query_count_does_not_grow_with_people(
    client, cast, unit, django_assert_max_num_queries, count
):
    StaffFactory.create_batch(count, unit=unit, recruited_on=dt.date(2010, 1, 1))
    client.force_login(cast["secretary"])

    with django_assert_max_num_queries(12):
        response = client.get(_url(unit))

    assert len(response.context["forms"]) == count
