"""The initiative papers: the author's application for recognition (TT 18/2013/TT-BKHCN Annex I) and the
Director's decision recognising the initiatives a council round passed, with its list.

Searched (pages corpus, December 2026): the Annex I form as republished by schools
(thquoixuan.hcm.edu.vn "don-yeu-cau-cong-nhan-sang-kien"): national title and motto only, no issuing body
and no number; "Kính gửi", "Tôi (chúng tôi) ghi tên dưới đây:", the authors table with its seven columns,
"Là tác giả (nhóm tác giả) đề nghị xét công nhận sáng kiến", the investor, the field, the date first
applied, the description and the confidential information [V]. The lines after those (conditions, the two
assessments of the benefits, the people of the first application, the pledge) follow TT 18/2013 Art 5 as
summarised by thuvienphapluat.vn; their exact wording was not seen [U]. TT 18/2013 is dated 01/08/2013
(thuvienphapluat.vn) [V]; the decision's articles are not a form of any text: an editable template [U].
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import vn_date, vn_number
from core.papers.model import Column, PageBreak, Paper, Paragraph, Signature, Table
from core.papers.templates import TEMPLATE_KINDS, TemplateKind, render_template
from departments.selectors import department_on
from initiatives.enums import InitiativeKind, InitiativeScope, InitiativeState
from initiatives.models import EvaluationRound, Initiative, InitiativeHistory

# Papers are Vietnamese legal documents whatever the language of the interface: fixed labels, not gettext.
KIND_LABELS = {
    InitiativeKind.TECHNICAL: "Giải pháp kỹ thuật",
    InitiativeKind.MANAGEMENT: "Giải pháp quản lý",
    InitiativeKind.OPERATIONAL: "Giải pháp tác nghiệp",
    InitiativeKind.TECH_APPLICATION: "Giải pháp ứng dụng tiến bộ kỹ thuật",
}
SCOPE_LABELS = {InitiativeScope.BASE: "Cấp cơ sở", InitiativeScope.PROVINCIAL: "Cấp tỉnh"}

DECREE_13 = (
    "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;"
)
CIRCULAR_18 = (
    "Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ trưởng Bộ Khoa học và Công nghệ "
    "hướng dẫn thi hành một số quy định của Điều lệ Sáng kiến được ban hành theo Nghị định số "
    "13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ;"
)
PLEDGE = (
    "Tôi (chúng tôi) xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng sự thật và hoàn toàn "
    "chịu trách nhiệm trước pháp luật."
)

RECOGNITION = "initiative_recognition"
# [U] No text sets the articles of a recognition decision; written from NĐ 13/2012 (Điều lệ Art 11: the
# author's rights) and the practice of the award decision. Paragraphs are separated by a blank line; a
# paragraph that starts "Điều N." prints that in bold.
RECOGNITION_DEFAULT = (
    "Điều 1. Công nhận {so_sang_kien} sáng kiến năm {nam} của các tác giả thuộc {co_quan} "
    "(có danh sách kèm theo). Phạm vi ảnh hưởng của các sáng kiến: {pham_vi}.\n\n"
    "Điều 2. Tác giả sáng kiến được hưởng các quyền theo quy định của Điều lệ Sáng kiến ban hành kèm theo "
    "Nghị định số 13/2012/NĐ-CP; sáng kiến được công nhận là căn cứ xét tặng danh hiệu thi đua, hình thức "
    "khen thưởng theo quy định của pháp luật về thi đua, khen thưởng. Quyết định này có hiệu lực kể từ "
    "ngày ký.\n\n"
    "Điều 3. Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc {co_quan} và các tác giả có tên trong "
    "danh sách kèm theo chịu trách nhiệm thi hành Quyết định này./."
)
TEMPLATE_KINDS.update(
    {
        RECOGNITION: TemplateKind(
            label="Quyết định công nhận sáng kiến (Điều 1–3)",
            placeholders={
                "so_sang_kien": "số sáng kiến được công nhận",
                "nam": "năm của đợt thi đua",
                "co_quan": "tên Sở (trong câu: Sở Tư pháp)",
                "pham_vi": "phạm vi ảnh hưởng (cấp cơ sở)",
                "hoi_dong": "tên phiên họp Hội đồng sáng kiến",
            },
            default=RECOGNITION_DEFAULT,
        )
    }
)


def in_sentence(name: str) -> str:
    """The Department's name inside a sentence: "SỞ TƯ PHÁP" -> "Sở Tư pháp"."""
    from awards.exports import _in_sentence

    return _in_sentence(name)


