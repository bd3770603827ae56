"""Certificates: the Director's Giấy khen and the giấy chứng nhận of a title, one page per awardee of an
issued decision, printed on their own design (not an administrative paper: no number block, no Nơi nhận).

- Which titles get one is a setting of the title (emulation.Title.certificate).
- The wording is an editable text per year (core.papers.templates, kinds `certificate-giay-khen` and
  `certificate-chung-nhan`, the latter per title), taken on the decision's date.
- The design (the HTML template and its DOCX colours) is chosen by the decision's date too, from DESIGNS:
  a certificate reissued years later keeps the design of its award year (NĐ 98/2023 Art 114–115 as
  reported, DOMAIN.md §8 [U]), as it keeps the Department's name of that date.

Nothing the user typed becomes markup (the HTML template escapes every value; python-docx writes text),
and WeasyPrint reads nothing but the project's own fonts (core.papers.pdf's fetcher).
"""

import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import DecisionKind, DirectorDecision
from awards.models import Decision, Nominee, RewardRecord
from core.formats import vn_date
from core.papers.layout import NATIONAL_MOTTO, NATIONAL_TITLE
from core.papers.model import Signature
from core.papers.pdf import FONT_DIR
from core.papers.pdf import _fetcher as fonts_only_fetcher  # the papers' fetcher: fonts, nothing else
from core.papers.templates import TEMPLATE_KINDS, TemplateKind, render_template
from departments.enums import Gender
from departments.selectors import department_on, unit_names_on
from emulation.enums import CertificateKind

GIAY_KHEN_TEXT = "certificate-giay-khen"
CHUNG_NHAN_TEXT = "certificate-chung-nhan"
TEXT_OF = {CertificateKind.GIAY_KHEN: GIAY_KHEN_TEXT, CertificateKind.CHUNG_NHAN: CHUNG_NHAN_TEXT}

PLACEHOLDERS = {
    "ho_ten": gettext_lazy("the awardee's full name (or the unit's name)"),
    "chuc_vu": gettext_lazy("the awardee's position (empty for a unit)"),
    "don_vi": gettext_lazy("the awardee's unit, as named on the decision's date"),
    "danh_hieu": gettext_lazy("the title or form of reward"),
    "nam": gettext_lazy("the year of the campaign"),
    "thanh_tich": gettext_lazy(
        "the achievement written in the dossier (ad-hoc rewards), else "
        "“xuất sắc trong thực hiện nhiệm vụ năm …”"
    ),
}
# The default wording, written from the certificates offices print; no legal text fixes it ([U]: searched
# "mẫu giấy khen giám đốc sở" and "giấy chứng nhận lao động tiên tiến" — provinces word them differently).
TEMPLATE_KINDS.update(
    {
        GIAY_KHEN_TEXT: TemplateKind(
            label=gettext_lazy("Certificate of merit (giấy khen) of the Director: the achievement"),
            placeholders=PLACEHOLDERS,
            default=(
                "Đã có thành tích {thanh_tich}, góp phần vào sự nghiệp xây dựng và phát triển ngành Tư pháp."
            ),
        ),
        CHUNG_NHAN_TEXT: TemplateKind(
            label=gettext_lazy("Certificate of a title (giấy chứng nhận): the sentence before the title"),
            placeholders=PLACEHOLDERS,
            default="Đã hoàn thành tốt nhiệm vụ năm {nam}, được công nhận danh hiệu",
            per_title=True,
        ),
    }
)


@dataclass(frozen=True)
class Design:
    """One design of the certificates, used for awards made from `valid_from` (until the next design)."""

    key: str
    valid_from: dt.date
    template: str  # the HTML template of the PDF
    # The DOCX's page border and heading colours (hex RGB) and border style (a w:pgBorders w:val).
    border_color: str
    heading_color: str
    border_style: str
    label: str


