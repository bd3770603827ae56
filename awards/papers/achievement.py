"""The achievement report a nominee's unit completes (báo cáo thành tích, NĐ 91/2017/NĐ-CP annex): Mẫu 01
(a collective), 02 (a person), 06 (an ad-hoc achievement), 07 (a phase or theme). The system fills what its
records hold — name, unit, position, years of service, the titles and rewards with their decisions, the
initiatives and research with theirs — and leaves the narrative to the unit, with what to write; the unit
edits it in Word and uploads it back as the dossier's document of that kind.

Searched (pages corpus, December 2026): the nine forms and what each is for (dichvubaocaothue.vn,
thuvienphapluat.vn "09 mẫu báo cáo thành tích") [V]. The sections of Mẫu 02 (I. Sơ lược lý lịch, II. Thành
tích đạt được, III. Các hình thức đã được khen thưởng, the two signatures) follow the issue's brief; their
exact wording and the sections of Mẫu 01, 06 and 07 were not seen in the search results [U].
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from awards.enums import DocumentKind
from awards.models import Dossier, Nominee, RewardRecord
from awards.selectors import report_form_for, staff_rewards, unit_rewards
from core.formats import vn_date
from core.papers.model import Column, Paper, Paragraph, Signature, Table
from departments.enums import Gender
from departments.models import Staff
from departments.selectors import department_on
from emulation.enums import TitleCategory
from initiatives.enums import InitiativeState, ResearchKind
from initiatives.models import Initiative, ResearchResult

FORM_NUMBERS = {
    DocumentKind.REPORT_COLLECTIVE: "01",
    DocumentKind.REPORT_INDIVIDUAL: "02",
    DocumentKind.REPORT_AD_HOC: "06",
    DocumentKind.REPORT_PHASE: "07",
}
TASK_GRADES = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
GENDERS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
RESEARCH_KINDS = {ResearchKind.TOPIC: "Đề tài", ResearchKind.SCHEME: "Đề án"}
TO_COMPLETE = "……………………………………………… (đơn vị bổ sung)"


def _hint(text: str) -> Paragraph:
    """What the unit writes in a section: italic, in brackets, to be replaced by the text."""
    return Paragraph(text=f"({text})", italic=True)


def _heading(text: str) -> Paragraph:
    return Paragraph(text=text, bold=True, indent=False)


def _line(lead: str, value: str) -> Paragraph:
    return Paragraph(text=value or TO_COMPLETE, lead=lead, indent=False, align="left")


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _reward_tables(records: list[RewardRecord]) -> list:
    """III. The titles, then the forms of reward, each a table with the decision that gave it."""

    def decision(record: RewardRecord) -> str:
        parts = [f"Quyết định số {record.decision_number}"]
        if record.decision_date:
            parts.append(f"ngày {vn_date(record.decision_date)}")
        text = " ".join(parts)
        return f"{text}; {record.issued_by}" if record.issued_by else text

    blocks = []
    for number, category, label, decision_header in (
        (
            1,
            TitleCategory.EMULATION_TITLE,
            "Danh hiệu thi đua",
            "Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua; cơ quan ban hành quyết định",
        ),
        (
            2,
            TitleCategory.REWARD_FORM,
            "Hình thức khen thưởng",
            "Số, ngày, tháng, năm của quyết định khen thưởng; cơ quan ban hành quyết định",
        ),
    ):
        rows = [
            [str(record.year), record.title.name, decision(record)]
            for record in sorted(records, key=lambda r: (r.year, r.title.display_order))
            if record.title.category == category
        ]
        blocks.append(_heading(f"{number}. {label}:"))
        if rows:
            blocks.append(
                Table.simple(
                    [Column("Năm", 8), Column(label, 30), Column(decision_header, 46)],
                    rows,
                    sheet_name=label,
                    label_column=1,
                )
            )
        else:
            blocks.append(Paragraph(text="Chưa có trong hồ sơ của hệ thống.", italic=True))
    return blocks


def _evidence_lines(initiatives: list[Initiative], research: list[ResearchResult]) -> list[Paragraph]:
    lines = []
    for initiative in initiatives:
        text = (
            f"Sáng kiến “{initiative.title}”, công nhận tại Quyết định số {initiative.decision_number} "
            f"ngày {vn_date(initiative.decision_date)}"
        )
        if initiative.provincial_decision_number:
            text += (
                f"; phạm vi ảnh hưởng cấp tỉnh tại Quyết định số {initiative.provincial_decision_number} "
                f"ngày {vn_date(initiative.provincial_decision_date)}"
            )
        lines.append(Paragraph(text=f"- {text}."))
    for result in research:
        lines.append(
            Paragraph(
                text=f"- {RESEARCH_KINDS.get(result.kind, '')} “{result.title}”, nghiệm thu tại Quyết định "
                f"số {result.acceptance_decision_number} ngày {vn_date(result.accepted_on)}."
            )
        )
    return lines


def _unit_head(unit) -> str:
    head = (
        Staff.objects.filter(unit=unit, is_leader=True, left_on__isnull=True)
        .order_by("position_rank")
        .first()
    )
    return head.full_name if head else ""


def _person_blocks(nominee: Nominee, year: int, day: dt.date) -> list:
    staff = nominee.staff
    served = _years_between(staff.recruited_on, day) if staff.recruited_on else None
    grade = staff.years.filter(year=year).values_list("task_grade", flat=True).first() or ""
    initiatives = list(
        Initiative.objects.filter(authors__staff=staff, state=InitiativeState.RECOGNISED)
        .order_by("decision_date", "pk")
        .distinct()
    )
    research = list(ResearchResult.objects.filter(authors__staff=staff).order_by("accepted_on", "pk"))
    return [
        _heading("I. SƠ LƯỢC LÝ LỊCH"),
        _line("- Họ tên (ghi đầy đủ bằng chữ in thường, không viết tắt):", staff.full_name),
        _line(
            "- Sinh ngày, tháng, năm:",
            f"{vn_date(staff.date_of_birth)}" if staff.date_of_birth else "",
        ),
        _line("- Giới tính:", GENDERS.get(staff.gender, "")),
        _line("- Quê quán:", ""),
        _line("- Trú quán:", ""),
        _line("- Đơn vị công tác:", staff.unit.name),
        _line("- Chức vụ (Đảng, chính quyền, đoàn thể):", staff.position),
        _line("- Trình độ chuyên môn, nghiệp vụ:", ""),
        _line("- Học hàm, học vị, danh hiệu, giải thưởng:", ""),
        _line(
            "- Thời gian công tác:",
            f"từ ngày {vn_date(staff.recruited_on)} ({served} năm)" if served is not None else "",
        ),
        _heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"),
        _heading("1. Quyền hạn, nhiệm vụ được giao:"),
        _hint("Đơn vị ghi tóm tắt chức năng, quyền hạn và nhiệm vụ được giao của cá nhân."),
        _heading("2. Thành tích đạt được:"),
        _hint(
            "Đơn vị ghi kết quả đã đạt được trong thực hiện nhiệm vụ được giao (kết quả công tác, các chỉ "
            "tiêu, nhiệm vụ cụ thể), các giải pháp công tác, đổi mới sáng tạo, việc thực hiện chủ trương, "
            "chính sách của Đảng, pháp luật của Nhà nước, công tác học tập, bồi dưỡng."
        ),
        Paragraph(
            text=TASK_GRADES.get(grade, TO_COMPLETE),
            lead=f"- Kết quả đánh giá, xếp loại năm {year}:",
        ),
        *_evidence_lines(initiatives, research),
        _heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
        *_reward_tables(list(staff_rewards(staff))),
    ]


def _unit_blocks(nominee: Nominee, year: int) -> list:
    unit = nominee.dossier.unit
    staff_count = Staff.objects.filter(unit=unit, left_on__isnull=True).count()
    initiatives = list(
        Initiative.objects.filter(unit=unit, campaign__year=year, state=InitiativeState.RECOGNISED).order_by(
            "decision_date", "pk"
        )
    )
    return [
        _heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"),
        _line("- Tên đơn vị:", unit.name),
        _line("- Tổng số cán bộ, công chức, viên chức và người lao động:", f"{staff_count} người"),
        _heading("1. Đặc điểm, tình hình:"),
        _hint(
            "Đơn vị ghi tóm tắt quá trình thành lập, cơ cấu tổ chức, cơ sở vật chất, các tổ chức đoàn thể."
        ),
        _heading("2. Chức năng, nhiệm vụ:"),
        _hint("Đơn vị ghi chức năng, nhiệm vụ được giao."),
        _heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"),
        _hint(
            "Đơn vị báo cáo kết quả thực hiện các chỉ tiêu, nhiệm vụ được giao; các giải pháp công tác, đổi "
            "mới sáng tạo; việc thực hiện chủ trương, chính sách của Đảng, pháp luật của Nhà nước; công tác "
            "xây dựng tổ chức đảng, đoàn thể."
        ),
        *_evidence_lines(initiatives, []),
        _heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
        *_reward_tables(list(unit_rewards(unit))),
    ]


def _achievement_blocks(dossier: Dossier, form: str) -> list:
    """Mẫu 06 and 07 replace section II with the achievement itself or the phase's."""
    if form == DocumentKind.REPORT_AD_HOC:
        return [
            _heading("II. THÀNH TÍCH ĐẠT ĐƯỢC (ĐỘT XUẤT)"),
            *(
                [Paragraph(text=line) for line in dossier.achievement.splitlines() if line.strip()]
                or [_hint("Đơn vị ghi thành tích xuất sắc đột xuất đã lập được.")]
            ),
            _hint(
                "Đơn vị ghi rõ hoàn cảnh, thời gian, địa điểm, diễn biến sự việc, hành động và kết quả của "
                "thành tích ngoài chương trình, kế hoạch, nhiệm vụ được giao."
            ),
        ]
    phase = dossier.phase
    return [
        _heading("II. THÀNH TÍCH ĐẠT ĐƯỢC TRONG ĐỢT THI ĐUA"),
        _line(
            "- Đợt thi đua:",
            f"{phase.name} (từ ngày {vn_date(phase.starts_on)} đến ngày {vn_date(phase.ends_on)})"
            if phase
            else "",
        ),
        _hint(
            "Đơn vị ghi kết quả thực hiện các chỉ tiêu, nội dung thi đua của đợt (chuyên đề), các giải "
            "pháp đã thực hiện và hiệu quả đạt được."
        ),
    ]


