"""A paper holding every kind of block, for the renderers' tests."""

import datetime as dt
from decimal import Decimal

from core.papers.model import Column, Group, PageBreak, Paper, Paragraph, Signature, Table
from departments.models import DepartmentPeriod

ISSUER = DepartmentPeriod(
    valid_from=dt.date(2016, 1, 1),
    governing_body="Ủy ban nhân dân tỉnh Bình Định",
    name="Sở Tư pháp",
    abbreviation="STP",
    place_name="Bình Định",
)
INJECTIONS = ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(A1:A2)"]


def annex(rows_per_group: int = 2, *, long_text: str = "") -> Table:
    def row(group: int, index: int) -> list:
        return [
            index,
            # A long name ends with its own marker, so a test sees where each row begins and ends.
            f"Nguyễn Văn {chr(65 + group)}{index}{long_text} hết{chr(65 + group)}{index}"
            if long_text
            else f"Nguyễn Văn {chr(65 + group)}{index}",
            f"Phòng {group + 1}",
            dt.date(1980, 1 + index % 12, 1 + index % 28),
            Decimal(1_490_000) * (group + 1),
        ]

    return Table(
        columns=[
            Column("STT", 6, numeric=True),
            Column("Họ và tên", 30),
            Column("Đơn vị", 20),
            Column("Ngày sinh", 12),
            Column("Tiền thưởng (đồng)", 16, numeric=True, total=True, number_format="#,##0"),
        ],
        groups=[
            Group("I. Danh hiệu Lao động tiên tiến", [row(0, i + 1) for i in range(rows_per_group)]),
            Group("II. Danh hiệu Chiến sĩ thi đua cơ sở", [row(1, i + 1) for i in range(rows_per_group)]),
        ],
        total_label="Tổng cộng",
        subtotal_label="Cộng",
        sheet_name="Danh sách khen thưởng",
    )


def sample_paper(*, date=dt.date(2018, 12, 20), profile=None, rows_per_group=2, long_text="", **kwargs):
    values = {
        "issuer": ISSUER,
        "number": "Số: 12/QĐ-STP",
        "date": date,
        "kind": "QUYẾT ĐỊNH",
        "summary": "Về việc tặng danh hiệu Lao động tiên tiến năm 2018",
        "blocks": [
            Paragraph("GIÁM ĐỐC SỞ TƯ PHÁP", align="center", bold=True, indent=False),
            Paragraph("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;", lead="Căn cứ", italic=True),
            Paragraph("QUYẾT ĐỊNH:", align="center", bold=True, indent=False),
            Paragraph(
                "Tặng danh hiệu Lao động tiên tiến cho 4 cá nhân (có danh sách kèm theo).", lead="Điều 1."
            ),
            PageBreak(),
            Paragraph("DANH SÁCH", align="center", bold=True, indent=False),
            annex(rows_per_group, long_text=long_text),
        ],
        "signatures": [Signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Bình")],
        "recipients": ["Như Điều 3;", "Lưu: VT, VP."],
        "profile": profile,
    }
    values.update(kwargs)
    return Paper(**values)
