"""The Director's reward decision (Quyết định khen thưởng) and the tờ trình to the higher level, whole: the
signed text, then the list attached to it, grouped by title.

Both are built from an issued awards.models.Decision. A Decision exists only once decision_issue has issued
it (with its number and nominees), so "not issued yet" means: dated after today (issued ahead of its date,
it is printed from that day) or naming no one. The fixed administrative wording (QUYẾT ĐỊNH, Căn cứ …, Nơi
nhận) is written here in Vietnamese, whatever the interface's language; the sentences of the articles are
the Department's editable texts (awards.papers.texts).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import DecisionKind
from awards.exports import _in_sentence, _percent_text
from awards.models import Decision, Nominee, RewardRecord
from awards.papers.words import money_words
from core.formats import vn_date, vn_number
from core.papers.model import Column, Group, PageBreak, Paper, Paragraph, Signature, Table
from core.papers.templates import render_template
from departments.selectors import department_on, unit_names_on
from emulation.bonus import bonus_amount
from emulation.enums import Authority, CriteriaSubject, TitleCategory, TitleCode, VoteBase
from emulation.legal import campaign_rules, regime_on, regime_texts

INDIVIDUAL, COLLECTIVE = CriteriaSubject.INDIVIDUAL.value, CriteriaSubject.COLLECTIVE.value
SUBJECT_WORD = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể"}
COUNCIL = "Hội đồng Thi đua – Khen thưởng"


# --- Refusals ---------------------------------------------------------------------------------------------


def check_printable(decision: Decision) -> list[Nominee]:
    """The decision's nominees, in the order of its list; a ValidationError (Vietnamese) when the paper
    cannot be printed as a clerk would sign it."""
    values = {"reference": decision.reference, "date": vn_date(decision.issued_on)}
    if decision.issued_on > timezone.localdate():
        raise ValidationError(
            _("%(reference)s is dated %(date)s, which has not come yet: it can be printed from that day.")
            % values,
            code="not_issued",
        )
    if not decision.signer.strip():
        raise ValidationError(
            _("%(reference)s has no signer's name: a paper is signed by name. Record who signs it.") % values,
            code="no_signer",
        )
    nominees = list(
        decision.nominees.select_related(
            "staff", "title", "dossier__unit", "dossier__council_session", "initiative", "research"
        ).order_by("title__display_order", "title__code", "dossier__unit__display_order", "dossier__pk", "pk")
    )
    if not nominees:
        raise ValidationError(
            _("%(reference)s names no one: there is nothing to print.") % values, code="no_nominees"
        )
    return nominees


# --- Shared pieces ----------------------------------------------------------------------------------------


@dataclass
class TitleGroup:
    title: object
    nominees: list[Nominee]

    @property
    def people(self) -> int:
        return sum(1 for nominee in self.nominees if nominee.staff_id)

    @property
    def units(self) -> int:
        return len(self.nominees) - self.people

    @property
    def subjects(self) -> list[str]:
        return [s for s, n in ((COLLECTIVE, self.units), (INDIVIDUAL, self.people)) if n]


def _by_title(nominees: list[Nominee]) -> list[TitleGroup]:
    groups: dict[int, TitleGroup] = {}
    for nominee in nominees:
        groups.setdefault(nominee.title_id, TitleGroup(nominee.title, [])).nominees.append(nominee)
    return list(groups.values())


def _count(people: int, units: int) -> str:
    """ "02 tập thể và 05 cá nhân": numbers under ten written on two digits, as administrative papers do."""
    parts = [f"{n:02d} {SUBJECT_WORD[s]}" for s, n in ((COLLECTIVE, units), (INDIVIDUAL, people)) if n]
    return " và ".join(parts)


def _form(title) -> str:
    """The title as written in a sentence: danh hiệu “Lao động tiên tiến”; a form of reward by its name."""
    if title.category == TitleCategory.EMULATION_TITLE:
        return f"danh hiệu “{title.name}”"
    return title.name


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text, number = text + letters, number - value
    return text


def _heading(index: int, group: TitleGroup) -> str:
    form = _form(group.title)
    return f"{_roman(index)}. {form[:1].upper()}{form[1:]} ({_count(group.people, group.units)})"


def _governing_in_sentence(name: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" or "UBND TỈNH KHÁNH HÒA" -> "Ủy ban nhân dân tỉnh Khánh Hòa"."""
    if not name.isupper():
        return name
    words = name.replace("UBND", "ỦY BAN NHÂN DÂN").lower().split()
    for marker in ("tỉnh", "phố"):
        if marker in words:
            at = words.index(marker) + 1
            words[at:] = [word[:1].upper() + word[1:] for word in words[at:]]
            break
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _signature(decision: Decision) -> Signature:
    """The Director's block, or "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" when a deputy signs for the Director (ký thay:
    TT 01/2011 Điều 12 k1, NĐ 30/2020 Điều 13 and Phụ lục I mục II.7 [V2]); otherwise the position alone:
    "GIÁM ĐỐC", or "Q. GIÁM ĐỐC" for an acting Director."""
    position = (decision.signer_title or "").strip().upper() or "GIÁM ĐỐC"
    deputy = position.startswith("PHÓ")
    return Signature(
        authority="KT. GIÁM ĐỐC" if deputy else "", position=position, name=decision.signer.strip()
    )


