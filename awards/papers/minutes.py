"""The council's papers: the minutes of its meeting with the result of the secret ballot ("Biên bản họp
Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín"), and the ballot form to print for a paper ballot
("Phiếu bầu").

The minutes name who attended, who chaired, who took the minutes and who counted the votes, and give each
nominee's tally; never who voted how (nothing in the database says it: awards.models.BallotChoice). The
minutes of a session whose ballot is still open print as a draft marked "DỰ THẢO" (a clerk prepares the
minutes during the meeting); the final minutes need the ballot closed. Without the chair's and the
secretary's names there is nobody to sign, so the minutes are refused, naming what is missing.

The fixed wording is Vietnamese administrative text. What the minutes hold follows the Justice sector's
practice form "Mẫu số 3: Biên bản họp Hội đồng thi đua, khen thưởng sở" (time "… giờ … phút", place, the
chair and the secretary with their positions, the members attending and those absent, the result of the
secret ballot in %; slideshare.vn/bieumauvanban/mau-so-3-bien-ban-hop-hoi-dong-thi-dua-khen-thuong-co-so-…,
[V2]) and the ballot-counting minutes in common use (ban kiểm phiếu with its head; ballots issued,
collected, valid, invalid; luatvietnam.vn/bieu-mau/mau-bien-ban-kiem-phieu-571-34208-article.html, [V2]).
CSTĐ cấp tỉnh: "từ 90% trở lên tính trên tổng số thành viên của Hội đồng (nếu thành viên Hội đồng vắng mặt
thì lấy ý kiến bằng văn bản)" (NĐ 91/2017 Art 45 k8, quoted by banthiduakhenthuongtw.gov.vn/traloi/
b6b7af14f6e14ac9a084a21d7a64b00e, [V2]). The conclusion and the ballot's instruction line are editable texts
(core.papers.templates): no official wording of either was found ([U]; searched "mẫu biên bản họp hội đồng
thi đua khen thưởng bỏ phiếu kín", "mẫu phiếu bầu danh hiệu thi đua").
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.exports import _in_sentence, _share, _unit_order
from awards.models import CouncilSession
from awards.selectors import session_nominees
from awards.services.council import vote_passes
from core.formats import vn_number
from core.papers.model import Column, Group, Paper, Paragraph, Signature, Table
from core.papers.templates import TEMPLATE_KINDS, TemplateKind, render_template
from departments.models import name_sort_key
from departments.selectors import department_on
from emulation.enums import VoteBase

CONCLUSION = "council_minutes_conclusion"
BALLOT_INSTRUCTION = "council_ballot_instruction"

TEMPLATE_KINDS.update(
    {
        CONCLUSION: TemplateKind(
            label="Biên bản họp Hội đồng Thi đua – Khen thưởng: kết luận",
            placeholders={
                "don_vi": "tên Sở, viết trong câu (Sở Tư pháp)",
                "nam": "năm xét khen thưởng",
                "so_dat": "số trường hợp đạt tỷ lệ phiếu",
                "so_de_nghi": "số trường hợp Hội đồng xét",
                "gio_ket_thuc": "giờ kết thúc cuộc họp (10 giờ 30 phút)",
            },
            default=(
                "Căn cứ kết quả bỏ phiếu kín, Hội đồng Thi đua – Khen thưởng {don_vi} thống nhất: "
                "{so_dat}/{so_de_nghi} trường hợp đạt tỷ lệ phiếu đồng ý theo quy định (danh sách dưới đây); "
                "đề nghị Giám đốc {don_vi} xét, quyết định khen thưởng theo thẩm quyền hoặc trình cấp có "
                "thẩm quyền khen thưởng năm {nam}.\n"
                "Cuộc họp kết thúc vào lúc {gio_ket_thuc} cùng ngày. Biên bản đã được thông qua trước Hội "
                "đồng và các thành viên dự họp nhất trí."
            ),
        ),
        BALLOT_INSTRUCTION: TemplateKind(
            label="Phiếu bầu của Hội đồng Thi đua – Khen thưởng: hướng dẫn",
            placeholders={},
            default=(
                "Đồng ý trường hợp nào thì đánh dấu (X) vào ô “Đồng ý”, không đồng ý thì đánh dấu (X) vào ô "
                "“Không đồng ý”; không đánh dấu ô nào được tính là để trống đối với trường hợp đó. Phiếu "
                "đánh dấu cả hai ô của một trường hợp, hoặc ghi thêm nội dung khác, không hợp lệ. "
                "Không ghi tên người bầu vào phiếu."
            ),
        ),
    }
)

COUNCIL = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
DOTS = "……………"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class CouncilIssuer:
    """The council under the Department, in the header's left block ("SỞ TƯ PHÁP / HỘI ĐỒNG …"): the
    shape core.papers reads from departments.models.DepartmentPeriod."""

    governing_body: str
    name: str
    abbreviation: str
    place_name: str


def council_issuer(day: dt.date) -> CouncilIssuer:
    department = department_on(day)
    return CouncilIssuer(
        governing_body=department.name,
        name=COUNCIL,
        abbreviation="HĐTĐKT",
        place_name=department.place_name,
    )


@dataclass(frozen=True)
class BallotCounts:
    issued: int | None
    collected: int | None
    valid: int | None
    invalid: int | None
    written: int  # absent members' votes in writing (paper ballot)
    computed: bool  # an online ballot's, from the members present and the receipts


def ballot_counts(session: CouncilSession) -> BallotCounts:
    """A paper ballot's count as the standing office recorded it; an online one's computed: issued = the
    members present, collected = valid = the members who voted, invalid = 0."""
    if session.paper_ballot:
        return BallotCounts(
            session.ballots_issued,
            session.ballots_collected,
            session.ballots_valid,
            session.ballots_invalid,
            session.written_voters.count(),
            computed=False,
        )
    voted = session.receipts.count()
    return BallotCounts(session.present.count(), voted, voted, 0, 0, computed=True)


def threshold_text(title) -> str:
    """The share a nominee for `title` needs, and of what: "Trên 50% tổng số thành viên Hội đồng"."""
    percent = vn_number(Decimal(title.vote_percent).normalize())
    base = (
        "tổng số thành viên Hội đồng" if title.vote_base == VoteBase.ALL_MEMBERS else "số thành viên có mặt"
    )
    if title.vote_strictly_more:
        return f"Trên {percent}% {base}"
    return f"Từ {percent}% {base} trở lên"


def votes_needed(title, *, members: int, present: int) -> int | None:
    """The fewest votes for that pass (awards.services.vote_passes); None when no count can pass."""
    base = members if title.vote_base == VoteBase.ALL_MEMBERS else present
    return next(
        (yes for yes in range(base + 1) if vote_passes(title, yes=yes, members=members, present=present)),
        None,
    )


def _time(moment: dt.datetime | None) -> str:
    if moment is None:
        return DOTS
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút"


def _day(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _position(user) -> str:
    try:
        return user.staff.position
    except ObjectDoesNotExist:
        return ""


def _name_order(user) -> tuple:
    return (name_sort_key(str(user)), user.pk)


def _person(user) -> str:
    position = _position(user)
    return f"{user} ({position})" if position else str(user)


def minutes_missing(session: CouncilSession) -> list[str]:
    """What the standing office must still record before the minutes print: the chair and the secretary
    always (they sign); for the final minutes also the time, the place and, for a paper ballot, the vote
    counting committee and the count of ballots."""
    missing = []
    if session.chair_id is None:
        missing.append(_("the chair's name"))
    if session.secretary_id is None:
        missing.append(_("the secretary's name"))
    if session.is_open:
        return missing
    if session.starts_at is None or session.ends_at is None:
        missing.append(_("the time the meeting started and ended"))
    if not session.place:
        missing.append(_("the place of the meeting"))
    if session.paper_ballot:
        if session.counting_head_id is None:
            missing.append(_("the vote-counting committee"))
        counts = (
            session.ballots_issued,
            session.ballots_collected,
            session.ballots_valid,
            session.ballots_invalid,
        )
        if None in counts:
            missing.append(_("the number of ballots issued, collected, valid and invalid"))
    return missing


def minutes_paper(session: CouncilSession) -> Paper:
    """Biên bản họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín. Refused (ValidationError, in
    Vietnamese, naming what is missing) while minutes_missing() lists anything."""
    missing = minutes_missing(session)
    if missing:
        raise ValidationError(
            _("The minutes cannot be printed yet. Still missing: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="minutes_incomplete",
        )
    draft = session.is_open
    campaign = session.campaign
    day = session.held_on
    issuer = council_issuer(day)
    department = _in_sentence(department_on(day).name)
    # In the order of Vietnamese lists: by given name, then family name (departments.models.name_sort_key).
    members = sorted(session.members.select_related("staff"), key=_name_order)
    present_ids = set(session.present.values_list("pk", flat=True))
    written_ids = set(session.written_voters.values_list("pk", flat=True))
    present = [member for member in members if member.pk in present_ids]
    absent = [member for member in members if member.pk not in present_ids]
    nominees = list(_unit_order(session_nominees(session)))
    titles = sorted({n.title for n in nominees}, key=lambda title: (title.display_order, title.code))
    blocks = []
    if draft:
        blocks.append(
            Paragraph(
                "DỰ THẢO – Phiên bỏ phiếu chưa kết thúc: kết quả dưới đây chưa phải kết quả chính thức.",
                align="center",
                bold=True,
                indent=False,
            )
        )
    ends = "cùng ngày" if session.ends_at is None or timezone.localtime(session.ends_at).date() == day else ""
    blocks += [
        Paragraph(
            f"Hôm nay, {_day(day)}, Hội đồng Thi đua – Khen thưởng {department} họp xét danh hiệu thi đua, "
            f"hình thức khen thưởng năm {campaign.year} ({session.name})."
        ),
        _heading("I", "THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"),
        Paragraph(
            f"bắt đầu lúc {_time(session.starts_at)}; kết thúc lúc {_time(session.ends_at)} {ends}".rstrip()
            + ".",
            lead="Thời gian:",
        ),
        Paragraph((session.place or DOTS) + ".", lead="Địa điểm:"),
        Paragraph(f"{session.chair}, {session.chair_position or DOTS}.", lead="Chủ tọa:"),
        Paragraph(f"{session.secretary}, {session.secretary_position or DOTS}.", lead="Thư ký:"),
        Paragraph(
            f"Hội đồng có {len(members)} thành viên được triệu tập; có mặt {len(present)} thành viên, "
            f"vắng mặt {len(absent)} thành viên.",
            lead="Thành phần:",
        ),
        Paragraph(_names(present), lead=f"Thành viên có mặt ({len(present)}):"),
        Paragraph(
            _names(absent, noted=written_ids, note="có phiếu bầu gửi bằng văn bản")
            if absent
            else "không có.",
            lead=f"Thành viên vắng mặt ({len(absent)}):",
        ),
        Paragraph(_committee(session), lead="Ban kiểm phiếu:"),
        _heading("II", "NỘI DUNG"),
        Paragraph(_agenda_text(session, nominees)),
        Paragraph(
            "Tỷ lệ phiếu đồng ý cần đạt đối với từng danh hiệu thi đua, hình thức khen thưởng, theo quy định "
            f"của đợt thi đua năm {campaign.year}:"
        ),
        _thresholds_table(titles, members=len(members), present=len(present)),
        _heading("III", "KẾT QUẢ KIỂM PHIẾU"),
        Paragraph(_counts_text(ballot_counts(session))),
        _results_table(titles, nominees, closed=not draft),
        _heading("IV", "KẾT LUẬN"),
        *_conclusion(session, titles, nominees, department=department, draft=draft),
    ]
    chair_caption = "CHỦ TỌA"
    return Paper(
        issuer=issuer,
        number=f"Số:      /BB-{issuer.abbreviation}",
        date=day,
        kind="BIÊN BẢN",
        summary="Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín",
        blocks=blocks,
        signatures=[
            Signature(authority="", position="", name=str(session.secretary), caption="THƯ KÝ"),
            Signature(authority="", position="", name=str(session.chair), caption=chair_caption),
        ],
        filename=("du-thao-" if draft else "") + f"bien-ban-hop-hoi-dong-{session.pk}",
    )


def _heading(number: str, text: str) -> Paragraph:
    return Paragraph(f"{number}. {text}", bold=True, indent=False, align="left")


def _names(people: list, *, noted: set = frozenset(), note: str = "") -> str:
    parts = [_person(person) + (f" – {note}" if person.pk in noted else "") for person in people]
    return "; ".join(parts) + "." if parts else "không có."


def _committee(session: CouncilSession) -> str:
    counters = sorted(session.counters.all(), key=_name_order)
    if not counters:
        if not session.paper_ballot:
            return "không lập (bỏ phiếu kín trực tuyến; kết quả do hệ thống tổng hợp khi kết thúc bỏ phiếu)."
        return DOTS
    others = [str(person) for person in counters if person.pk != session.counting_head_id]
    text = f"Trưởng ban: {session.counting_head}"
    if others:
        text += f"; thành viên: {', '.join(others)}"
    return text + "."


def _agenda_text(session: CouncilSession, nominees: list) -> str:
    units = []
    for nominee in nominees:
        if nominee.dossier.unit.name not in units:
            units.append(nominee.dossier.unit.name)
    how = (
        "bằng phiếu giấy"
        if session.paper_ballot
        else "trực tuyến trên hệ thống, không ghi danh người bỏ phiếu"
    )
    return (
        f"Hội đồng xem xét hồ sơ đề nghị khen thưởng của {len(units)} đơn vị ({', '.join(units)}) với "
        f"{len(nominees)} trường hợp đề nghị, và tiến hành bỏ phiếu kín {how}."
    )


def _thresholds_table(titles: list, *, members: int, present: int) -> Table:
    rows = []
    for number, title in enumerate(titles, start=1):
        base = members if title.vote_base == VoteBase.ALL_MEMBERS else present
        rows.append(
            [
                number,
                title.name,
                threshold_text(title),
                base,
                votes_needed(title, members=members, present=present),
            ]
        )
    return Table.simple(
        [
            Column("STT", 7, numeric=True),
            Column("Danh hiệu thi đua, hình thức khen thưởng", 34),
            Column("Tỷ lệ phiếu đồng ý cần đạt", 30),
            Column("Số thành viên làm căn cứ", 12, numeric=True),
            Column("Số phiếu đồng ý tối thiểu", 12, numeric=True),
        ],
        rows,
        sheet_name="Tỷ lệ phiếu cần đạt",
    )


def _results_table(titles: list, nominees: list, *, closed: bool) -> Table:
    groups = []
    number = 0
    for index, title in enumerate(titles):
        rows = []
        for nominee in (n for n in nominees if n.title_id == title.pk):
            number += 1
            if closed and nominee.council_passed is not None:
                result = "Đạt" if nominee.council_passed else "Không đạt"
                counts = [
                    nominee.votes_yes,
                    _share(nominee.votes_yes, nominee.votes_base),
                    nominee.votes_no,
                    nominee.votes_blank,
                ]
            else:
                result, counts = "Chưa kết thúc", [None, None, None, None]
            rows.append([number, nominee.name, nominee.dossier.unit.name, *counts, result])
        groups.append(Group(f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {title.name}", rows))
    return Table(
        columns=[
            Column("STT", 7, numeric=True),
            Column("Họ và tên (tập thể)", 22),
            Column("Đơn vị", 17),
            Column("Đồng ý", 8, numeric=True),
            Column("Tỷ lệ đồng ý (%)", 9, numeric=True, number_format="0.0"),
            Column("Không đồng ý", 9, numeric=True),
            Column("Để trống", 8, numeric=True),
            Column("Kết quả", 13),
        ],
        groups=groups,
        sheet_name="Kết quả bỏ phiếu",
    )


def _counts_text(counts: BallotCounts) -> str:
    def shown(value):
        return DOTS if value is None else str(value)

    text = (
        f"Số phiếu phát ra: {shown(counts.issued)}; số phiếu thu về: {shown(counts.collected)}; "
        f"số phiếu hợp lệ: {shown(counts.valid)}; số phiếu không hợp lệ: {shown(counts.invalid)}."
    )
    if counts.written:
        text += f" Số phiếu bầu của thành viên vắng mặt gửi bằng văn bản: {counts.written}."
    if counts.computed:
        text += (
            " (Bỏ phiếu trực tuyến: số phiếu phát ra là số thành viên có mặt; số phiếu thu về là số "
            "thành viên đã bỏ phiếu.)"
        )
    return text + " Kết quả bỏ phiếu đối với từng trường hợp như sau:"


def _conclusion(session, titles, nominees, *, department: str, draft: bool) -> list[Paragraph]:
    if draft:
        return [Paragraph("(Kết luận được ghi khi phiên bỏ phiếu kết thúc.)", italic=True)]
    passed = [nominee for nominee in nominees if nominee.council_passed]
    text = render_template(
        CONCLUSION,
        session.held_on,
        {
            "don_vi": department,
            "nam": session.campaign.year,
            "so_dat": len(passed),
            "so_de_nghi": len(nominees),
            "gio_ket_thuc": _time(session.ends_at),
        },
    )
    first, _newline, rest = text.partition("\n")
    paragraphs = [Paragraph(first)]
    for title in titles:
        names = [nominee.name for nominee in passed if nominee.title_id == title.pk]
        if names:
            paragraphs.append(Paragraph(f"{', '.join(names)}.", lead=f"- {title.name} ({len(names)}):"))
    paragraphs += [Paragraph(line) for line in rest.split("\n") if line.strip()]
    return paragraphs


def ballot_form_paper(session: CouncilSession) -> Paper:
    """Phiếu bầu: one table per title of the session's nominees, with boxes to tick; no voter's name."""
    day = session.held_on
    year = session.campaign.year
    nominees = list(_unit_order(session_nominees(session)))
    titles = sorted({n.title for n in nominees}, key=lambda title: (title.display_order, title.code))
    blocks = [Paragraph(f"{session.name}, {_day(day)}", align="center", italic=True, indent=False)]
    for index, title in enumerate(titles):
        rows = [
            [number, nominee.name, nominee.dossier.unit.name, "", ""]
            for number, nominee in enumerate((n for n in nominees if n.title_id == title.pk), start=1)
        ]
        blocks += [
            Paragraph(
                f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {title.name}",
                bold=True,
                indent=False,
                align="left",
            ),
            Table.simple(
                [
                    Column("STT", 7, numeric=True),
                    Column("Họ và tên (tập thể)", 30),
                    Column("Đơn vị", 26),
                    Column("Đồng ý", 10),
                    Column("Không đồng ý", 10),
                ],
                rows,
                sheet_name=title.short_name[:31],
            ),
        ]
    blocks.append(Paragraph(render_template(BALLOT_INSTRUCTION, day, {}), italic=True, lead="Hướng dẫn:"))
    return Paper(
        issuer=council_issuer(day),
        number="",
        date=day,
        kind="PHIẾU BẦU",
        summary=f"Bình xét danh hiệu thi đua, hình thức khen thưởng năm {year}",
        blocks=blocks,
        filename=f"phieu-bau-{session.pk}",
    )
