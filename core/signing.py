"""PDF signatures (PAdES baseline B-B, with pyHanko): the signer from the settings, signing, and checking a
copy against the configured trust roots.

The credential is a PKCS#12 file (SIGNING_PKCS12_PATH, its password in SIGNING_PKCS12_PASSWORD) or a
PKCS#11 token (SIGNING_PKCS11_LIB and its labels; README, "Signed decisions"). A copy is "valid" only when
its signature is intact, covers every byte of the file (nothing appended after signing, not even an
incremental update) and its certificate chains to one of SIGNING_TRUST_ROOTS.
"""

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"
STAMP_FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"

VALID, MODIFIED, UNKNOWN = "valid", "modified", "unknown"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- The signer ---------------------------------------------------------------------------------------


def _pkcs11_signer():
    """The signer on a USB token. Needs the python-pkcs11 package (pyHanko's "pkcs11" extra), which is not a
    dependency of the project: a Department that signs with a token installs it with the vendor's library.
    Written against pyHanko 0.38's pyhanko.sign.pkcs11 (open_pkcs11_session, PKCS11Signer); not run in the
    tests, which have no token."""
    try:
        from pkcs11.exceptions import PKCS11Error
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError as error:
        raise ValidationError(
            _("Signing with a token needs the python-pkcs11 package, which is not installed on the server."),
            code="no_credential",
        ) from error
    try:
        session = open_pkcs11_session(
            settings.SIGNING_PKCS11_LIB,
            slot_no=settings.SIGNING_PKCS11_SLOT,
            token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN_LABEL)
            if settings.SIGNING_PKCS11_TOKEN_LABEL
            else None,
            user_pin=settings.SIGNING_PKCS11_PIN or None,
        )
    except (PKCS11Error, OSError) as error:
        # No token plugged in, a wrong PIN, a missing vendor library: the administrator reads which.
        logger.error("The PKCS#11 token could not be opened: %r", error)
        raise ValidationError(
            _("The signing token cannot be opened: check that it is plugged in, then ask the administrator."),
            code="no_credential",
        ) from error
    return PKCS11Signer(
        session,
        key_label=settings.SIGNING_PKCS11_KEY_LABEL or None,
        cert_label=settings.SIGNING_PKCS11_CERT_LABEL or settings.SIGNING_PKCS11_KEY_LABEL or None,
    )


def signer_from_settings():
    """The pyHanko signer configured, or a ValidationError (Vietnamese) when there is none or it cannot be
    opened. The reason is logged for the administrator, not shown: it may name files."""
    from pyhanko.sign import signers

    if settings.SIGNING_PKCS11_LIB:
        return _pkcs11_signer()
    path = settings.SIGNING_PKCS12_PATH
    if not path or not Path(path).is_file():
        raise ValidationError(
            _("No signing certificate is configured on the server: ask the administrator to set one up."),
            code="no_credential",
        )
    password = settings.SIGNING_PKCS12_PASSWORD
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() if password else None)
    if signer is None:
        logger.error("The PKCS#12 file %s could not be opened (wrong password or damaged file).", path)
        raise ValidationError(
            _("The signing certificate configured on the server cannot be opened: ask the administrator."),
            code="no_credential",
        )
    return signer


def certificate_name(cert) -> str:
    """The common name of an asn1crypto certificate ("Nguyễn Văn An"), else its whole subject."""
    subject = cert.subject.native
    return subject.get("common_name") or cert.subject.human_friendly


# --- Signing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where the visible signature goes: a page (0-based) and a box in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[int, int, int, int]


# The stamp is drawn as a picture at this many pixels per PDF point: pyHanko writes text only in the PDF
# standard fonts (no Vietnamese letters) unless uharfbuzz is installed, which the project does not depend on.
STAMP_SCALE = 4
STAMP_FONT_PT = 10


def stamp_lines(*, signer: str, position: str, signed_at: dt.datetime) -> list[str]:
    local = timezone.localtime(signed_at)
    return [
        f"Ký bởi: {signer}",
        f"Chức vụ: {position}",
        f"Thời gian ký: {local:%d/%m/%Y %H:%M:%S} (GMT+7)",
    ]