def _plan(campaign, department: str) -> str:
    """ "Kế hoạch số 05/KH-STP ngày 04/01/2018 của Sở Tư pháp về phong trào thi đua năm 2018"."""
    number = f" số {campaign.plan_number}" if campaign.plan_number else ""
    date = f" ngày {vn_date(campaign.plan_date)}" if campaign.plan_date else ""
    return f"Kế hoạch{number}{date} của {department} về phong trào thi đua năm {campaign.year}"


def _law_lines(decision: Decision) -> list[str]:
    return [f"Căn cứ {full};" for _short, full in regime_texts(decision.campaign.regime)]


def _organisation_line(issuer, department: str) -> list[str]:
    number = (issuer.decision_number or "").strip()
    if not number:
        return []
    # A bare number ("15/2016/QĐ-UBND") is the province's decision; a text that names itself is kept as is.
    text = number if number[:1].isalpha() else f"Quyết định số {number}"
    if number[:1].isdigit():
        text += f" của {_governing_in_sentence(issuer.governing_body)}"
    return [f"Căn cứ {text} quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {department};"]


def _sessions(nominees: list[Nominee]) -> list:
    sessions = {n.dossier.council_session_id: n.dossier.council_session for n in nominees}
    return sorted((s for s in sessions.values() if s is not None), key=lambda s: (s.held_on, s.pk))


def _basis(line: str) -> Paragraph:
    # NĐ 30/2020: the grounds of issue are in italics.
    return Paragraph(line, italic=True)


def _centred(text: str, *, bold: bool = True, italic: bool = False) -> Paragraph:
    return Paragraph(text, align="center", bold=bold, italic=italic, indent=False)


def _end(lines: list[str]) -> list[str]:
    """A list of clauses ends with a full stop where each ends with a semicolon."""
    if lines and lines[-1].endswith(";"):
        lines[-1] = lines[-1][:-1] + "."
    return lines


def _title_values(group: TitleGroup, campaign, department: str) -> dict:
    return {
        "hinh_thuc": _form(group.title),
        "danh_hieu": group.title.name,
        "doi_tuong": _count(group.people, group.units),
        "so_ca_nhan": f"{group.people:02d}",
        "so_tap_the": f"{group.units:02d}",
        "nam": campaign.year,
        "ten_so": department,
    }


