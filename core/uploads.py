"""The one gate every uploaded file goes through: what it really is, how big it is, and where it is stored.

A file's type is read from its content. The name the user chose and the content type the browser sent are
both under the user's control, so they are never trusted; the name is only compared with the content, to
catch a user who picked the wrong file.

The formats a viewer runs code from or unpacks are parsed, not only recognised: a PDF must parse and carry
nothing that runs by itself, and a Word or Excel archive must unpack within limits. A file that merely starts
like a PDF or a ZIP proves nothing.
"""

import re
import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

UPLOAD_FOLDER = "attachments"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# What a Word document or an Excel workbook may hold once unpacked: far above any real one, far below what a
# zip bomb unpacks to.
DEFAULT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ARCHIVE_ENTRIES = 1000
# A 10 MB PDF of several hundred pages holds some thousands of objects; compressed object streams can unpack
# into millions, and walking them would hold a worker for minutes.
PDF_MAX_OBJECTS = 100_000

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


def _max_unpacked_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)


def _max_archive_entries() -> int:
    return getattr(settings, "UPLOAD_MAX_ARCHIVE_ENTRIES", DEFAULT_MAX_ARCHIVE_ENTRIES)


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    # Limits are whole megabytes in practice; a fraction keeps one decimal rather than a long tail.
    return number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)


# Refusals of a file of the right type whose content may not be stored. Each names the file: a user who sent
# several must know which one to fix.
_CONTENT_REFUSALS = {
    "pdf_unreadable": gettext_lazy(
        "The file “%(name)s” cannot be read as a PDF: it may be damaged. Please save it as PDF again and "
        "upload that copy."
    ),
    "pdf_too_complex": gettext_lazy(
        "The file “%(name)s” holds more than %(limit)s objects, too many to be checked. Please save it as "
        "PDF again, or split it into several files, and upload those."
    ),
    "pdf_html": gettext_lazy(
        "The file “%(name)s” is a PDF and a web page at the same time, a trick to run code in the browser of "
        "whoever opens it. Please save it as PDF again and upload that copy."
    ),
    "pdf_javascript": gettext_lazy(
        "The file “%(name)s” contains JavaScript, which could run by itself when the file is opened. Please "
        "save or print it as PDF again, without scripts, and upload that copy."
    ),
    "pdf_launch": gettext_lazy(
        "The file “%(name)s” contains an action that launches a program on the computer that opens it. "
        "Please save or print it as PDF again and upload that copy."
    ),
    "pdf_embedded_file": gettext_lazy(
        "The file “%(name)s” carries other files inside it. Please upload each document as a file of its own."
    ),
    "file_encrypted": gettext_lazy(
        "The file “%(name)s” is protected by a password, so its content cannot be checked. Please upload a "
        "copy without the password."
    ),
    "archive_too_many_entries": gettext_lazy(
        "The file “%(name)s” is made of %(count)s parts; the limit is %(limit)s. It is damaged or built to "
        "overload the system: please save it again from Word or Excel and upload that copy."
    ),
    "archive_too_large": gettext_lazy(
        "The file “%(name)s” unpacks to %(size)s MB when opened; the limit is %(limit)s MB. It is damaged or "
        "built to overload the system: please save it again from Word or Excel and upload that copy."
    ),
}


def _content_refusal(code: str, name: str, **params) -> ValidationError:
    return ValidationError(_CONTENT_REFUSALS[code], code=code, params={"name": name, **params})


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


