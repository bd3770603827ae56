"""The yearly emulation and reward statistics the Department sends to Sở Nội vụ (which reports to Bộ Nội
vụ): the forms 0601.N, 0602.N and 0603.N/BNV-TĐKT, computed from the year's records.

Each form is a template in code (`FORMS`): its code, name, columns and rows, and for each row the records
it counts. A figure is a count of records; a total (the "Tổng số" column, and a row made of other rows) is
computed here for the PDF and DOCX and written as a formula in the workbook (`statistics_xlsx`).

Sources. The forms' codes, names, rows and columns are those of Thông tư 02/2023/TT-BNV (ngày 23/3/2023)
as laid out in a public implementation of them (github.com/lifephongphanmem/thiduakhenthuong,
resources/views/BaoCao/TT022023/Mau0601–0603.blade.php) [V2: a secondary copy, not the Công báo text].
TT 02/2023 was replaced by Thông tư 18/2025/TT-BNV (ngày 08/10/2025, luatvietnam.vn …414360-d1.html); its
form list and columns were not found by the searches made (pages, docs, code: "18/2025/TT-BNV biểu thi đua
khen thưởng", "0601.N/BNV-TĐKT") [U]: the TT 02/2023 layout is kept for every year until they are. Where
this module decides something the forms leave to the reporter (which of our titles fall in which column,
who counts as a leader "cấp vụ, sở" or "từ phó phòng trở lên"), the comment says [U].
"""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from awards.enums import RewardKind
from awards.exports import _in_sentence
from awards.models import RewardRecord
from core.papers.model import Column, Group, PageBreak, Paper, Paragraph, Signature, Table
from departments.models import Unit, fold_text
from departments.selectors import department_on
from emulation.enums import TitleCode
from emulation.models import Campaign

CIRCULAR = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ"
RECEIVED_BY = "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo"


# --- What the forms count -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """An emulation movement (phong trào thi đua) launched in the year, as form 0601 classifies it."""

    level: str  # who launched it: "central" | "province" | "body" (cơ quan, tổ chức, đơn vị)
    scope: str  # "national" | "province" | "bloc" | "body"
    months: int  # its duration
    method: str  # "thematic" | "annual"


@dataclass(frozen=True)
class Award:
    """One title or reward of the year, as forms 0602 and 0603 classify it."""

    code: str  # the Title's code
    collective: bool
    # For a person: "province_leader" | "department_leader" | "businessman" | "other_leader" | "direct".
    person: str
    method: str  # "annual" | "thematic" | "ad_hoc" | "foreign" | "service" | "seniority" | "resistance"


def movements_of(campaign: Campaign) -> list[Movement]:
    """The year's movements: the campaign the Department launched from its plan, for its own units (a
    body's movement, "cơ quan, tổ chức, đơn vị"), regular and yearly. Its duration runs from its first
    phase's start to its last phase's end (a year when it has no phases)."""
    phases = list(campaign.phases.order_by("starts_on"))
    months = 12
    if phases:
        start, end = phases[0].starts_on, max(phase.ends_on for phase in phases)
        months = (end.year - start.year) * 12 + end.month - start.month + 1
    return [Movement(level="body", scope="body", months=months, method="annual")]


# Heads of the Department (Giám đốc, Phó Giám đốc Sở): "lãnh đạo cấp vụ, sở, ngành và tương đương" [U: our
# reading of the row]. Other leaders (a unit's head or deputy, anyone marked as holding a leadership post):
# "các cấp lãnh đạo khác từ phó phòng trở lên" [U]. Everyone else works directly: "người trực tiếp công
# tác, lao động".
DEPARTMENT_HEADS = ("giam doc", "pho giam doc")


def _person_kind(staff) -> str:
    position = " ".join(fold_text(staff.position).split())
    if position in DEPARTMENT_HEADS or position.startswith(tuple(f"{p} so" for p in DEPARTMENT_HEADS)):
        return "department_leader"
    if staff.is_leader or staff.position_rank in (1, 2):
        return "other_leader"
    return "direct"