def achievement_report_paper(dossier: Dossier, nominee: Nominee, *, on_date: dt.date | None = None) -> Paper:
    """The nominee's achievement report, in the form awards.selectors.report_form_for chooses, pre-filled.
    `nominee` must belong to `dossier` (the caller finds it through dossiers_visible_to)."""
    form = report_form_for(dossier, nominee)
    day = on_date or timezone.localdate()
    year = dossier.campaign.year
    department = department_on(day)
    unit = dossier.unit
    blocks = _unit_blocks(nominee, year) if nominee.is_collective else _person_blocks(nominee, year, day)
    if form in (DocumentKind.REPORT_AD_HOC, DocumentKind.REPORT_PHASE):
        # The forms 06 and 07 keep section I and III; their section II is the achievement or the phase's.
        start = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.startswith("II."))
        end = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.startswith("III."))
        blocks[start:end] = _achievement_blocks(dossier, form)
    # The unit's block on the left: the Department over the unit (the unit is not an issuing body itself).
    issuer = SimpleNamespace(
        governing_body=department.name, name=unit.name, abbreviation="", place_name=department.place_name
    )
    number = FORM_NUMBERS[form]
    subject = "tập thể" if nominee.is_collective else "cá nhân"
    head = _unit_head(unit)
    if nominee.is_collective:
        signatures = [
            Signature(
                authority="", position="THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN", name=""
            ),
            Signature(authority="", position="THỦ TRƯỞNG ĐƠN VỊ", name=head),
        ]
    else:
        signatures = [
            Signature(authority="", position="THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", name=head),
            Signature(authority="", position="NGƯỜI BÁO CÁO THÀNH TÍCH", name=nominee.name),
        ]
    note = Paragraph(
        text=f"(Mẫu số {number} – báo cáo thành tích của {subject}, Nghị định số 91/2017/NĐ-CP; năm {year})",
        align="center",
        italic=True,
        indent=False,
    )
    return Paper(
        issuer=issuer,
        number="",
        date=day,
        kind="BÁO CÁO THÀNH TÍCH",
        summary=f"Đề nghị tặng {nominee.title.name}",
        blocks=[note, *blocks],
        signatures=signatures,
        filename=f"bao-cao-thanh-tich-mau-{number}-{nominee.pk}",
    )