def _archive_check(file, *, name: str) -> None:
    """ValidationError unless the Word or Excel archive `file` unpacks within the limits, unencrypted.

    Count and sizes are read from the central directory, which lists every part with its unpacked size:
    nothing is unpacked to judge them. We never unpack the parts either; the limits protect the reviewer's
    Word or Excel, and any tool that reads the file after us, from a zip bomb."""
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()
    if len(entries) > _max_archive_entries():
        raise _content_refusal(
            "archive_too_many_entries", name, count=len(entries), limit=_max_archive_entries()
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > _max_unpacked_bytes():
        raise _content_refusal(
            "archive_too_large", name, size=_megabytes(unpacked), limit=_megabytes(_max_unpacked_bytes())
        )
    # Bit 0 of a part's general purpose flags: the part is encrypted (ZIP APPNOTE 4.4.4).
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise _content_refusal("file_encrypted", name)


# Markup a browser renders as a web page, were it ever to sniff the file: a PDF that carries it near its start
# is a PDF/HTML polyglot. Only tag names that cannot open a PDF hex string (such as <a0 1f>) are listed.
_HTML_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|frame|svg|img|object|embed|form|style|link|meta|base)\b",
    re.IGNORECASE,
)
_POLYGLOT_HEAD_BYTES = 1024
_PDF_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})  # an XFA form carries scripts of its own
_PDF_EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF"})


def _pdf_object_refusal(node: DictionaryObject) -> str | None:
    """The code of the refusal the PDF dictionary `node` earns, or None."""

    def name_at(key):
        value = dict.get(node, key)
        return value.get_object() if isinstance(value, IndirectObject) else value

    keys = set(node)
    action = name_at("/S")
    if keys & _PDF_SCRIPT_KEYS or action == "/JavaScript":
        return "pdf_javascript"
    if action == "/Launch":
        return "pdf_launch"
    if (
        keys & _PDF_EMBEDDED_KEYS
        or action == "/GoToE"
        or name_at("/Type") == "/EmbeddedFile"
        or name_at("/Subtype") == "/FileAttachment"
    ):
        return "pdf_embedded_file"
    return None


def _pdf_refusal(file) -> str | None:
    """The code of the refusal the PDF `file` earns, or None when it may be stored and opened in a browser.

    Every object the document reaches is visited, catalogue, names, pages and annotations alike: an action
    that runs by itself (/OpenAction, /AA) can hang from any of them, and so can a JavaScript name tree."""
    if _HTML_MARKUP.search(file.read(_POLYGLOT_HEAD_BYTES)):
        return "pdf_html"
    file.seek(0)
    try:
        reader = PdfReader(file)
        # A file encrypted only to restrict printing or copying opens with the empty password.
        try:
            if reader.is_encrypted and not reader.decrypt(""):
                return "file_encrypted"
        except DependencyError:  # AES needs a cryptography package we do not install
            return "file_encrypted"
        seen: set[tuple[int, int]] = set()
        pending = [reader.trailer]
        while pending:
            node = pending.pop()
            if isinstance(node, IndirectObject):
                if (node.idnum, node.generation) in seen:
                    continue
                seen.add((node.idnum, node.generation))
                if len(seen) > PDF_MAX_OBJECTS:
                    return "pdf_too_complex"
                node = node.get_object()
            if isinstance(node, DictionaryObject):
                code = _pdf_object_refusal(node)
                if code:
                    return code
                # dict.values, not node.values(): references stay unresolved, so each object is visited once.
                pending.extend(dict.values(node))
            elif isinstance(node, ArrayObject):
                pending.extend(node)
    except Exception:  # pypdf meets hostile bytes with almost any exception; every one means "unreadable"
        return "pdf_unreadable"
    return None


def pdf_check(file, *, name: str) -> None:
    """ValidationError unless the PDF `file` parses and carries nothing that runs by itself: no JavaScript,
    no launch action, no embedded file, no web page. `name` is the file's name in the message. Leaves `file`
    at its start."""
    file.seek(0)
    try:
        code = _pdf_refusal(file)
    finally:
        file.seek(0)
    if code:
        raise _content_refusal(code, name, limit=PDF_MAX_OBJECTS)


# What is parsed beyond the signature, per kind: the formats a viewer runs code from or unpacks.
_CONTENT_CHECKS = {PDF: pdf_check, DOCX: _archive_check, XLSX: _archive_check}


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
    if kind in _CONTENT_CHECKS:
        try:
            _CONTENT_CHECKS[kind](uploaded.file, name=uploaded.name or kind.extension)
        finally:
            uploaded.seek(0)
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