# In order of valid_from. The first applies to every earlier date.
DESIGNS = (
    Design(
        key="classic",
        valid_from=dt.date(2000, 1, 1),
        template="papers/certificate_classic.html",
        border_color="B8860B",
        heading_color="C00000",
        border_style="thinThickSmallGap",
        label="Mẫu trước ngày 01/07/2025",
    ),
    # From the province's merger (Nghị quyết 202/2025/QH15) and NĐ 152/2025 in force on 01/07/2025.
    Design(
        key="2025",
        valid_from=dt.date(2025, 7, 1),
        template="papers/certificate_2025.html",
        border_color="1F4E79",
        heading_color="C00000",
        border_style="double",
        label="Mẫu từ ngày 01/07/2025",
    ),
)


def design_on(day: dt.date) -> Design:
    """The design of certificates for an award made on `day`."""
    found = DESIGNS[0]
    for design in DESIGNS:
        if design.valid_from <= day:
            found = design
    return found


@dataclass
class Certificate:
    design: Design
    kind: str  # CertificateKind
    authority: str  # "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NINH THUẬN"
    heading: str  # "GIẤY KHEN", "GIẤY CHỨNG NHẬN"
    honorific: str  # "Ông", "Bà", "Tập thể"
    name: str
    detail: str  # "Chuyên viên, Văn phòng Sở"
    wording: str  # the editable text, filled
    title_line: str  # the title in capitals under the wording of a chứng nhận ("" on a giấy khen)
    year: int
    place_and_date: str
    decision_line: str  # "Số QĐ: 01/QĐ-STP ngày 10/12/2018"
    book_line: str  # "Số sổ vàng: 125" or ""
    signature: Signature


def _authority(issuer) -> str:
    """ "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NINH THUẬN": the Department named with its province on the date."""
    body = issuer.governing_body.upper()
    prefix = "ỦY BAN NHÂN DÂN "
    province = body[len(prefix) :] if body.startswith(prefix) else ""
    return " ".join(part for part in ("GIÁM ĐỐC", issuer.name.upper(), province) if part)


def _signature(decision: Decision) -> Signature:
    name = decision.signer.strip()
    if not name:
        raise ValidationError(
            _("The decision has no signer's name: a certificate cannot be printed without it."),
            code="no_signer",
        )
    position = (decision.signer_title or "GIÁM ĐỐC").strip().upper()
    # A deputy signs "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" (NĐ 30/2020 Annex I: signing on behalf of the head).
    authority = "KT. GIÁM ĐỐC" if position.startswith("PHÓ") else ""
    return Signature(authority=authority, position=position, name=name)


def _refuse_unless_decision(decision: Decision) -> None:
    if decision.kind != DecisionKind.DECISION:
        raise ValidationError(
            _(
                "%(reference)s is a submission to the higher level, not an award: certificates are "
                "printed from the Director's decisions."
            )
            % {"reference": decision.reference},
            code="not_a_decision",
        )


def _refuse_unless_awarded(nominee: Nominee, decision: Decision) -> None:
    if nominee.decision_id != decision.pk or nominee.director_decision != DirectorDecision.APPROVED:
        raise ValidationError(
            _("%(name)s is not awarded by %(reference)s: no certificate can be printed.")
            % {"name": nominee.name, "reference": decision.reference},
            code="not_awarded",
        )
    if not nominee.title.certificate:
        raise ValidationError(
            _("“%(title)s” has no certificate (see the title's settings): nothing to print for %(name)s.")
            % {"title": nominee.title.name, "name": nominee.name},
            code="no_certificate",
        )


def _achievement(nominee: Nominee, year: int) -> str:
    """What follows "Đã có thành tích": the ad-hoc achievement the dossier wrote, else the year's work."""
    written = " ".join(nominee.dossier.achievement.split()).rstrip(".")
    if not written:
        return f"xuất sắc trong thực hiện nhiệm vụ năm {year}"
    # It continues a sentence: its capital goes, unless it opens an acronym ("UBND tỉnh …").
    return written[0].lower() + written[1:] if written[1:2].islower() else written