METHOD_OF_KIND = {RewardKind.ANNUAL: "annual", RewardKind.THEMATIC: "thematic", RewardKind.AD_HOC: "ad_hoc"}


def awards_of(year: int, unit: Unit | None = None) -> list[Award]:
    """The titles and rewards of `year` in the reward history (the Director's decisions and the higher
    levels' as entered), one Award each; of one unit's people and the unit itself when `unit` is given."""
    records = RewardRecord.objects.filter(year=year).select_related("title", "staff")
    if unit is not None:
        records = records.filter(unit=unit) | records.filter(staff__unit=unit)
    return [
        Award(
            code=record.title.code,
            collective=record.staff_id is None,
            person="" if record.staff_id is None else _person_kind(record.staff),
            method=METHOD_OF_KIND.get(record.kind, "annual"),
        )
        for record in records
    ]


# --- The forms as templates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatColumn:
    header: str
    counts: Callable[[object], bool]  # does this column count the record?
    width: int = 11


@dataclass(frozen=True)
class StatRow:
    code: str  # "Mã số"
    label: str
    unit: str = ""  # "Đơn vị tính"
    counts: Callable[[object], bool] | None = None  # the records of the row
    parts: tuple[str, ...] = ()  # a row that is the sum of these rows (a formula in Excel)


@dataclass(frozen=True)
class StatSection:
    heading: str | None
    rows: tuple[StatRow, ...]


@dataclass(frozen=True)
class StatForm:
    code: str  # "0603.N/BNV-TĐKT"
    name: str
    unit_label: str  # "Đơn vị tính" of the whole form ("" when each row has its own)
    columns: tuple[StatColumn, ...]
    sections: tuple[StatSection, ...]
    records: str  # "movements" | "awards"
    source: str
    has_row_units: bool = True
    sheet_name: str = field(default="")
    label_width: int = 34  # the "Chỉ tiêu" column; narrower where the form has many columns


def _any(_record) -> bool:
    return True


def _codes(*codes: str) -> Callable[[Award], bool]:
    return lambda award: award.code in codes


def _collective(award: Award) -> bool:
    return award.collective


def _person(kind: str) -> Callable[[Award], bool]:
    return lambda award: not award.collective and award.person == kind


def _method(name: str) -> Callable[[Award], bool]:
    return lambda award: award.method == name


def _none(_record) -> bool:
    return False


def _both(first, second) -> Callable:
    return lambda record: first(record) and second(record)


# The State's forms of reward are not in the reference titles (fixtures/titles.json): codes a province
# would add for them [U: no such codes exist yet; the columns count nothing until they do].
STATE_ORDERS = ("HUAN_CHUONG",)
STATE_MEDALS = ("HUY_CHUONG",)
GOVERNMENT_FLAG = ("CO_CP",)
PRIME_MINISTER_CERTIFICATE = ("BK_TTG",)
NATIONAL_FIGHTER = ("CSTD_TQ",)
STATE_LEVEL = (*STATE_ORDERS, *STATE_MEDALS, *GOVERNMENT_FLAG, *PRIME_MINISTER_CERTIFICATE, *NATIONAL_FIGHTER)

