"""A paper as a PDF to print (WeasyPrint), laid out by its profile (TT 01/2011 or NĐ 30/2020).

Every text goes through the template's autoescaping, so a name such as <img src=file:///etc/passwd>
prints as those characters; and the only URLs the renderer will open are the fonts in static/fonts
(`FontsOnly`), so nothing a user typed can make the server fetch a file or an address.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from core.papers.layout import NATIONAL_MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, printed_rows, shown
from core.papers.model import PageBreak, Paper, Paragraph, Table
from core.papers.profiles import profile_for

FONT_DIR = (Path(settings.BASE_DIR) / "static" / "fonts").resolve()
# The last rows of the paper's last table that stay on the signature's page.
ROWS_KEPT_WITH_FOOT = 3
# A paper whose tables print more rows than this is a long list, drawn by core.papers.pdf_lists.
LIST_ROWS = 400
# The widest a visible digital signature is drawn (about 75 mm).
STAMP_WIDTH_PT = 212


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FontsOnly(URLFetcher):
        """Serves the project's fonts and refuses every other URL (file://, http://, data:, …)."""

        def __init__(self):
            super().__init__(allowed_protocols={"file"})
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = (
                Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
            )
            if path is None or path.parent != FONT_DIR or path.suffix != ".ttf" or not path.is_file():
                self.refused.append(url)
                raise ValueError(f"refused: {url}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})

    return FontsOnly()


def _table(table: Table, rows, *, kept: int = 0) -> dict:
    """A table for the template; its last `kept` rows go in a row group that does not break, with the
    foot (signatures, "Nơi nhận") as the group's last row."""
    total_width = sum(column.width for column in table.columns) or 1
    numeric = [column.numeric for column in table.columns]
    printed = [
        {"kind": row.kind, "text": row.cells[0]}
        if row.kind == "heading"
        else {
            "kind": row.kind,
            "cells": [(shown(v), n) for v, n in zip(row.cells, numeric, strict=True)],
        }
        for row in rows
    ]
    split = max(0, len(printed) - kept)
    return {
        "type": "table",
        "widths": [round(100 * column.width / total_width, 3) for column in table.columns],
        "head": [column.header for column in table.columns],
        "rows": printed[:split],
        "kept": printed[split:],
        "with_foot": bool(kept),
    }


def _paragraph(block: Paragraph) -> dict:
    return {
        "type": "paragraph",
        "lead": block.lead,
        "text": block.text,
        "align": block.align if block.align in ("justify", "center", "left", "right") else "justify",
        "bold": block.bold,
        "italic": block.italic,
        "indent": block.indent,
        "size": block.size,
    }


def _laid_out(source: list, *, keep_last_with_foot: bool = False) -> list[dict]:
    blocks: list[dict] = []
    for index, block in enumerate(source):
        if isinstance(block, Paragraph):
            blocks.append(_paragraph(block))
        elif isinstance(block, Table):
            last = keep_last_with_foot and index == len(source) - 1
            blocks.append(_table(block, printed_rows(block), kept=ROWS_KEPT_WITH_FOOT if last else 0))
        elif isinstance(block, PageBreak):
            blocks.append({"type": "break"})
    return blocks


def _blocks(paper: Paper) -> tuple[list[dict], list[dict]]:
    """The blocks to lay out, and the tail kept on one page with the foot when the paper ends with a
    paragraph. When it ends with a table, its last rows and the foot form the table's last row group,
    which does not break: the signature block is never alone on a page, and the header row repeats
    over it if it begins a page."""
    has_foot = bool(paper.signatures or paper.recipients)
    blocks = _laid_out(paper.blocks, keep_last_with_foot=has_foot)
    if has_foot and paper.blocks and isinstance(paper.blocks[-1], Paragraph):
        return blocks[:-1], blocks[-1:]
    return blocks, []


def foot_parts(paper: Paper) -> list[dict]:
    """The cells of the foot, left to right: "Nơi nhận" (or an empty cell under one signature), then the
    signatures side by side."""
    parts: list[dict] = []
    if paper.recipients or len(paper.signatures) == 1:
        parts.append({"recipients": paper.recipients})
    parts.extend({"signature": signature} for signature in paper.signatures)
    if not paper.signatures and not paper.recipients:
        return []
    width = round(100 / len(parts), 3)
    for part in parts:
        part["width"] = width
    if len(parts) == 2 and "recipients" in parts[0]:
        parts[0]["width"], parts[1]["width"] = 45, 55
    return parts


def _qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (drawn by segno; nothing is fetched): WeasyPrint draws it as
    vectors, so the URL fetcher stays fonts-only."""
    import segno

    return segno.make(url, error="m").svg_inline(omitsize=True, border=2, svgclass="qr", lineclass=None)


def _context(paper: Paper) -> dict:
    """What the template prints of the paper."""
    profile = profile_for(paper)
    blocks, tail = _blocks(paper)
    annex = _laid_out(paper.annex)
    return {
        "paper": paper,
        "p": profile,
        "font_dir": FONT_DIR.as_uri(),
        "page_number_box": profile.page_number,
        "national_title": NATIONAL_TITLE,
        "national_motto": NATIONAL_MOTTO,
        "recipients_label": RECIPIENTS_LABEL,
        "left_percent": 40,
        "right_percent": 60,
        "rule_percent": round(100 * profile.rule_fraction),
        "blocks": blocks,
        "tail": tail,
        "foot": foot_parts(paper),
        "foot_in_table": bool(blocks) and blocks[-1].get("with_foot", False),
        # The list attached to the paper, after the signatures (Paper.annex).
        "annex": annex,
        # Escaped like any text: the SVG is marked safe only in the template, and only ours.
        "qr_svg": _qr_svg(paper.verification_url) if paper.verification_url else "",
    }


def paper_html(paper: Paper) -> str:
    return render_to_string("papers/paper.html", _context(paper))


def paper_pdf(paper: Paper, progress=None) -> bytes:
    """The paper as a PDF. A long list (its tables print more than LIST_ROWS rows) is drawn by
    core.papers.pdf_lists, page by page: WeasyPrint lays out each cell as styled boxes and keeps every page
    until it writes the file, so a province's list took minutes and a gigabyte. `progress(done, total)` is
    called with the table rows printed."""
    total = sum(len(printed_rows(table)) for table in paper.tables)
    if total > LIST_ROWS:
        from core.papers.pdf_lists import paper_pdf_list

        return paper_pdf_list(paper, progress=progress)
    from weasyprint import HTML

    data = HTML(string=paper_html(paper), url_fetcher=_fetcher()).write_pdf()
    if progress is not None:
        progress(total, total)
    return data


def _signature_space(document):
    """The first signature's empty space (the `space` box under the position) as (page index, box in PDF
    points), from WeasyPrint's layout; None when the paper has no signature."""
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == "signature-space":
                # CSS pixels (1/96 in) to PDF points (1/72 in); PDF's y axis goes up from the bottom.
                scale = 0.75
                # At most STAMP_WIDTH_PT wide, centred under the position like a handwritten signature.
                middle = (box.position_x + box.width / 2) * scale
                half = min(box.width * scale, STAMP_WIDTH_PT) / 2
                x1, x2 = middle - half, middle + half
                y_top = (page.height - box.position_y) * scale
                y_bottom = (page.height - box.position_y - box.height) * scale
                return index, (round(x1), round(y_bottom), round(x2), round(y_top))
    return None


def paper_pdf_placed(paper: Paper) -> tuple[bytes, tuple[int, tuple[int, int, int, int]] | None]:
    """The PDF, and where its first signature's space is: the place for a visible digital signature."""
    from weasyprint import HTML

    document = HTML(string=paper_html(paper), url_fetcher=_fetcher()).render()
    return document.write_pdf(), _signature_space(document)
