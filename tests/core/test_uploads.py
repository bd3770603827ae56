"""The upload gate parses what it accepts: a file that only starts like a PDF or a Word archive is not let in.

Each hostile file is built here, as an attacker would build it."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from core.uploads import DOCX, PDF, XLSX, upload_check


def pdf_with(change=None, *, password=None) -> bytes:
    """A one-page PDF written by pypdf, after `change(writer)`; encrypted when a password is given."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    if password is not None:
        # RC4 needs no cryptography package; the owner password lets its author lift restrictions.
        writer.encrypt(user_password=password, owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(*objects: bytes, head: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF written by hand, object 1 its catalogue, with a correct cross-reference table."""
    content, offsets = head, []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(content))
        content += b"%d 0 obj %s endobj\n" % (number, body)
    xref = len(content)
    content += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    content += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return content + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
)


def catalogue_open_action(writer):
    writer.root_object[NameObject("/OpenAction")] = JavaScript("app.alert(document.cookie)")


def names_tree_script(writer):
    writer.add_open_action(JavaScript("app.launchURL('http://x')"))


def page_open_script(writer):
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert(1)"))


def link_annotation_script(writer):
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(0), NumberObject(0), NumberObject(99), NumberObject(99)]
                ),
                NameObject("/A"): JavaScript("app.alert(1)"),
            }
        ),
    )


def launch_on_open(writer):
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


def embedded_program(writer):
    writer.add_attachment("hoa-don.exe", b"MZ\x90\x00")


def uri_link(writer):
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(0), NumberObject(0), NumberObject(99), NumberObject(99)]
                ),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject("https://stp.gov.vn"),
                    }
                ),
            }
        ),
    )


def archive(parts: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as opened:
        for name, content in parts.items():
            opened.writestr(name, content)
    return buffer.getvalue()


def docx(extra_parts: dict[str, bytes] | None = None) -> bytes:
    return archive(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **(extra_parts or {})}
    )


def docx_of(count: int) -> bytes:
    """A Word archive of `count` parts in all."""
    return archive(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            **{f"word/media/anh{i}.png": b"" for i in range(count - 2)},
        }
    )


def central_record_patched(content: bytes, part: str, *, offset: int, fmt: str, value: int) -> bytes:
    """`content`, a ZIP, with one field of `part`'s central directory record set to `value` (the record's
    layout: ZIP APPNOTE 4.3.12): a listing that claims what the bytes behind it do not hold."""
    start = 0
    while True:
        start = content.index(b"PK\x01\x02", start)
        name_length = struct.unpack_from("<H", content, start + 28)[0]
        if content[start + 46 : start + 46 + name_length] == part.encode():
            break
        start += 4
    patched = bytearray(content)
    struct.pack_into(fmt, patched, start + offset, value)
    return bytes(patched)


UNPACKED_SIZE = {"offset": 24, "fmt": "<I"}
FLAGS = {"offset": 8, "fmt": "<H"}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(uploaded: SimpleUploadedFile) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        upload_check(uploaded)
    return excinfo.value


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>'


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(pdf_with(catalogue_open_action), "pdf_javascript", id="catalogue-open-action"),
        pytest.param(pdf_with(names_tree_script), "pdf_javascript", id="javascript-names-tree"),
        pytest.param(pdf_with(page_open_script), "pdf_javascript", id="page-additional-action"),
        pytest.param(pdf_with(link_annotation_script), "pdf_javascript", id="annotation-action"),
        pytest.param(pdf_with(launch_on_open), "pdf_launch", id="launch"),
        pytest.param(pdf_with(embedded_program), "pdf_embedded_file", id="embedded-file"),
        pytest.param(pdf_with(password="mat-khau"), "file_encrypted", id="password"),
        # A name may spell a letter as #xx: /J#61vaScript is /JavaScript to every reader.
        pytest.param(
            raw_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGES, b"<< /S /J#61vaScript >>"
            ),
            "pdf_javascript",
            id="escaped-name",
        ),
        pytest.param(
            raw_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
                *PAGES,
                b"<< /S 5 0 R /F (x.exe) >>",
                b"/Launch",
            ),
            "pdf_launch",
            id="action-type-by-reference",
        ),
        pytest.param(
            raw_pdf(
                b"<< /Type /Catalog /Pages 2 0 R >>",
                *PAGES,
                head=b"%PDF-1.4\n%<html><script>fetch('/accounts/')</script>\n",
            ),
            "pdf_html",
            id="html-in-a-comment",
        ),
        pytest.param(
            raw_pdf(b"<< /Type /Catalog /Pages 2 0 R /Lang (<!DOCTYPE html><body onload=x()>) >>", *PAGES),
            "pdf_html",
            id="html-in-a-string",
        ),
        pytest.param(b"%PDF-1.7\nkhong phai PDF", "pdf_unreadable", id="not-a-pdf"),
        pytest.param(pdf_with()[:200], "pdf_unreadable", id="cut-short"),
    ],
)
def test_upload_check_hostile_pdf_refused_naming_the_file(content, code):
    uploaded = upload("to-trinh.pdf", content)

    error = refusal(uploaded)

    assert error.code == code
    assert "“to-trinh.pdf”" in error.messages[0]
    assert uploaded.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        pdf_with(),
        pdf_with(uri_link),
        # Encrypted only to restrict printing or copying: it opens, and is read, with the empty password.
        pdf_with(password=""),
        # XMP metadata near the start is XML, not a web page.
        raw_pdf(
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
            *PAGES,
            b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(XMP), XMP),
        ),
    ],
    ids=["plain", "web-link", "owner-password-only", "xmp-metadata"],
)
def test_upload_check_ordinary_pdf_accepted(content):
    uploaded = upload("to-trinh.pdf", content)

    kind = upload_check(uploaded)

    assert kind == PDF
    assert uploaded.tell() == 0


def test_upload_check_docx_claiming_a_gibibyte_refused_by_its_listing():
    bomb = central_record_patched(docx(), "word/document.xml", value=1024**3, **UNPACKED_SIZE)

    error = refusal(upload("bao-cao.docx", bomb))

    assert error.code == "archive_too_large"
    assert "“bao-cao.docx”" in error.messages[0]
    assert "1024,0 MB" in error.messages[0]  # what it claims, beside the limit
    assert "100 MB" in error.messages[0]


def test_upload_check_docx_unpacking_beyond_the_limit_refused(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = docx({"word/media/nen.bin": b" " * (2 * 1024 * 1024)})  # deflates to a few kilobytes

    error = refusal(upload("bao-cao.docx", bomb))

    assert len(bomb) < 20_000
    assert error.code == "archive_too_large"
    assert "1 MB" in error.messages[0]


def test_upload_check_docx_unpacking_to_the_limit_accepted(settings):
    content = docx()
    settings.UPLOAD_MAX_UNPACKED_BYTES = len(b"<Types/>") + len(b"<w:document/>")

    assert upload_check(upload("bao-cao.docx", content)) == DOCX


def test_upload_check_archive_of_too_many_parts_refused():
    error = refusal(upload("danh-sach.docx", docx_of(1001)))

    assert error.code == "archive_too_many_entries"
    assert "“danh-sach.docx”" in error.messages[0]
    assert "1001" in error.messages[0]
    assert "1000" in error.messages[0]


def test_upload_check_archive_of_as_many_parts_as_allowed_accepted():
    assert upload_check(upload("danh-sach.docx", docx_of(1000))) == DOCX


def test_upload_check_archive_part_limit_read_from_settings(settings):
    settings.UPLOAD_MAX_ARCHIVE_ENTRIES = 2

    error = refusal(upload("danh-sach.docx", docx_of(3)))

    assert error.code == "archive_too_many_entries"


def test_upload_check_encrypted_archive_part_refused():
    content = central_record_patched(docx(), "word/document.xml", value=0x1, **FLAGS)

    error = refusal(upload("bao-cao.docx", content))

    assert error.code == "file_encrypted"
    assert "“bao-cao.docx”" in error.messages[0]


def test_upload_check_xlsx_checked_as_an_archive_too():
    workbook = archive({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    bomb = central_record_patched(workbook, "xl/workbook.xml", value=1024**3, **UNPACKED_SIZE)

    assert upload_check(upload("bang.xlsx", workbook)) == XLSX
    assert refusal(upload("bang.xlsx", bomb)).code == "archive_too_large"
