"""A paper as a file: PDF to print, DOCX for the office to edit before signing, XLSX for a list."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from core.papers.model import Paper

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(paper: Paper, fmt: str, progress=None) -> bytes:
    """`paper` as the bytes of `fmt`. `progress`, when given, is called as progress(done, total) while a long
    paper is written (a background export shows it); the renderers call it as they go."""
    if fmt == "pdf":
        from core.papers.pdf import paper_pdf

        return paper_pdf(paper, progress=progress)
    if fmt == "docx":
        from core.papers.docx import paper_docx

        return paper_docx(paper)
    if fmt == "xlsx":
        from core.papers.xlsx import paper_xlsx

        return paper_xlsx(paper, progress=progress)
    raise ValueError(fmt)


def formats_of(paper: Paper) -> tuple[str, ...]:
    """PDF and DOCX for every paper; XLSX too when the paper holds a table (a list)."""
    return ("pdf", "docx", "xlsx") if paper.tables else ("pdf", "docx")


def paper_response(paper: Paper, fmt: str) -> HttpResponse:
    """The paper as a download in `fmt` (a format the paper does not come in is a 404), named
    `paper.filename` (RFC 6266 filename*, so Vietnamese letters survive)."""
    if fmt not in formats_of(paper):
        raise Http404
    response = HttpResponse(render(paper, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{paper.filename}.{fmt}")
    return response
