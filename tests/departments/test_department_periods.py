"""The Department's names over time, and the papers that print the names valid on their own date."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards.exports import reward_history_document
from awards.models import RewardRecord
from core.documents import document_pdf, document_xlsx
from departments.models import DepartmentPeriod
from departments.selectors import department_on
from departments.services import department_period_change
from emulation.models import Title

D = dt.date
KHANH_HOA = {
    "governing_body": "UBND TỈNH KHÁNH HÒA",
    "name": "SỞ TƯ PHÁP",
    "abbreviation": "STP",
    "place_name": "Khánh Hòa",
    "decision_number": "Nghị quyết 202/2025/QH15",
}


@pytest.fixture
def merged_province(db):
    """The period the data migration made (from 01/01/2000), named as the brief writes it, then the merger."""
    DepartmentPeriod.objects.update(governing_body="UBND TỈNH NINH THUẬN")
    return department_period_change(on=D(2025, 7, 1), data=KHANH_HOA)


def test_the_migration_leaves_one_open_period(db):
    assert list(DepartmentPeriod.objects.values_list("valid_from", "valid_to", "name", "abbreviation")) == [
        (D(2000, 1, 1), None, "SỞ TƯ PHÁP", "STP")
    ]


def test_department_on_each_side_of_the_merger(merged_province):
    assert [department_on(day).governing_body for day in (D(2025, 6, 30), D(2025, 7, 1), D(2030, 1, 1))] == [
        "UBND TỈNH NINH THUẬN",
        "UBND TỈNH KHÁNH HÒA",
        "UBND TỈNH KHÁNH HÒA",
    ]
    assert DepartmentPeriod.objects.get(valid_from=D(2000, 1, 1)).valid_to == D(2025, 6, 30)


def test_department_on_a_date_no_period_covers(db):
    with pytest.raises(ValidationError) as refused:
        department_on(D(1999, 12, 31))

    assert refused.value.messages == ["Chưa có tên Sở cho ngày 31/12/1999: Thường trực Hội đồng cần bổ sung."]


def test_a_change_not_after_the_open_period_is_refused(merged_province):
    with pytest.raises(ValidationError) as refused:
        department_period_change(on=D(2025, 7, 1), data=KHANH_HOA)

    assert refused.value.messages == ["Tên mới phải bắt đầu sau ngày 01/07/2025, ngày tên hiện tại bắt đầu."]
    assert DepartmentPeriod.objects.count() == 2


def test_an_overlapping_period_is_refused(merged_province):
    overlapping = DepartmentPeriod(valid_from=D(2020, 1, 1), valid_to=D(2020, 12, 31), **KHANH_HOA)

    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()

    assert refused.value.messages == ["Thời kỳ này chồng lấn thời kỳ tên Sở bắt đầu từ ngày 01/01/2000."]


def test_an_adjacent_period_is_accepted(merged_province):
    DepartmentPeriod.objects.filter(valid_from=D(2025, 7, 1)).update(valid_to=D(2026, 12, 31))
    adjacent = DepartmentPeriod(valid_from=D(2027, 1, 1), **KHANH_HOA)

    adjacent.full_clean()


# --- Papers before and after 01/07/2025 ----------------------------------------------------------------

NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed: PDF text cannot be read back."
)


def _pdf_text(document, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(document_pdf(document))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    ("today", "governing_body", "place"),
    [
        (
            dt.datetime(2025, 6, 30, 10, tzinfo=dt.UTC),
            "UBND TỈNH NINH THUẬN",
            "Ninh Thuận, ngày 30 tháng 06 năm 2025",
        ),
        (
            dt.datetime(2025, 7, 1, 10, tzinfo=dt.UTC),
            "UBND TỈNH KHÁNH HÒA",
            "Khánh Hòa, ngày 01 tháng 07 năm 2025",
        ),
    ],
)
def test_report_xlsx_names_the_body_of_its_date(merged_province, unit, today, governing_body, place):
    with time_machine.travel(today, tick=False):
        document = reward_history_document(unit, [])

    sheet = load_workbook(io.BytesIO(document_xlsx(document))).active
    assert (sheet["A1"].value, sheet["A2"].value, sheet.cell(row=3, column=4).value) == (
        governing_body,
        "SỞ TƯ PHÁP",
        place,
    )


@NEEDS_POPPLER
@pytest.mark.parametrize(
    ("today", "expected", "absent"),
    [
        (dt.datetime(2025, 6, 30, 10, tzinfo=dt.UTC), "UBND TỈNH NINH THUẬN", "KHÁNH HÒA"),
        (dt.datetime(2025, 7, 1, 10, tzinfo=dt.UTC), "UBND TỈNH KHÁNH HÒA", "NINH THUẬN"),
    ],
)
def test_report_pdf_names_the_body_of_its_date(merged_province, unit, tmp_path, today, expected, absent):
    with time_machine.travel(today, tick=False):
        text = _pdf_text(reward_history_document(unit, []), tmp_path)

    assert expected in text
    assert absent not in text


def test_unit_history_includes_the_predecessors_records_marked(
    merged_province, plan_2018, unit, other_unit, client, cast
):
    from departments.reorganisation import unit_merge

    RewardRecord.objects.create(
        unit=other_unit,
        year=2020,
        title=Title.objects.get(code="TTLDTT"),
        decision_number="12/QĐ-STP",
        entered_by=cast["standing_office"],
    )
    unit_merge(units=[other_unit], into=unit, on=D(2025, 7, 1), decision_number="15/QĐ-STP")
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:unit-rewards", args=[unit.code]))

    assert [(r.year, r.unit.code) for r in response.context["records"]] == [(2020, "TTRA")]
    assert "tiền thân: Thanh tra Sở" in response.content.decode()


def test_department_periods_page_lists_the_names(merged_province, client, cast):
    client.force_login(cast["council_member"])

    response = client.get(reverse("departments:department-periods"))

    assert [p.governing_body for p in response.context["periods"]] == [
        "UBND TỈNH KHÁNH HÒA",
        "UBND TỈNH NINH THUẬN",
    ]
