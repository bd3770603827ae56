import io
import re
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import (
    ALLOWED_KINDS,
    DOCX,
    JPEG,
    PDF,
    PNG,
    UPLOAD_FOLDER,
    XLSX,
    stored_name,
    upload_check,
)
from tests.awards.conftest import PDF as MINIMAL_PDF


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, fmt)
    return buffer.getvalue()


def zip_bytes(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "word/document.xml": '<?xml version="1.0"?><w:document/>',
        }
    )


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Sáng kiến"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(uploaded: SimpleUploadedFile) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        upload_check(uploaded)
    return excinfo.value


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("to-trinh.pdf", MINIMAL_PDF, PDF),
        ("anh-the.jpg", image_bytes("JPEG"), JPEG),
        ("anh-the.JPEG", image_bytes("JPEG"), JPEG),
        ("so-do.png", image_bytes("PNG"), PNG),
        ("bao-cao.docx", docx_bytes(), DOCX),
        ("danh-sach.xlsx", xlsx_bytes(), XLSX),
        ("khong-co-duoi", MINIMAL_PDF, PDF),
    ],
)
def test_upload_check_real_file_returns_its_kind(name, content, expected):
    uploaded = upload(name, content)

    kind = upload_check(uploaded)

    assert kind == expected
    assert uploaded.tell() == 0


def test_upload_check_kinds_describe_themselves():
    described = [(k.code, k.content_type, k.extension, k.label) for k in ALLOWED_KINDS]

    assert described == [
        ("pdf", "application/pdf", ".pdf", "PDF"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            "Word (DOCX)",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            "Excel (XLSX)",
        ),
        ("jpeg", "image/jpeg", ".jpg", "JPEG"),
        ("png", "image/png", ".png", "PNG"),
    ]


def test_upload_check_ignores_the_browser_content_type():
    uploaded = SimpleUploadedFile(
        "bao-cao.pdf", b"<html><body>hi</body></html>", content_type="application/pdf"
    )

    error = refusal(uploaded)

    assert error.code == "file_type"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("trang-web.pdf", b"<html><script>alert(1)</script></html>"),
        ("nen.docx", zip_bytes({"readme.txt": "not office"})),
        ("thieu-content-types.docx", zip_bytes({"word/document.xml": "<w:document/>"})),
        ("cat-cut.docx", docx_bytes()[:40]),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        (
            "macro.docx",
            zip_bytes(
                {
                    "[Content_Types].xml": "<Types/>",
                    "word/document.xml": "<w:document/>",
                    "word/vbaProject.bin": "",
                }
            ),
        ),
    ],
)
def test_upload_check_unknown_content_refused_as_file_type(name, content):
    uploaded = upload(name, content)

    error = refusal(uploaded)

    assert error.code == "file_type"
    assert uploaded.tell() == 0


def test_upload_check_empty_file_refused():
    error = refusal(upload("trong.pdf", b""))

    assert error.code == "file_empty"


def test_upload_check_file_one_byte_over_limit_refused(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    content = MINIMAL_PDF + b"\x00" * (settings.UPLOAD_MAX_BYTES + 1 - len(MINIMAL_PDF))

    error = refusal(upload("lon.pdf", content))

    assert error.code == "file_too_large"
    assert re.search(r"\b2 MB\b", error.messages[0]) is not None


def test_upload_check_file_at_limit_accepted(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    content = MINIMAL_PDF + b"\x00" * (settings.UPLOAD_MAX_BYTES - len(MINIMAL_PDF))

    kind = upload_check(upload("vua-du.pdf", content))

    assert kind == PDF


def test_upload_check_fractional_limit_shown_with_one_decimal(settings):
    settings.UPLOAD_MAX_BYTES = 1536 * 1024

    error = refusal(upload("lon.pdf", MINIMAL_PDF + b"\x00" * settings.UPLOAD_MAX_BYTES))

    assert error.code == "file_too_large"
    assert "1,5 MB" in error.messages[0]


def test_upload_check_limit_defaults_to_ten_megabytes(settings):
    del settings.UPLOAD_MAX_BYTES

    error = refusal(upload("lon.pdf", MINIMAL_PDF + b"\x00" * (10 * 1024 * 1024)))

    assert error.code == "file_too_large"
    assert "10 MB" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", image_bytes("PNG")),
        ("anh.png", image_bytes("JPEG")),
        ("danh-sach.xlsx", docx_bytes()),
        ("bao-cao.docx", xlsx_bytes()),
        ("to-trinh.txt", MINIMAL_PDF),
    ],
)
def test_upload_check_name_contradicting_content_refused(name, content):
    uploaded = upload(name, content)

    error = refusal(uploaded)

    assert error.code == "file_mismatch"
    assert uploaded.tell() == 0


def test_upload_check_mismatch_message_names_both_sides():
    error = refusal(upload("bao-cao.pdf", image_bytes("PNG")))

    assert ".pdf" in error.messages[0]
    assert "PNG" in error.messages[0]


def test_stored_name_is_random_and_never_the_user_name():
    uploaded = upload("Bao cao thanh tich Nguyen Van A.pdf", MINIMAL_PDF)
    kind = upload_check(uploaded)

    first, second = stored_name(kind), stored_name(kind)

    assert first != second
    assert re.fullmatch(r"attachments/[0-9a-f]{32}\.pdf", first) is not None  # nothing of the user's name
    assert first.startswith(f"{UPLOAD_FOLDER}/")


def test_stored_name_under_given_folder_uses_canonical_extension():
    name = stored_name(JPEG, folder="dossiers/")

    assert re.fullmatch(r"dossiers/[0-9a-f]{32}\.jpg", name) is not None
