"""Signed decisions: the Director signs an issued decision or tờ trình as a PDF (core.signing), and anyone
holding a copy checks it on the public verification page its QR code opens, or with
`python manage.py verify_document FILE`.

The verification URL is drawn into the paper (QR code and text) before the signature is made, so the
signature covers it; it is built from SITE_URL and the record's random token, never from a user's value.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Decision, SignedPaper
from awards.papers.decision import decision_paper_of
from core.papers.pdf import paper_pdf_placed
from core.signing import (
    MODIFIED,
    UNKNOWN,
    Placement,
    SignatureReport,
    certificate_name,
    sha256,
    sign_pdf,
    signature_check,
    signer_from_settings,
    stamp_lines,
)
from core.uploads import PDF

# Where the stamp goes when the paper has no signature space (never for a decision; a guard): the lower
# right of the first page, in PDF points.
FALLBACK_PLACEMENT = Placement(0, (330, 60, 540, 130))


def verification_url(token: str) -> str:
    return settings.SITE_URL + reverse("verify", args=[token])


def signed_paper_of(decision: Decision) -> SignedPaper | None:
    return decision.signed_papers.select_related("signed_by").first()


@transaction.atomic
def decision_sign(*, decision: Decision, by) -> SignedPaper:
    """Sign `decision`'s paper with the configured credential and keep the signed PDF.

    Preconditions (each a Vietnamese ValidationError, nothing written): not signed yet (code
    "already_signed"), its paper can be printed (decision_paper_of), a credential is configured
    ("no_credential") and SITE_URL is set. The caller checks the permission (awards.sign_decision). The
    decision row is locked, so that two clicks cannot sign it twice.
    """
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if SignedPaper.objects.filter(decision=decision).exists():
        raise ValidationError(
            _("%(reference)s is already signed: download the signed copy from its page.")
            % {"reference": decision.reference},
            code="already_signed",
        )
    paper = decision_paper_of(decision)
    signer = signer_from_settings()
    if not settings.SITE_URL:
        raise ValidationError(
            _("The server's public address (SITE_URL) is not configured: the QR code would lead nowhere."),
            code="no_site_url",
        )
    record = SignedPaper(decision=decision, signed_by=by, uploaded_by=by)
    paper.verification_url = verification_url(record.token)
    pdf, place = paper_pdf_placed(paper)
    signature = paper.signatures[-1]
    position = " – ".join(part for part in (signature.authority, signature.position) if part)
    record.signed_at = timezone.now()
    lines = stamp_lines(
        signer=certificate_name(signer.signing_cert), position=position, signed_at=record.signed_at
    )
    data = sign_pdf(
        pdf, signer=signer, placement=Placement(*place) if place else FALLBACK_PLACEMENT, lines=lines
    )
    cert = signer.signing_cert
    record.sha256 = sha256(data)
    record.certificate_subject = cert.subject.human_friendly[:500]
    record.certificate_serial = format(cert.serial_number, "X")
    record.original_name = f"{paper.filename}-da-ky-so.pdf"
    record.content_type = PDF.content_type
    record.size = len(data)
    record.file.save(f"{secrets.token_hex(16)}.pdf", ContentFile(data), save=False)
    # The file is written before the row: if the row fails, the file goes too (nothing half-written).
    try:
        record.full_clean(exclude=["file"])
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    return record


def signed_paper_verify(signed: SignedPaper) -> SignatureReport:
    """Validate the stored file with pyHanko; a stored file whose hash is no longer the recorded one is
    MODIFIED whatever its signature says, and a file that cannot be read is UNKNOWN."""
    try:
        with signed.file.open("rb") as file:
            data = file.read()
    except OSError:
        return SignatureReport(status=UNKNOWN, sha256="", problem=_("The signed file cannot be read."))
    report = signature_check(data)
    if report.sha256 != signed.sha256:
        report.status = MODIFIED
        report.problem = _("The stored file is not the file that was signed.")
    return report


def copy_matches(signed: SignedPaper, data: bytes) -> tuple[bool, SignatureReport]:
    """Whether an uploaded copy is this signed document unchanged (the same bytes), and its own
    signature's report."""
    report = signature_check(data)
    return report.sha256 == signed.sha256, report