def _stamp_picture(lines: list[str], box: tuple[int, int, int, int]):
    """The stamp's lines drawn in the paper's font on a white picture the size of `box`."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = (box[2] - box[0]) * STAMP_SCALE, (box[3] - box[1]) * STAMP_SCALE
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    size = STAMP_FONT_PT * STAMP_SCALE
    font = ImageFont.truetype(str(STAMP_FONT), size)
    # Smaller until the longest line fits (a long name or position).
    while size > 4 * STAMP_SCALE and max(draw.textlength(line, font=font) for line in lines) > width * 0.94:
        size -= STAMP_SCALE
        font = ImageFont.truetype(str(STAMP_FONT), size)
    step = size * 1.3
    top = (height - step * len(lines)) / 2
    for index, line in enumerate(lines):
        draw.text((width * 0.03, top + index * step), line, fill="black", font=font)
    return picture


def sign_pdf(pdf: bytes, *, signer, placement: Placement, lines: list[str]) -> bytes:
    """`pdf` signed (PAdES B-B, SHA-256) with a visible stamp of `lines` ("Ký bởi / Chức vụ / Thời gian ký")
    in `placement`. The paper's own content (its QR code included) is drawn before: the signature covers
    it."""
    from pyhanko import stamp
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(FIELD_NAME, on_page=placement.page, box=placement.box)
    )
    style = stamp.TextStampStyle(
        stamp_text="",
        background=PdfImage(_stamp_picture(lines, placement.box)),
        background_opacity=1,
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    output = signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer)
    return output.getvalue()


# --- Checking a copy ----------------------------------------------------------------------------------


def trust_roots() -> list:
    """The asn1crypto certificates of SIGNING_TRUST_ROOTS (PEM or DER files); a missing file is logged and
    skipped, so that a signature is then "unknown", never "valid"."""
    from pyhanko.keys import load_cert_from_pemder

    roots = []
    for path in settings.SIGNING_TRUST_ROOTS:
        try:
            roots.append(load_cert_from_pemder(path))
        except (OSError, ValueError):
            logger.error("The trust root %s could not be read.", path)
    return roots


@dataclass
class SignatureReport:
    """What a copy's signature says. `status`: VALID (intact, covers the whole file, chains to a trust
    root), MODIFIED (changed, or something added after signing) or UNKNOWN (no readable signature, or a
    certificate no trust root vouches for)."""

    status: str
    sha256: str
    signer: str = ""
    serial: str = ""
    signed_at: dt.datetime | None = None
    intact: bool = False
    whole_file: bool = False
    trusted: bool = False
    problem: str = ""


def signature_check(data: bytes) -> SignatureReport:
    """Validate the first signature of `data` with pyHanko against trust_roots()."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    report = SignatureReport(status=UNKNOWN, sha256=sha256(data))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        logger.info("Unreadable PDF: %s", error)
        report.problem = _("The file cannot be read as a PDF.")
        return report
    if not embedded:
        report.problem = _("The file carries no digital signature.")
        return report
    signature = embedded[0]
    try:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        )
    except (SignatureValidationError, PdfReadError, ValueError, KeyError, TypeError) as error:
        logger.info("Signature not validated: %s", error)
        report.status = MODIFIED
        report.problem = _("The signature does not match the file.")
        return report
    report.signer = certificate_name(status.signing_cert)
    report.serial = format(status.signing_cert.serial_number, "X")
    report.signed_at = status.signer_reported_dt
    report.intact = bool(status.intact and status.valid)
    report.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.trusted = bool(status.trusted)
    if not report.intact:
        report.status, report.problem = MODIFIED, _("The signed content was changed after signing.")
    elif not report.whole_file:
        report.status = MODIFIED
        report.problem = _("Something was added to the file after it was signed.")
    elif not report.trusted:
        report.problem = _("The signer's certificate does not chain to a trusted root configured here.")
    else:
        report.status = VALID
    return report
