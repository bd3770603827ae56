"""The one gate every uploaded file goes through: what it really is, how big it is, and where it is stored.

A file's type is read from its content. The name the user chose and the content type the browser sent are
both under the user's control, so they are never trusted; the name is only compared with the content, to
catch a user who picked the wrong file.
"""

import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

UPLOAD_FOLDER = "attachments"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Long enough for the longest signature (PNG's eight bytes).
_HEAD_BYTES = 8
_ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class UploadKind:
    code: str
    content_type: str
    extension: str
    # Format names read the same in Vietnamese, so they are not translated.
    label: str
    # Other spellings a user's file name may carry for the same format.
    other_extensions: tuple[str, ...] = field(default=())

    @property
    def name_extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


PDF = UploadKind("pdf", "application/pdf", ".pdf", "PDF")
DOCX = UploadKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word (DOCX)",
)
XLSX = UploadKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    "Excel (XLSX)",
)
JPEG = UploadKind("jpeg", "image/jpeg", ".jpg", "JPEG", other_extensions=(".jpeg",))
PNG = UploadKind("png", "image/png", ".png", "PNG")

ALLOWED_KINDS = (PDF, DOCX, XLSX, JPEG, PNG)

_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
# The part that tells a Word document from an Excel workbook; both also carry [Content_Types].xml.
_OFFICE_MAIN_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
)


def _max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    # Limits are whole megabytes in practice; a fraction keeps one decimal rather than a long tail.
    return number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)


def _office_kind(uploaded: UploadedFile) -> UploadKind | None:
    # zipfile reads only the central directory at the end to list the parts: nothing is decompressed.
    try:
        with zipfile.ZipFile(uploaded.file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    # Macro-enabled documents (.docm, .xlsm) have the same parts plus a VBA project; they are refused
    # because a macro runs on the reviewer's machine when opened.
    if any(name.endswith("vbaProject.bin") for name in names):
        return None
    for part, kind in _OFFICE_MAIN_PARTS:
        if part in names:
            return kind
    return None


def _detect(uploaded: UploadedFile) -> UploadKind | None:
    head = uploaded.read(_HEAD_BYTES)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(_ZIP_SIGNATURE):
        uploaded.seek(0)
        return _office_kind(uploaded)
    return None


def upload_check(uploaded: UploadedFile) -> UploadKind:
    """The kind of `uploaded`, read from its content; ValidationError if the file may not be stored.

    Leaves the file positioned at its start, ready to be saved.
    """
    if not uploaded.size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if uploaded.size > _max_bytes():
        raise ValidationError(
            _("The file is too large: the limit is %(limit)s MB."),
            code="file_too_large",
            params={"limit": _megabytes(_max_bytes())},
        )
    uploaded.seek(0)
    try:
        kind = _detect(uploaded)
    finally:
        uploaded.seek(0)
    if kind is None:
        raise ValidationError(
            _(
                "This type of file is not accepted. Only PDF, Word (DOCX), Excel (XLSX), JPEG or PNG files "
                "are; save old .doc and .xls files as .docx or .xlsx before uploading them."
            ),
            code="file_type",
        )
    # A name without an extension says nothing, so only a name that claims another format is refused.
    extension = PurePath(uploaded.name or "").suffix.lower()
    if extension and extension not in kind.name_extensions:
        raise ValidationError(
            _(
                "The file is not what its name says: its name ends in %(extension)s but it is a "
                "%(kind)s file. Please check that you chose the right file."
            ),
            code="file_mismatch",
            params={"extension": extension, "kind": kind.label},
        )
    return kind


def stored_name(kind: UploadKind, *, folder: str = UPLOAD_FOLDER) -> str:
    """A fresh storage name for a file of `kind`.

    Random rather than derived from the user's file name: that name may carry path tricks or personal
    data, and a guessable name would let anyone who learns one fetch its neighbours.
    """
    return f"{folder.rstrip('/')}/{secrets.token_hex(16)}{kind.extension}"


def upload_store(document, uploaded: UploadedFile, *, by):
    """Check `uploaded` and save it into `document` (a core.models.StoredFile) under a random
    name in the folder of its `file` field; the row is written too. ValidationError if refused."""
    kind = upload_check(uploaded)
    document.original_name = (uploaded.name or kind.extension)[:255]
    document.content_type = kind.content_type
    document.size = uploaded.size
    document.uploaded_by = by
    document.file.save(stored_name(kind).split("/")[-1], uploaded, save=True)
    return document