def _summary(groups: list[TitleGroup], year: int, *, verb: str) -> str:
    titles = [g.title for g in groups if g.title.category == TitleCategory.EMULATION_TITLE]
    forms = [g.title.name for g in groups if g.title.category != TitleCategory.EMULATION_TITLE]
    parts = []
    if titles:
        quoted = [f"“{t.name}”" for t in titles]
        parts.append("danh hiệu " + (", ".join(quoted) if forms else _and(quoted)))
    parts.extend(forms)
    return f"Về việc {verb} " + _and(parts) + f" năm {year}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def _name(nominee: Nominee, names: dict[int, str]) -> str:
    """A person's name, or the unit's name on the paper's date (unit_names_on)."""
    if nominee.staff_id:
        return nominee.staff.full_name
    return names.get(nominee.dossier.unit_id, nominee.dossier.unit.name)


# --- The decision -----------------------------------------------------------------------------------------


def _bonus(title, day: dt.date, subject: str) -> int | None:
    """The bonus of one awardee, or None when the reference data has no rate or base salary for the day
    (the office completes it: the paper still prints, with the bonus left to the text in force)."""
    try:
        return bonus_amount(title, day, subject).amount
    except ValidationError:
        return None


def _coefficient(value) -> str:
    """0.30 -> "0,3"; 1.00 -> "1"; 0.25 -> "0,25"."""
    value = value.normalize()
    return vn_number(value, decimals=max(0, -value.as_tuple().exponent))


def _decree_on(day: dt.date) -> str:
    """The decree that sets the bonuses on `day`: "Nghị định số 91/2017/NĐ-CP"."""
    for short, _full in regime_texts(regime_on(day)):
        if short.startswith("Nghị định "):
            return short.replace("Nghị định ", "Nghị định số ", 1)
    return ""


def _article_2(decision: Decision, groups: list[TitleGroup], department: str) -> tuple[list[Paragraph], int]:
    day, year = decision.issued_on, decision.campaign.year
    lines, total = [], 0
    for group in groups:
        for subject in group.subjects:
            try:
                bonus = bonus_amount(group.title, day, subject)
            except ValidationError:
                lines.append(
                    f"Mỗi {SUBJECT_WORD[subject]} được tặng {_form(group.title)} được thưởng theo quy định "
                    "hiện hành;"
                )
                continue
            count = group.people if subject == INDIVIDUAL else group.units
            total += bonus.amount * count
            values = {
                "hinh_thuc": _form(group.title),
                "danh_hieu": group.title.name,
                "doi_tuong_don": SUBJECT_WORD[subject],
                "he_so": _coefficient(bonus.coefficient),
                "luong_co_so": vn_number(bonus.base_salary),
                "muc_thuong": vn_number(bonus.amount),
                "muc_thuong_chu": money_words(bonus.amount),
                "nam": year,
            }
            lines.append(render_template("decision-article-2", day, values, key=group.title.code))
    blocks = [
        Paragraph(
            "Các tập thể, cá nhân có tên tại Điều 1 được thưởng kèm theo danh hiệu thi đua, hình thức khen "
            "thưởng như sau:",
            lead="Điều 2.",
        )
    ]
    blocks += [Paragraph(f"- {line}") for line in _end(lines)]
    if total:
        fund = {
            "ten_so": department,
            "nam": year,
            "nghi_dinh": _decree_on(day),
            "tong_tien": vn_number(total),
            "tong_tien_chu": money_words(total),
        }
        blocks.append(Paragraph(render_template("decision-article-2-fund", day, fund)))
    return blocks, total


def _decision_annex(decision: Decision, groups: list[TitleGroup], department: str) -> list:
    names = unit_names_on(decision.issued_on)
    table_groups = []
    for index, group in enumerate(groups, start=1):
        rows = [
            [
                number,
                _name(nominee, names),
                nominee.staff.position if nominee.staff_id else "",
                names.get(nominee.dossier.unit_id, nominee.dossier.unit.name),
                group.title.name,
                _bonus(group.title, decision.issued_on, INDIVIDUAL if nominee.staff_id else COLLECTIVE),
            ]
            for number, nominee in enumerate(group.nominees, start=1)
        ]
        table_groups.append(Group(_heading(index, group), rows))
    return [
        _centred("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"),
        _centred(
            f"(Kèm theo Quyết định số {decision.reference} ngày {vn_date(decision.issued_on)} "
            f"của Giám đốc {department})",
            bold=False,
            italic=True,
        ),
        Table(
            columns=[
                Column("STT", 6, numeric=True),
                Column("Họ và tên (tập thể)", 26),
                Column("Chức vụ", 16),
                Column("Đơn vị", 22),
                Column("Danh hiệu, hình thức khen thưởng", 22),
                Column("Số tiền thưởng (đồng)", 14, numeric=True, total=True),
            ],
            groups=table_groups,
            total_label="Tổng cộng",
            subtotal_label="Cộng",
            sheet_name="Danh sách khen thưởng",
        ),
    ]


