"""What a paper says, independent of how it is printed (PDF, DOCX, XLSX).

A paper is the header every administrative document carries (issuing body and number on the left, the
national title and the place and date on the right), then its kind and summary ("QUYẾT ĐỊNH" / "Về việc
…"), then blocks in order, then the signatures and "Nơi nhận". Every value is plain text or a number or a
date: nothing a user typed is ever markup, a formula or a link in any output.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

Value = str | int | Decimal | dt.date | None


@dataclass
class Column:
    header: str
    width: int = 12  # Excel characters; PDF and DOCX widths are proportional
    numeric: bool = False
    # Summed in the group subtotals and the total row (a formula in Excel).
    total: bool = False
    # An Excel number format for the column ("#,##0" for money, "dd/mm/yyyy" for dates); None: by type.
    number_format: str | None = None


@dataclass
class Group:
    """Rows under a heading ("I. Danh hiệu Lao động tiên tiến"), with a subtotal when a column totals."""

    heading: str | None
    rows: list[list[Value]]


@dataclass
class Table:
    columns: list[Column]
    groups: list[Group]
    # The label of the total row when a column totals ("Tổng cộng"); None: no total row.
    total_label: str | None = None
    subtotal_label: str | None = None  # "Cộng"; None: groups carry no subtotal
    sheet_name: str = "Danh sách"  # the Excel sheet's name (≤ 31 characters)
    # The column whose cell holds a total's label (usually the name column after "STT").
    label_column: int = 1
    # The total row as the caller computed it (a report's own totals, text included), printed as given;
    # None: the columns that total are summed. Either way, Excel gets formulas in the columns that total.
    total_values: list[Value] | None = None

    @classmethod
    def simple(cls, columns: list[Column], rows: list[list[Value]], **kwargs) -> "Table":
        return cls(columns=columns, groups=[Group(None, rows)], **kwargs)

    @property
    def rows(self) -> list[list[Value]]:
        return [row for group in self.groups for row in group.rows]


@dataclass
class Paragraph:
    text: str
    # A bold lead-in printed before the text on the same line ("Điều 1.", "Căn cứ").
    lead: str = ""
    align: str = "justify"  # justify | center | left | right
    bold: bool = False
    italic: bool = False
    indent: bool = True  # first-line indent of body paragraphs (NĐ 30: 1–1.27 cm)
    size: int | None = None  # points; None: the profile's body size


@dataclass
class PageBreak:
    """A new page: the annex of a decision starts on its own page."""


Block = Paragraph | Table | PageBreak


@dataclass
class Signature:
    # "KT. GIÁM ĐỐC" when a deputy signs for the Director ("" otherwise), then the signer's position.
    authority: str
    position: str
    name: str  # printed in bold under the space for the signature; required on a paper that is signed
    # A caption over the block on minutes ("THƯ KÝ", "CHỦ TỌA"), else empty.
    caption: str = ""


@dataclass
class Paper:
    # departments.models.DepartmentPeriod valid on the paper's date (governing_body, name, abbreviation,
    # place_name): departments.selectors.department_on(date).
    issuer: object
    number: str  # "Số: 12/QĐ-STP"; "Số:      /BC-STP" leaves the number to the clerk
    date: dt.date
    kind: str  # "QUYẾT ĐỊNH", "TỜ TRÌNH", "BIÊN BẢN", "BÁO CÁO", "DANH SÁCH"; "" for a bare list
    summary: str  # the trích yếu: "Về việc tặng danh hiệu …"
    blocks: list[Block] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    landscape: bool = False
    # The name of the downloaded file without extension ("quyet-dinh-12-QD-STP").
    filename: str = "van-ban"
    # None: chosen by the date (profiles.profile_for); a key of profiles.PROFILES to force one.
    profile: str | None = None
    # "agency": the issuing body's block and the number on the left of the national title (every paper an
    # office issues); "national": the national title and motto alone, centred, without issuer or number —
    # a person's own paper, such as the application for recognition of an initiative (TT 18/2013 Annex I).
    header: str = "agency"
    # What follows the signatures and "Nơi nhận": a decision's annex ("DANH SÁCH … kèm theo Quyết định"),
    # starting with a PageBreak where it starts a new page.
    annex: list[Block] = field(default_factory=list)
    # The public address where a signed copy is checked (awards.signing): printed with its QR code under
    # "Nơi nhận" in the PDF, before the signature is made. Built by our code from SITE_URL and a random
    # token, never from a user's value.
    verification_url: str = ""

    @property
    def place_and_date(self) -> str:
        place = self.issuer.place_name or ""
        return f"{place}, ngày {self.date.day:02d} tháng {self.date.month:02d} năm {self.date.year}"

    @property
    def tables(self) -> list[Table]:
        return [block for block in [*self.blocks, *self.annex] if isinstance(block, Table)]


def plain_text(paper: Paper) -> str:
    """Every word of the paper in reading order, one line per line: what the renderers must all show, and
    what a test compares their read-back text with."""
    lines = (
        [paper.issuer.governing_body.upper(), paper.issuer.name.upper(), paper.number]
        if paper.header == "agency"
        else []
    )
    lines += [
        paper.place_and_date,
        paper.kind,
        paper.summary,
    ]
    lines += _block_lines(paper.blocks)
    for signature in paper.signatures:
        lines.extend([signature.caption, signature.authority, signature.position, signature.name])
    if paper.recipients:
        lines.append("Nơi nhận:")
        lines.extend(f"- {recipient}" for recipient in paper.recipients)
    lines += _block_lines(paper.annex)
    return "\n".join(line for line in lines if line)


def _block_lines(blocks: list[Block]) -> list[str]:
    lines = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(f"{block.lead} {block.text}".strip())
        elif isinstance(block, Table):
            lines.append(" | ".join(column.header for column in block.columns))
            for group in block.groups:
                if group.heading:
                    lines.append(group.heading)
                lines.extend(
                    " | ".join("" if value is None else str(value) for value in row) for row in group.rows
                )
    return lines