def _percent(share: Decimal) -> str:
    return vn_number(share, 2 if share != share.to_integral() else 0)


def _paragraphs(text: str, *, lead: str = "") -> list[Paragraph]:
    """A typed text as paragraphs, one per non-empty line, the first with `lead`."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [Paragraph(text="", lead=lead)]
    return [Paragraph(text=line, lead=lead if i == 0 else "") for i, line in enumerate(lines)]


def _filed_on(initiative: Initiative) -> dt.date:
    """The day the application was first sent to the standing office (today while it is a draft), never
    after the decision recognising it: an application entered after the fact (a past year's, the demo's)
    is dated no later than its recognition."""
    sent = (
        InitiativeHistory.objects.filter(initiative=initiative, to_state=InitiativeState.SUBMITTED)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    day = timezone.localdate(sent) if sent else timezone.localdate()
    return min(day, initiative.decision_date) if initiative.decision_date else day


def application_paper(initiative: Initiative, *, on_date: dt.date | None = None) -> Paper:
    """Đơn yêu cầu công nhận sáng kiến (TT 18/2013 Annex I), filled from the initiative. Refused (Vietnamese
    ValidationError) when the initiative has no author or the authors' shares do not add up to 100%: the
    application would name the wrong authors."""
    authors = list(initiative.authors.select_related("staff__unit"))
    if not authors:
        raise ValidationError(
            _("The initiative has no author: name its authors before printing the application."),
            code="no_author",
        )
    total = sum((author.share for author in authors), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("The authors' shares add up to %(total)s%%, not 100%%: correct them before printing.")
            % {"total": _percent(total)},
            code="shares",
        )
    day = on_date or _filed_on(initiative)
    issuer = department_on(day)
    rows = [
        [
            number,
            author.name,
            vn_date(author.birth_date),
            author.place,
            author.job,
            author.qualification,
            _percent(author.share),
        ]
        for number, author in enumerate(authors, start=1)
    ]
    table = Table.simple(
        [
            Column("Số TT", 7, numeric=True),
            Column("Họ và tên", 22),
            Column("Ngày tháng năm sinh", 14),
            Column("Nơi công tác (hoặc nơi thường trú)", 22),
            Column("Chức danh", 15),
            Column("Trình độ chuyên môn", 14),
            Column("Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến", 14, numeric=True),
        ],
        rows,
        sheet_name="Tác giả",
    )
    investor = initiative.investor.strip() or "Tác giả đồng thời là chủ đầu tư tạo ra sáng kiến."
    blocks = [
        Paragraph(
            text=f"{in_sentence(issuer.name)} tỉnh {issuer.place_name}",
            lead="Kính gửi:",
            align="center",
            indent=False,
        ),
        Paragraph(text="Tôi (chúng tôi) ghi tên dưới đây:"),
        table,
        Paragraph(text=initiative.title, lead="Là tác giả (nhóm tác giả) đề nghị xét công nhận sáng kiến:"),
        Paragraph(
            text=investor,
            lead="- Chủ đầu tư tạo ra sáng kiến (trường hợp tác giả không đồng thời là chủ đầu tư "
            "tạo ra sáng kiến):",
        ),
        Paragraph(
            text=f"{initiative.field} ({KIND_LABELS.get(initiative.kind, '')})",
            lead="- Lĩnh vực áp dụng sáng kiến:",
        ),
        Paragraph(
            text=vn_date(initiative.first_applied_on),
            lead="- Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử:",
        ),
        *_paragraphs(initiative.description, lead="- Mô tả bản chất của sáng kiến:"),
        *_paragraphs(
            initiative.confidential_info or "Không có.",
            lead="- Những thông tin cần được bảo mật (nếu có):",
        ),
        *_paragraphs(initiative.conditions, lead="- Những điều kiện cần thiết để áp dụng sáng kiến:"),
        *_paragraphs(
            initiative.benefits,
            lead="- Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến theo ý kiến "
            "của tác giả:",
        ),
        *_paragraphs(
            initiative.benefits_by_others or "Không có.",
            lead="- Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến theo ý kiến "
            "của tổ chức, cá nhân đã tham gia áp dụng sáng kiến lần đầu, kể cả áp dụng thử (nếu có):",
        ),
        *_paragraphs(
            initiative.first_appliers or "Không có.",
            lead="- Danh sách những người đã tham gia áp dụng thử hoặc áp dụng sáng kiến lần đầu (nếu có):",
        ),
        Paragraph(text=PLEDGE),
    ]
    caption = "NGƯỜI NỘP ĐƠN" if len(authors) == 1 else "ĐỒNG TÁC GIẢ"
    return Paper(
        issuer=issuer,
        number="",
        date=day,
        kind="ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN",
        summary="",
        blocks=blocks,
        signatures=[
            Signature(authority=caption, position="(Ký và ghi rõ họ tên)", name=author.name)
            for author in authors
        ],
        filename=f"don-yeu-cau-cong-nhan-sang-kien-{initiative.pk}",
        header="national",
    )


def recognition_numbers(evaluation_round: EvaluationRound) -> list[str]:
    """The numbers of the decisions recognising initiatives of `evaluation_round`, in order."""
    return list(
        evaluation_round.initiatives.filter(state=InitiativeState.RECOGNISED)
        .order_by("decision_date", "decision_number")
        .values_list("decision_number", flat=True)
        .distinct()
    )


def recognised_by(evaluation_round: EvaluationRound, number: str) -> list[Initiative]:
    return list(
        evaluation_round.initiatives.filter(state=InitiativeState.RECOGNISED, decision_number=number)
        .select_related("unit", "campaign")
        .prefetch_related("authors__staff")
        .order_by("unit__display_order", "title")
    )


def _organisation_basis(issuer) -> list[Paragraph]:
    decision = (issuer.decision_number or "").strip()
    if not decision:
        return []
    if not decision.lower().startswith("quyết định"):
        decision = f"Quyết định số {decision}"
    return [
        Paragraph(
            text=f"Căn cứ {decision} quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của "
            f"{in_sentence(issuer.name)} tỉnh {issuer.place_name};",
            italic=True,
        )
    ]


def _articles(text: str) -> list[Paragraph]:
    paragraphs = []
    for chunk in (part.strip() for part in text.split("\n\n")):
        if not chunk:
            continue
        head, _sep, rest = chunk.partition(".")
        if head.startswith("Điều ") and head[5:].strip().isdigit():
            paragraphs.append(Paragraph(text=rest.strip(), lead=f"{head}."))
        else:
            paragraphs.append(Paragraph(text=chunk))
    return paragraphs


def recognition_paper(
    evaluation_round: EvaluationRound, *, number: str = "", signer: str, deputy: bool = False
) -> Paper:
    """Quyết định công nhận sáng kiến: the Director's decision `number` recognising initiatives of
    `evaluation_round`, then its list. Refused (Vietnamese ValidationError) while the round is open, before
    any initiative of the round is recognised, for a number no recognised initiative of the round carries,
    and without the signer's name. `number` may be left out when the round's initiatives share one."""
    if evaluation_round.is_open:
        raise ValidationError(
            _("The council has not closed this round: no initiative of it is recognised yet."),
            code="round_open",
        )
    numbers = recognition_numbers(evaluation_round)
    if not numbers:
        raise ValidationError(
            _("No initiative of this round is recognised yet: record the Director's decision first."),
            code="not_recognised",
        )
    number = number.strip() or (numbers[0] if len(numbers) == 1 else "")
    if number not in numbers:
        raise ValidationError(
            _("No initiative of this round is recognised by decision “%(number)s”.") % {"number": number},
            code="unknown_decision",
        )
    if not signer.strip():
        raise ValidationError(_("Enter the name of the person who signs the decision."), code="no_signer")
    initiatives = recognised_by(evaluation_round, number)
    day = initiatives[0].decision_date
    year = initiatives[0].campaign.year
    issuer = department_on(day)
    department = in_sentence(issuer.name)
    director = f"GIÁM ĐỐC {issuer.name.upper()}"
    closed_on = timezone.localdate(evaluation_round.closed_at)
    body = render_template(
        RECOGNITION,
        day,
        {
            "so_sang_kien": f"{len(initiatives):02d}",
            "nam": year,
            "co_quan": department,
            "pham_vi": SCOPE_LABELS[InitiativeScope.BASE].lower(),
            "hoi_dong": evaluation_round.name,
        },
    )
    rows = [
        [
            index,
            initiative.title,
            "; ".join(f"{a.name} ({_percent(a.share)}%)" for a in initiative.authors.all()),
            initiative.unit.name,
            SCOPE_LABELS[InitiativeScope.BASE],
            KIND_LABELS.get(initiative.kind, ""),
        ]
        for index, initiative in enumerate(initiatives, start=1)
    ]
    reference = f"Quyết định số {number} ngày {vn_date(day)} của Giám đốc {department}"
    blocks = [
        Paragraph(text=director, align="center", bold=True, indent=False),
        Paragraph(text=DECREE_13, italic=True),
        Paragraph(text=CIRCULAR_18, italic=True),
        *_organisation_basis(issuer),
        Paragraph(
            text=f"Căn cứ kết quả xét, đánh giá sáng kiến của Hội đồng sáng kiến {department} "
            f"({evaluation_round.name}, kết thúc ngày {vn_date(closed_on)});",
            italic=True,
        ),
        Paragraph(text=f"Xét đề nghị của Chánh Văn phòng {department},", italic=True),
        Paragraph(text="QUYẾT ĐỊNH:", align="center", bold=True, indent=False),
        *_articles(body),
    ]
    annex = [
        PageBreak(),
        Paragraph(
            text=f"DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN NĂM {year}", align="center", bold=True, indent=False
        ),
        Paragraph(text=f"(Kèm theo {reference})", align="center", italic=True, indent=False),
        Table.simple(
            [
                Column("STT", 7, numeric=True),
                Column("Tên sáng kiến", 36),
                Column("Tác giả", 28),
                Column("Đơn vị", 22),
                Column("Phạm vi ảnh hưởng", 17),
                Column("Ghi chú", 16),
            ],
            rows,
            sheet_name="Sáng kiến được công nhận",
        ),
    ]
    return Paper(
        issuer=issuer,
        number=f"Số: {number}",
        date=day,
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc công nhận sáng kiến năm {year}",
        blocks=blocks,
        annex=annex,
        signatures=[
            Signature(
                authority="KT. GIÁM ĐỐC" if deputy else "",
                position="PHÓ GIÁM ĐỐC" if deputy else "GIÁM ĐỐC",
                name=signer.strip(),
            )
        ],
        recipients=["Như Điều 3;", "Ban Thi đua - Khen thưởng (Sở Nội vụ);", "Lưu: VT, VP."],
        filename=f"quyet-dinh-cong-nhan-sang-kien-{number.replace('/', '-')}",
    )