def decision_paper(decision: Decision) -> Paper:
    """Quyết định khen thưởng of the Director, whole, with its list (DOMAIN.md §4.5, §5)."""
    nominees = check_printable(decision)
    day, campaign = decision.issued_on, decision.campaign
    issuer = department_on(day)
    department = _in_sentence(issuer.name)
    groups = _by_title(nominees)
    blocks = [_centred(f"GIÁM ĐỐC {issuer.name.upper()}")]
    basis = [*_law_lines(decision), *_organisation_line(issuer, department)]
    if campaign.plan_number or campaign.plan_date:
        basis.append(f"Căn cứ {_plan(campaign, department)};")
    basis += [
        f"Căn cứ Biên bản họp ngày {vn_date(s.held_on)} của {COUNCIL} Sở ({s.name});"
        for s in _sessions(nominees)
    ]
    # The last ground ends with a comma before "QUYẾT ĐỊNH:", as the province's decisions write it.
    basis.append(f"Xét đề nghị của Chánh Văn phòng – Thường trực {COUNCIL} Sở,")
    blocks += [_basis(line) for line in basis]
    blocks.append(_centred("QUYẾT ĐỊNH:"))
    values = {"ten_so": department, "nam": campaign.year}
    blocks.append(Paragraph(render_template("decision-article-1-intro", day, values), lead="Điều 1."))
    lines = [
        render_template("decision-article-1", day, _title_values(g, campaign, department), key=g.title.code)
        for g in groups
    ]
    blocks += [Paragraph(f"{number}. {line}") for number, line in enumerate(_end(lines), start=1)]
    article_2, _total = _article_2(decision, groups, department)
    blocks += article_2
    blocks.append(Paragraph(render_template("decision-article-3", day, values), lead="Điều 3."))
    return Paper(
        issuer=issuer,
        number=f"Số: {decision.reference}",
        date=day,
        kind="QUYẾT ĐỊNH",
        summary=_summary(groups, campaign.year, verb="tặng"),
        blocks=blocks,
        signatures=[_signature(decision)],
        recipients=["Như Điều 3;", "Sở Nội vụ (Ban Thi đua – Khen thưởng);", "Lưu: VT, VP."],
        filename=f"quyet-dinh-{decision.number:02d}-QD-{decision.issuer}",
        annex=[PageBreak(), *_decision_annex(decision, groups, department)],
    )


# --- The tờ trình -----------------------------------------------------------------------------------------


def _addressees(groups: list[TitleGroup], issuer) -> list[str]:
    """Who decides the titles proposed: the province's chairman (through Sở Nội vụ) and/or the Minister."""
    authorities = {group.title.decided_by for group in groups}
    found = []
    if authorities - {Authority.MINISTER}:
        found.append(f"Chủ tịch {_governing_in_sentence(issuer.governing_body)}")
    if Authority.MINISTER in authorities:
        found.append("Bộ trưởng Bộ Tư pháp")
    return found


def _votes(nominee: Nominee) -> str:
    if nominee.votes_yes is None or not nominee.votes_base:
        return "chưa có kết quả bỏ phiếu"
    base = (
        "số thành viên có mặt"
        if nominee.title.vote_base == VoteBase.PRESENT
        else f"tổng số thành viên {COUNCIL}"
    )
    share = _percent_text(nominee.votes_yes, nominee.votes_base)
    return f"{nominee.votes_yes}/{nominee.votes_base} phiếu đồng ý, đạt {share} {base}"