def certificates_of(decision: Decision, nominee: Nominee | None = None) -> list[Certificate]:
    """The certificates of `decision`: every awardee whose title has one, in the decision's order, or
    `nominee`'s alone. Refuses (ValidationError, in Vietnamese) a submission, a nominee the decision does
    not award, a title without certificate, a signer without a name, a stored wording with an unknown
    placeholder. Reads only."""
    _refuse_unless_decision(decision)
    nominees = decision.nominees.select_related("title", "staff", "dossier__unit", "dossier__campaign")
    if nominee is not None:
        _refuse_unless_awarded(nominee, decision)
        nominees = nominees.filter(pk=nominee.pk)
    else:
        nominees = nominees.exclude(title__certificate=CertificateKind.NONE)
    nominees = list(nominees.order_by("title__display_order", "dossier__unit__display_order", "pk"))
    if not nominees:
        raise ValidationError(
            _("No awardee of %(reference)s has a title with a certificate.")
            % {"reference": decision.reference},
            code="no_certificate",
        )
    signature = _signature(decision)
    day = decision.issued_on
    issuer = department_on(day)
    design = design_on(day)
    unit_names = unit_names_on(day)
    books = _book_numbers(decision, nominees)
    return [
        _certificate(
            nominee,
            decision=decision,
            issuer=issuer,
            design=design,
            signature=signature,
            unit_name=unit_names.get(nominee.dossier.unit_id, nominee.dossier.unit.name),
            book_number=books.get(nominee.pk, ""),
        )
        for nominee in nominees
    ]


def _book_numbers(decision: Decision, nominees: list[Nominee]) -> dict[int, str]:
    """{nominee id: số sổ vàng} from the reward history the decision wrote (where the office entered one)."""
    records = RewardRecord.objects.filter(decision_number=decision.reference).exclude(book_number="")
    by_key = {(record.title_id, record.staff_id, record.unit_id): record.book_number for record in records}
    found = {}
    for nominee in nominees:
        unit_id = None if nominee.staff_id else nominee.dossier.unit_id
        number = by_key.get((nominee.title_id, nominee.staff_id, unit_id))
        if number:
            found[nominee.pk] = number
    return found


def _certificate(nominee, *, decision, issuer, design, signature, unit_name, book_number) -> Certificate:
    year = nominee.dossier.campaign.year
    kind = nominee.title.certificate
    if nominee.staff_id:
        staff = nominee.staff
        honorific = {Gender.MALE: "Ông", Gender.FEMALE: "Bà"}.get(staff.gender, "")
        position = staff.position.strip()
        detail = ", ".join(part for part in (position, unit_name) if part)
    else:
        honorific, position, detail = "Tập thể", "", ""
    values = {
        "ho_ten": nominee.name,
        "chuc_vu": position,
        "don_vi": unit_name,
        "danh_hieu": nominee.title.name,
        "nam": year,
        "thanh_tich": _achievement(nominee, year),
    }
    wording = render_template(TEXT_OF[kind], decision.issued_on, values, key=_key(kind, nominee))
    day = decision.issued_on
    return Certificate(
        design=design,
        kind=kind,
        authority=_authority(issuer),
        heading="GIẤY KHEN" if kind == CertificateKind.GIAY_KHEN else "GIẤY CHỨNG NHẬN",
        honorific=honorific,
        name=nominee.name,
        detail=detail,
        wording=wording,
        title_line=nominee.title.name.upper() if kind == CertificateKind.CHUNG_NHAN else "",
        year=year,
        place_and_date=f"{issuer.place_name}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        decision_line=f"Số QĐ: {decision.reference} ngày {vn_date(day)}",
        book_line=f"Số sổ vàng: {book_number}" if book_number else "",
        signature=signature,
    )


def _key(kind: str, nominee: Nominee) -> str:
    return nominee.title.code if TEMPLATE_KINDS[TEXT_OF[kind]].per_title else ""


def certificates_filename(decision: Decision, nominee: Nominee | None = None) -> str:
    base = f"giay-khen-{decision.reference.replace('/', '-')}"
    return f"{base}-{nominee.pk}" if nominee is not None else base


FORMATS = ("pdf", "docx")