PERSON_ROWS = (
    ("province_leader", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"),
    ("department_leader", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương"),
    ("businessman", "+ Doanh nhân"),
    ("other_leader", "+ Các cấp lãnh đạo khác từ phó phòng trở lên"),
    (
        "direct",
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
        "(công nhân, nông dân,...)",
    ),
)
METHOD_ROWS = (
    ("annual", "- Thường xuyên"),
    ("thematic", "- Chuyên đề"),
    ("ad_hoc", "- Đột xuất"),
    ("foreign", "- Đối ngoại"),
    ("service", "- Cống hiến"),
    ("seniority", "- Niên hạn"),
)


def _award_sections(
    first: int, *, digits: int, by_submitter: bool, resistance: bool
) -> tuple[StatSection, ...]:
    """The rows of 0602 and 0603: the total, by who is rewarded, by how. `first` is the code of the row
    "Tập thể" (6 in 0602, 02 in 0603), written with `digits` digits as the form writes it."""

    def code(number: int) -> str:
        return f"{number:0{digits}d}"

    collective, household, person = code(first), code(first + 2), code(first + 3)
    person_codes = tuple(code(first + 4 + index) for index in range(len(PERSON_ROWS)))
    sections = [
        StatSection(None, (StatRow(code(1), "Tổng số", "", parts=(collective, household, person)),)),
    ]
    if by_submitter:
        sections.append(
            StatSection(
                "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng",
                (
                    StatRow(code(2), "- Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành", _none),
                    # The Department's proposals go up through the province's tờ trình.
                    StatRow(code(3), "- Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP", _any),
                ),
            )
        )
    number = 2 if by_submitter else 1
    sections.append(
        StatSection(
            f"{number}. Chia theo đối tượng khen thưởng",
            (
                StatRow(collective, "- Tập thể", "Tập thể", _collective),
                StatRow(code(first + 1), "Trong đó: Doanh nghiệp", "Doanh nghiệp", _none),
                StatRow(household, "- Hộ gia đình", "Hộ", _none),
                StatRow(person, "- Cá nhân", "Người", parts=person_codes),
                *(
                    StatRow(row_code, label, "Người", _person(kind))
                    for row_code, (kind, label) in zip(person_codes, PERSON_ROWS, strict=True)
                ),
            ),
        )
    )
    start = first + 4 + len(PERSON_ROWS)
    methods = [*METHOD_ROWS, *([("resistance", "- Kháng chiến")] if resistance else [])]
    sections.append(
        StatSection(
            f"{number + 1}. Chia theo phương thức khen thưởng",
            tuple(
                StatRow(code(start + index), label, "", _method(kind))
                for index, (kind, label) in enumerate(methods)
            ),
        )
    )
    return tuple(sections)


def _level(name: str) -> Callable[[Movement], bool]:
    return lambda movement: movement.level == name


def _scope(name: str) -> Callable[[Movement], bool]:
    return lambda movement: movement.scope == name


def _months(low: int, high: int | None) -> Callable[[Movement], bool]:
    return lambda movement: movement.months >= low and (high is None or movement.months < high)


FORMS: tuple[StatForm, ...] = (
    StatForm(
        code="0601.N/BNV-TĐKT",
        name="SỐ PHONG TRÀO THI ĐUA",
        unit_label="Đơn vị tính: Phong trào",
        columns=(
            StatColumn("Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)", _level("central"), 16),
            StatColumn(
                "Cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
                _level("province"),
                18,
            ),
            StatColumn("Cơ quan, tổ chức, đơn vị", _level("body"), 14),
        ),
        sections=(
            StatSection(None, (StatRow("01", "Tổng số", parts=("02", "03", "04", "05")),)),
            StatSection(
                "1. Chia theo phạm vi tổ chức thi đua",
                (
                    StatRow("02", "- Toàn quốc", counts=_scope("national")),
                    StatRow("03", "- Bộ, ban, ngành, đoàn thể, địa phương", counts=_scope("province")),
                    StatRow(
                        "04",
                        "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
                        counts=_scope("bloc"),
                    ),
                    StatRow("05", "- Cơ quan, tổ chức, đơn vị", counts=_scope("body")),
                ),
            ),
            StatSection(
                "2. Chia theo thời hạn thi đua",
                (
                    StatRow("06", "- Dưới 1 năm", counts=_months(0, 12)),
                    # "1 năm" and "từ 1 năm đến dưới 3 năm" overlap on paper: a year's movement is "1 năm".
                    StatRow("07", "- 1 năm", counts=_months(12, 13)),
                    StatRow("08", "- Từ 1 năm đến dưới 3 năm", counts=_months(13, 36)),
                    StatRow("09", "- Từ 3 năm đến dưới 5 năm", counts=_months(36, 60)),
                    StatRow("10", "- Từ 5 năm trở lên", counts=_months(60, None)),
                ),
            ),
            StatSection(
                "3. Chia theo phương thức tổ chức phong trào thi đua",
                (
                    StatRow("11", "- Thi đua theo chuyên đề", counts=lambda m: m.method == "thematic"),
                    StatRow("12", "- Thi đua thường xuyên hàng năm", counts=lambda m: m.method == "annual"),
                ),
            ),
        ),
        records="movements",
        source="[V2] TT 02/2023/TT-BNV, biểu 0601.N (copy: lifephongphanmem/thiduakhenthuong Mau0601)",
        has_row_units=False,
        sheet_name="0601.N Phong trào",
    ),
    StatForm(
        code="0602.N/BNV-TĐKT",
        name="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
        unit_label="",
        # The form gives each order and medal its own column ("mỗi hình thức khen thưởng ghi riêng một
        # cột"); the Department has none of them, so they are kept as one column each for Huân chương and
        # Huy chương, per collective and individual [V2 layout, grouping ours].
        columns=(
            StatColumn("Huân chương - Tập thể", _both(_codes(*STATE_ORDERS), _collective)),
            StatColumn("Huân chương - Cá nhân", _both(_codes(*STATE_ORDERS), lambda a: not a.collective)),
            StatColumn("Huy chương - Tập thể", _both(_codes(*STATE_MEDALS), _collective)),
            StatColumn("Huy chương - Cá nhân", _both(_codes(*STATE_MEDALS), lambda a: not a.collective)),
            StatColumn("Giải thưởng Hồ Chí Minh", _codes("GT_HCM")),
            StatColumn("Giải thưởng Nhà nước", _codes("GT_NN")),
            StatColumn("Danh hiệu vinh dự nhà nước", _codes("DHVD_NN")),
            StatColumn("Cờ thi đua của Chính phủ", _codes(*GOVERNMENT_FLAG)),
            StatColumn(
                "Bằng khen của Thủ tướng Chính phủ - Tập thể",
                _both(_codes(*PRIME_MINISTER_CERTIFICATE), _collective),
            ),
            StatColumn(
                "Bằng khen của Thủ tướng Chính phủ - Cá nhân",
                _both(_codes(*PRIME_MINISTER_CERTIFICATE), lambda a: not a.collective),
            ),
            StatColumn("Chiến sĩ thi đua toàn quốc", _codes(*NATIONAL_FIGHTER)),
        ),
        sections=_award_sections(6, digits=1, by_submitter=True, resistance=False),
        records="awards",
        source="[V2] TT 02/2023/TT-BNV, biểu 0602.N (copy: lifephongphanmem/thiduakhenthuong Mau0602)",
        sheet_name="0602.N Cấp Nhà nước",
        label_width=22,
    ),
    StatForm(
        code="0603.N/BNV-TĐKT",
        name=(
            "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, "
            "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
        ),
        unit_label="",
        columns=(
            StatColumn("Bằng khen", _codes(TitleCode.BK_UBND, TitleCode.BK_BTP)),
            StatColumn("Chiến sĩ thi đua cấp bộ, cấp tỉnh", _codes(TitleCode.CSTD_TINH), 13),
            StatColumn(
                "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
                _codes(TitleCode.CO_UBND, TitleCode.CO_BTP),
                18,
            ),
            StatColumn(
                "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực "
                "thuộc Trung ương",
                _codes("KNC_BTP", "KNC_TINH"),
                18,
            ),
        ),
        sections=_award_sections(2, digits=2, by_submitter=False, resistance=True),
        records="awards",
        source="[V2] TT 02/2023/TT-BNV, biểu 0603.N (copy: lifephongphanmem/thiduakhenthuong Mau0603)",
        sheet_name="0603.N Cấp tỉnh, bộ",
    ),
)


# --- Computing and laying out ---------------------------------------------------------------------------


def form_figures(form: StatForm, records: list) -> dict[str, list[int]]:
    """{row code: [total, then one figure per column]} of `form` over `records`; a row made of other rows
    is their sum, the total the sum of the row's columns."""
    figures: dict[str, list[int]] = {}
    rows = [row for section in form.sections for row in section.rows]
    for row in rows:
        if row.counts is not None:
            chosen = [record for record in records if row.counts(record)]
            values = [sum(1 for record in chosen if column.counts(record)) for column in form.columns]
            figures[row.code] = [sum(values), *values]
    for row in reversed(rows):  # the parts come after the row they add up to
        if row.parts:
            parts = [figures[part] for part in row.parts]
            figures[row.code] = [sum(values) for values in zip(*parts, strict=True)]
    return figures


def _table(form: StatForm, figures: dict[str, list[int]]) -> Table:
    columns = [
        Column("Chỉ tiêu", form.label_width),
        Column("Mã số", 6),
        *([Column("Đơn vị tính", 9)] if form.has_row_units else []),
        Column("Tổng số", 9, numeric=True),
        *(Column(column.header, column.width, numeric=True) for column in form.columns),
    ]
    groups = []
    for section in form.sections:
        rows = [
            [row.label, row.code, *([row.unit] if form.has_row_units else []), *figures[row.code]]
            for row in section.rows
        ]
        groups.append(Group(section.heading, rows))
    return Table(columns=columns, groups=groups, sheet_name=form.sheet_name or form.code[:31], label_column=0)


# Not a form of TT 02/2023: the titles and rewards of the year by title with the bonus money paid, which the
# searches' example columns ("kinh phí khen thưởng") suggest TT 18/2025 may ask for [U: its forms were not
# found]. Printed as an annex the office may send or leave out.
ANNEX_HEADING = "PHỤ LỤC: SỐ LƯỢNG DANH HIỆU, HÌNH THỨC KHEN THƯỞNG VÀ KINH PHÍ KHEN THƯỞNG NĂM {year}"
ANNEX_NOTE = (
    "(Số liệu bổ sung, không thuộc các biểu 0601–0603.N/BNV-TĐKT; kinh phí tính theo hệ số và mức lương "
    "cơ sở hiện hành vào ngày quyết định, ô để trống khi chưa có mức thưởng.)"
)


def _annex(year: int, unit: Unit | None) -> Table:
    """Each title or reward of `year`'s history: collectives, individuals and the bonus money, totals
    summed (formulas in Excel)."""
    from django.core.exceptions import ValidationError

    from emulation.bonus import bonus_amount

    records = RewardRecord.objects.filter(year=year).select_related("title")
    if unit is not None:
        records = records.filter(unit=unit) | records.filter(staff__unit=unit)
    lines: dict[int, list] = {}
    for record in records.order_by("title__display_order", "title__code"):
        subject = "collective" if record.staff_id is None else "individual"
        line = lines.setdefault(record.title_id, [record.title, 0, 0, 0, True])
        line[1 if subject == "collective" else 2] += 1
        try:
            day = record.decision_date or dt.date(year, 12, 31)
            line[3] += bonus_amount(record.title, day, subject).amount
        except ValidationError:
            line[4] = False  # no rate or no base salary for that date: the money is not known
    rows = [
        [number, title.name, collectives, people, collectives + people, money if known else None]
        for number, (title, collectives, people, money, known) in enumerate(lines.values(), start=1)
    ]
    counted = {"numeric": True, "total": True}
    return Table.simple(
        [
            Column("STT", 5, numeric=True),
            Column("Danh hiệu thi đua, hình thức khen thưởng", 40),
            Column("Tập thể", 10, **counted),
            Column("Cá nhân", 10, **counted),
            Column("Cộng", 10, **counted),
            Column("Kinh phí khen thưởng (đồng)", 18, number_format="#,##0", **counted),
        ],
        rows,
        total_label="Tổng cộng",
        sheet_name="Phụ lục kinh phí",
    )


def statistics_paper(
    campaign: Campaign, *, unit: Unit | None = None, on_date: dt.date | None = None
) -> Paper:
    """The year's statistics on forms 0601–0603.N/BNV-TĐKT, one after the other, from the campaign's
    movements and the reward history of its year (of one unit when `unit` is given), then the annex of
    titles and bonus money, dated `on_date` (default today), signed by the Director."""
    day = on_date or timezone.localdate()
    issuer = department_on(day)
    records = {"movements": movements_of(campaign), "awards": awards_of(campaign.year, unit)}
    blocks: list = []
    for index, form in enumerate(FORMS):
        if index:
            blocks.append(PageBreak())
        blocks += [
            Paragraph(f"Biểu số: {form.code}", align="left", bold=True, indent=False),
            Paragraph(CIRCULAR, align="left", italic=True, indent=False),
            Paragraph(RECEIVED_BY, align="left", italic=True, indent=False),
            Paragraph(
                f"Đơn vị báo cáo: {_in_sentence(issuer.name)}"
                + (f" — {unit.name}" if unit else "")
                + " — Đơn vị nhận báo cáo: Sở Nội vụ",
                align="left",
                indent=False,
            ),
            Paragraph(form.name, align="center", bold=True, indent=False),
            Paragraph(f"Năm {campaign.year}", align="center", italic=True, indent=False),
        ]
        if form.unit_label:
            blocks.append(Paragraph(form.unit_label, align="right", italic=True, indent=False))
        blocks.append(_table(form, form_figures(form, records[form.records])))
    blocks += [
        PageBreak(),
        Paragraph(ANNEX_HEADING.format(year=campaign.year), align="center", bold=True, indent=False),
        Paragraph(ANNEX_NOTE, align="center", italic=True, indent=False),
        _annex(campaign.year, unit),
    ]
    return Paper(
        issuer=issuer,
        number=f"Số:      /BC-{issuer.abbreviation}",
        date=day,
        kind="BÁO CÁO",
        summary=f"Thống kê thi đua, khen thưởng năm {campaign.year}",
        blocks=blocks,
        signatures=[Signature("", "GIÁM ĐỐC", "")],
        recipients=["Sở Nội vụ (Ban Thi đua - Khen thưởng);", "Lưu: VT, VP."],
        landscape=True,
        filename=f"thong-ke-thi-dua-khen-thuong-{campaign.year}",
    )


def statistics_xlsx(paper: Paper) -> bytes:
    """The paper's workbook with its totals as formulas: in every form's sheet, "Tổng số" of a row is
    =SUM of the row's columns, and a row made of other rows (FORMS) is the sum of those rows' cells."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from core.papers.render import render

    book = load_workbook(io.BytesIO(render(paper, "xlsx")))
    for sheet, form in zip(book.worksheets[: len(FORMS)], FORMS, strict=True):
        header_row = next(
            row[0].row for row in sheet.iter_rows(min_col=2, max_col=2) if row[0].value == "Mã số"
        )
        total_column = 4 if form.has_row_units else 3
        last_column = total_column + len(form.columns)
        at: dict[str, int] = {}
        for row in sheet.iter_rows(min_row=header_row + 1, min_col=2, max_col=2):
            if isinstance(row[0].value, str) and row[0].value.isdigit():
                at[row[0].value] = row[0].row
        rows = {row.code: row for section in form.sections for row in section.rows}
        first, last = get_column_letter(total_column + 1), get_column_letter(last_column)
        for code, number in at.items():
            sheet.cell(row=number, column=total_column).value = f"=SUM({first}{number}:{last}{number})"
            for part_row in [rows[code]] if rows[code].parts else []:
                for column in range(total_column + 1, last_column + 1):
                    letter = get_column_letter(column)
                    cells = "+".join(f"{letter}{at[part]}" for part in part_row.parts)
                    sheet.cell(row=number, column=column).value = f"={cells}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
