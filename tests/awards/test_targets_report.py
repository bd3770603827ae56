"""The targets report (issue 10): each target assessed in its own direction, read from its comparison, and
a table per unit with totals."""

import io

from openpyxl import load_workbook

from awards.exports import targets_document
from awards.models import RewardRecord
from core.papers.model import plain_text
from core.papers.render import render
from emulation.models import Title
from tests.factories import StaffFactory


def achieved(plan_2018, cast, unit, *, people=10, fighters=1):
    """`people` of the unit reach LĐTT in 2018, the first `fighters` of them CSTĐCS (10% of LĐTT)."""
    titles = {t.code: t for t in Title.objects.all()}
    staff = [StaffFactory(unit=unit, code=f"VP-{i:03d}") for i in range(people)]
    for index, person in enumerate(staff):
        code = "CSTDCS" if index < fighters else "LDTT"
        RewardRecord.objects.create(
            year=2018,
            title=titles[code],
            staff=person,
            decision_number="1/QĐ-STP",
            entered_by=cast["director"],
        )
    return staff


def target_rows(paper):
    return {row[1]: row for row in paper.tables[0].rows}


CSTDCS_TARGET = "Trong đó 15% cá nhân đạt danh hiệu Chiến sỹ thi đua cấp cơ sở."


def test_a_ceiling_reads_within_the_limit_not_met(plan_2018, cast, unit):
    achieved(plan_2018, cast, unit)

    row = target_rows(targets_document(plan_2018))[CSTDCS_TARGET]

    # The 2018 plan's data make the 15% a ceiling ("lte"): 10% is within it, said so, not "met".
    assert row[2:] == ["tối đa 15%", "—", "10%", "trong giới hạn"]


def test_a_target_to_reach_reads_not_reached_below_it(plan_2018, cast, unit):
    plan_2018.targets.filter(code="ca-nhan-cstdcs").update(comparison="gte")
    achieved(plan_2018, cast, unit)

    row = target_rows(targets_document(plan_2018))[CSTDCS_TARGET]

    assert row[2:] == ["tối thiểu 15%", "—", "10%", "chưa đạt"]


def test_every_targets_direction_comes_from_its_comparison(plan_2018, cast, unit):
    achieved(plan_2018, cast, unit)

    rows = target_rows(targets_document(plan_2018))

    assert {text: row[2] for text, row in rows.items()} == {
        target.text: {"gte": "tối thiểu", "lte": "tối đa", "gt": "trên", "lt": "dưới"}[target.comparison]
        + f" {target.value.normalize():f}{'%' if target.is_percentage else ''}"
        for target in plan_2018.targets.all()
    }


def test_the_report_has_a_table_per_unit_with_formula_totals(plan_2018, cast, unit, other_unit):
    achieved(plan_2018, cast, unit, people=4, fighters=1)
    StaffFactory(unit=other_unit)
    paper = targets_document(plan_2018)

    book = load_workbook(io.BytesIO(render(paper, "xlsx")))
    by_unit = book.worksheets[1]
    rows = [
        list(row)
        for row in by_unit.iter_rows(values_only=True)
        if row[1] in ("Văn phòng Sở", "Thanh tra Sở", "Tổng cộng")
    ]

    assert book.sheetnames == ["Chỉ tiêu thi đua", "Theo đơn vị"]
    assert [row[:3] for row in paper.tables[1].rows] == [[1, "Văn phòng Sở", 4], [2, "Thanh tra Sở", 1]]
    assert [row[6] for row in paper.tables[1].rows] == [4, 0]  # LĐTT achieved (a CSTĐCS is one too)
    assert [row[8] for row in paper.tables[1].rows] == [1, 0]
    assert rows[2][2].startswith("=SUBTOTAL(9,C")
    assert "II. Kết quả theo đơn vị" in plain_text(paper)