def _decision_of(number: str, day: dt.date | None) -> str:
    text = number if number[:1].isalpha() else f"Quyết định số {number}"
    return f"{text} ngày {vn_date(day)}" if day else text


def _cstdcs_years(nominee: Nominee, on_date: dt.date) -> str:
    """The three years of CSTĐCS a CSTĐ cấp tỉnh rests on, each with its decision (the reward history; this
    year's from the Director's decision or the proposal in progress)."""
    campaign = nominee.dossier.campaign
    last = campaign.year if campaign_rules(campaign).cstd_tinh_includes_current_year else campaign.year - 1
    years = [last - 2, last - 1, last]
    records = {
        r.year: r
        for r in RewardRecord.objects.filter(
            staff=nominee.staff, title__code=TitleCode.CSTDCS, year__in=years
        )
    }
    parts = []
    for year in years:
        record = records.get(year)
        if record:
            parts.append(f"năm {year} ({_decision_of(record.decision_number, record.decision_date)})")
        elif year == campaign.year:
            # The eligibility rule counts this year's CSTĐCS when the person meets it now (r2017.three_years).
            parts.append(f"năm {year} (đạt tiêu chuẩn Chiến sĩ thi đua cơ sở năm xét)")
        else:
            parts.append(f"năm {year} (không có trong lịch sử khen thưởng)")
    return ", ".join(parts)


def _initiative(nominee: Nominee) -> str:
    initiative, research = nominee.initiative, nominee.research
    if initiative:
        if initiative.provincial_decision_number:
            where = "có phạm vi ảnh hưởng cấp tỉnh, " + _decision_of(
                initiative.provincial_decision_number, initiative.provincial_decision_date
            )
        else:
            where = _decision_of(initiative.decision_number, initiative.decision_date)
        return f"sáng kiến “{initiative.title}” được công nhận ({where})"
    if research:
        where = _decision_of(research.acceptance_decision_number, research.accepted_on)
        return f"đề tài “{research.title}” được nghiệm thu, áp dụng ({where})"
    return "chưa có sáng kiến, đề tài được công nhận"


def _evidence_cell(nominee: Nominee) -> str:
    if nominee.initiative:
        number = nominee.initiative.provincial_decision_number or nominee.initiative.decision_number
        return f"{nominee.initiative.title} ({number})"
    if nominee.research:
        return f"{nominee.research.title} ({nominee.research.acceptance_decision_number})"
    return ""


def _submission_annex(decision: Decision, groups: list[TitleGroup], department: str) -> list:
    names = unit_names_on(decision.issued_on)
    table_groups = [
        Group(
            _heading(index, group),
            [
                [
                    number,
                    _name(nominee, names),
                    nominee.staff.position if nominee.staff_id else "",
                    names.get(nominee.dossier.unit_id, nominee.dossier.unit.name),
                    group.title.name,
                    _percent_text(nominee.votes_yes, nominee.votes_base),
                    _evidence_cell(nominee),
                ]
                for number, nominee in enumerate(group.nominees, start=1)
            ],
        )
        for index, group in enumerate(groups, start=1)
    ]
    return [
        _centred("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG"),
        _centred(
            f"(Kèm theo Tờ trình số {decision.reference} ngày {vn_date(decision.issued_on)} "
            f"của {department})",
            bold=False,
            italic=True,
        ),
        Table(
            columns=[
                Column("STT", 6, numeric=True),
                Column("Họ và tên (tập thể)", 24),
                Column("Chức vụ", 14),
                Column("Đơn vị", 20),
                Column("Danh hiệu, hình thức đề nghị", 20),
                Column("Kết quả phiếu (%)", 10),
                Column("Sáng kiến, đề tài (số quyết định)", 24),
            ],
            groups=table_groups,
            sheet_name="Danh sách đề nghị",
        ),
    ]