def certificates_response(certificates: list[Certificate], fmt: str, filename: str):
    """The certificates as a download: PDF to print, DOCX to edit (another format is a 404)."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    from core.papers.render import CONTENT_TYPES

    if fmt not in FORMATS:
        raise Http404
    writer = certificates_pdf if fmt == "pdf" else certificates_docx
    response = HttpResponse(writer(certificates), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


# --- PDF ---------------------------------------------------------------------------------------------


def certificates_pdf(certificates: list[Certificate]) -> bytes:
    """One A4 landscape page per certificate, in the design of their (common) award date."""
    from weasyprint import HTML

    design = certificates[0].design
    html = render_to_string(
        design.template,
        {
            "certificates": certificates,
            "design": design,
            "font_dir": FONT_DIR.as_uri(),
            "national_title": NATIONAL_TITLE,
            "national_motto": NATIONAL_MOTTO,
        },
    )
    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fonts_only_fetcher()).write_pdf()


# --- DOCX --------------------------------------------------------------------------------------------


def certificates_docx(certificates: list[Certificate]) -> bytes:
    """One landscape section per certificate, with a page border, for the office to edit before printing
    on its certificate paper."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    design = certificates[0].design
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.element.rPr.rFonts.set(_qn("w:eastAsia"), "Times New Roman")
    style.font.size = Pt(14)
    style.paragraph_format.space_after = Pt(0)
    document.core_properties.title = certificates[0].heading
    document.core_properties.keywords = f"certificate-design:{design.key}"
    for index, certificate in enumerate(certificates):
        section = document.sections[0] if index == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin = section.bottom_margin = Mm(16)
        _page_border(section, design)
        _docx_certificate(document, certificate, design, WD_ALIGN_PARAGRAPH, Pt)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _qn(tag):
    from docx.oxml.ns import qn

    return qn(tag)


def _page_border(section, design: Design) -> None:
    from docx.oxml import OxmlElement

    borders = OxmlElement("w:pgBorders")
    borders.set(_qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(_qn("w:val"), design.border_style)
        edge.set(_qn("w:sz"), "24")
        edge.set(_qn("w:space"), "24")
        edge.set(_qn("w:color"), design.border_color)
        borders.append(edge)
    sect_pr = section._sectPr
    for old in sect_pr.findall(_qn("w:pgBorders")):  # a new section starts as a copy of the one before
        sect_pr.remove(old)
    # w:pgBorders comes after w:pgMar in the schema's order (Word refuses the file otherwise).
    margins = sect_pr.find(_qn("w:pgMar"))
    margins.addnext(borders)


def _docx_certificate(document, certificate: Certificate, design, align, pt) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Mm, RGBColor

    heading_color = RGBColor.from_string(design.heading_color)

    def line(
        text, *, size=14, bold=False, italic=False, color=None, before=0, underline=False, alignment=None
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = align.CENTER if alignment is None else alignment
        paragraph.paragraph_format.space_before = pt(before)
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic, run.underline = pt(size), bold, italic, underline
        if color is not None:
            run.font.color.rgb = color
        return paragraph

    line(NATIONAL_TITLE, size=13, bold=True)
    line(NATIONAL_MOTTO, size=14, bold=True, underline=True)
    line(certificate.authority, size=15, bold=True, before=14)
    if certificate.kind == CertificateKind.GIAY_KHEN:
        line("TẶNG", size=14, bold=True, before=4)
    line(certificate.heading, size=40, bold=True, color=heading_color, before=4)
    line(f"{certificate.honorific} {certificate.name}".strip(), size=24, bold=True, before=8)
    if certificate.detail:
        line(certificate.detail, size=15, italic=True)
    wording = line(certificate.wording, size=15, before=8)
    wording.paragraph_format.left_indent = wording.paragraph_format.right_indent = Mm(20)
    if certificate.title_line:
        line(certificate.title_line, size=26, bold=True, color=heading_color, before=2)
        line(f"Năm {certificate.year}", size=15, bold=True)
    line("", before=18)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.vertical_alignment = right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    left.paragraphs[0].add_run(certificate.decision_line).font.size = pt(12)
    if certificate.book_line:
        left.add_paragraph().add_run(certificate.book_line).font.size = pt(12)
    signature = certificate.signature
    lines = [(certificate.place_and_date, False, True)]
    lines += [(text, True, False) for text in (signature.authority, signature.position) if text]
    lines += [("", False, False)] * 3 + [(signature.name, True, False)]
    for index, (text, bold, italic) in enumerate(lines):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        paragraph.alignment = align.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, pt(14)