def submission_paper(decision: Decision) -> Paper:
    """Tờ trình of the Department to the Chủ tịch UBND tỉnh (qua Sở Nội vụ): the basis, the council's
    result, the proposal, each CSTĐ cấp tỉnh nominee's evidence, then the list."""
    nominees = check_printable(decision)
    day, campaign = decision.issued_on, decision.campaign
    issuer = department_on(day)
    department = _in_sentence(issuer.name)
    groups = _by_title(nominees)
    deciders = _addressees(groups, issuer)
    addressee = " và ".join(deciders)
    to = [f"{name} (qua Sở Nội vụ)" if name.startswith("Chủ tịch") else name for name in deciders]
    blocks = [_centred("Kính gửi: " + "; ".join(to) + ".", bold=False)]
    # The plan is cited by the opening sentence (submission-intro) that follows.
    blocks += [Paragraph(line) for line in _end(_law_lines(decision))]
    values = {"ten_so": department, "nam": campaign.year, "ke_hoach": _plan(campaign, department)}
    blocks.append(Paragraph(render_template("submission-intro", day, values)))
    for session in _sessions(nominees):
        council = {
            "phien_hop": session.name,
            "ngay_hop": vn_date(session.held_on),
            "so_thanh_vien": session.members.count(),
            "so_co_mat": session.present.count(),
        }
        blocks.append(Paragraph(render_template("submission-council", day, council)))
        voted = [n for n in nominees if n.dossier.council_session_id == session.pk]
        names = unit_names_on(day)
        blocks += [
            Paragraph(f"- {line}")
            for line in _end([f"{_name(n, names)} ({n.title.name}): {_votes(n)};" for n in voted])
        ]
    proposal = {"ten_so": department, "cap_tren": addressee}
    blocks.append(Paragraph(render_template("submission-proposal-intro", day, proposal)))
    lines = [
        render_template("submission-proposal", day, _title_values(g, campaign, department), key=g.title.code)
        for g in groups
    ]
    blocks += [Paragraph(f"- {line[:1].upper()}{line[1:]}") for line in _end(lines)]
    fighters = [n for n in nominees if n.title.code == TitleCode.CSTD_TINH and n.staff_id]
    if fighters:
        blocks.append(
            Paragraph("Thành tích làm căn cứ đề nghị danh hiệu “Chiến sĩ thi đua cấp tỉnh”:", bold=True)
        )
        blocks += [
            Paragraph(
                f"- {n.staff.full_name}, {n.staff.position or 'công chức'}: đạt danh hiệu Chiến sĩ thi đua "
                f"cơ sở ba năm liên tục: {_cstdcs_years(n, day)}; {_initiative(n)}."
            )
            for n in fighters
        ]
    blocks.append(Paragraph(render_template("submission-closing", day, proposal)))
    return Paper(
        issuer=issuer,
        number=f"Số: {decision.reference}",
        date=day,
        kind="TỜ TRÌNH",
        summary=_summary(groups, campaign.year, verb="đề nghị tặng"),
        blocks=blocks,
        signatures=[_signature(decision)],
        recipients=["Như trên;", "Lưu: VT, VP."],
        filename=f"to-trinh-{decision.number:02d}-TTr-{decision.issuer}",
        annex=[PageBreak(), *_submission_annex(decision, groups, department)],
    )


def decision_paper_of(decision: Decision) -> Paper:
    """The paper of a Decision of either kind."""
    if decision.kind == DecisionKind.DECISION:
        return decision_paper(decision)
    return submission_paper(decision)


def list_paper(paper: Paper) -> Paper:
    """The list attached to a decision or tờ trình as a paper of its own (its workbook): the header, the
    list's title and the table, the signature."""
    return Paper(
        issuer=paper.issuer,
        number=paper.number,
        date=paper.date,
        kind="",
        summary="",
        blocks=[block for block in paper.annex if not isinstance(block, PageBreak)],
        signatures=paper.signatures,
        filename=f"{paper.filename}-danh-sach",
    )
