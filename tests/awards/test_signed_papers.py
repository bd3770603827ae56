"""Signed decisions (issue 13): the demo authority, signing an issued decision (PAdES, pyHanko), the QR code
and the visible stamp, `verify_document`, the public verification page, and who may do what."""

import datetime as dt
import hashlib
import io
import subprocess
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.generic import TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from awards.models import Decision, SignedPaper
from awards.papers.decision import decision_paper_of
from awards.signing import decision_sign
from core.demo_ca import demo_ca_create
from core.papers.pdf import _qr_svg, paper_html
from tests.awards.conftest import BEFORE, PDF
from tests.awards.test_exports import council, decided, people, voted  # noqa: F401 (fixtures)

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AFTER = dt.datetime(2019, 1, 15, 9, 0, tzinfo=HCM)  # the decision (10/12/2018) is signed after its date
PASSWORD = "mat-khau-thu"
SITE = "https://thidua.example.vn"


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return demo_ca_create(
        output=tmp_path_factory.mktemp("demo-ca"), password=PASSWORD, signer_name="Lê Văn Hòa"
    )


@pytest.fixture
def signing(settings, ca):
    settings.SIGNING_PKCS12_PATH = str(ca.signer)
    settings.SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.SIGNING_PKCS11_LIB = ""
    settings.SIGNING_TRUST_ROOTS = [str(ca.root)]
    settings.SITE_URL = SITE
    return ca


@pytest.fixture
def decision(decided, signing):  # noqa: F811 (the fixture imported above)
    with time_machine.travel(AFTER, tick=False):
        yield decided[0]


@pytest.fixture
def signed(decision, cast):
    return decision_sign(decision=decision, by=cast["director"])


def stored_bytes(signed_paper) -> bytes:
    with signed_paper.file.open("rb") as file:
        return file.read()


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def one_byte_changed(data: bytes) -> bytes:
    """A byte inside the first stream of the file (inside the signed range, which starts at byte 0)."""
    at = data.index(b"stream") + 40
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def incremental_update(data: bytes) -> bytes:
    """The signed file with an incremental update appended (the catalogue's language set), as an editor
    saves a change: the signed revision stays intact, but it is no longer the whole file."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Lang"] = TextStringObject("vi-VN")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def verify(path) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_document", str(path), stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


# --- The demo authority -------------------------------------------------------------------------------


def test_demo_ca_command_creates_a_pkcs12_that_signs(tmp_path):
    call_command("demo_ca", "--output", str(tmp_path), "--password", "abc", stdout=io.StringIO())

    signer = signers.SimpleSigner.load_pkcs12(str(tmp_path / "signer.p12"), passphrase=b"abc")
    root = load_cert_from_pemder(str(tmp_path / "root-ca.pem"))

    assert signer is not None
    assert signer.signing_cert.subject.native["common_name"] == "Nguyễn Văn An"
    assert signer.signing_cert.issuer == root.subject
    assert [cert.subject for cert in signer.cert_registry] == [root.subject]  # the chain, with the key


def test_demo_ca_command_without_password_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("SIGNING_PKCS12_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="Cần mật khẩu"):
        call_command("demo_ca", "--output", str(tmp_path), stdout=io.StringIO())

    assert not (tmp_path / "signer.p12").exists()


# --- Signing ------------------------------------------------------------------------------------------


def test_sign_issued_decision_validates_with_the_demo_root(signed, ca):
    data = stored_bytes(signed)
    reader = PdfFileReader(io.BytesIO(data))

    status = validate_pdf_signature(
        reader.embedded_signatures[0], ValidationContext(trust_roots=[load_cert_from_pemder(str(ca.root))])
    )

    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert reader.embedded_signatures[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signed.sha256 == hashlib.sha256(data).hexdigest()
    assert signed.size == len(data)
    assert signed.certificate_serial == format(status.signing_cert.serial_number, "X")
    assert "Lê Văn Hòa" in signed.certificate_subject
    assert signed.original_name == f"{decision_paper_of(signed.decision).filename}-da-ky-so.pdf"


def test_sign_issued_decision_prints_the_verification_url_and_its_qr(signed, tmp_path):
    url = f"{SITE}/verify/{signed.token}/"
    paper = decision_paper_of(signed.decision)
    paper.verification_url = url

    text = pdf_text(stored_bytes(signed), tmp_path)

    assert "Kiểm tra văn bản điện tử tại:" in text
    assert url in "".join(text.split())  # printed over two lines in the narrow cell
    # The QR code drawn into the paper is segno's code of exactly that URL.
    assert _qr_svg(url) in paper_html(paper)


def test_sign_issued_decision_has_a_visible_stamp_over_the_signature_space(signed):
    reader = PdfFileReader(io.BytesIO(stored_bytes(signed)))
    field = reader.embedded_signatures[0].sig_field

    x1, y1, x2, y2 = (float(value) for value in field["/Rect"])
    appearance = field["/AP"]["/N"]

    assert (x2 - x1 > 100, y2 - y1 > 40) == (True, True)
    assert x1 > 250  # the right half of the page, where the Director's block is
    assert appearance.get_object()["/Subtype"] == "/Form"
    assert len(appearance.get_object().data) > 100  # the box and the three lines of the stamp


def test_sign_decision_not_printable_is_refused(decision, cast, signing):
    Decision.objects.filter(pk=decision.pk).update(signer=" ")
    decision.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        decision_sign(decision=decision, by=cast["director"])

    assert refused.value.code == "no_signer"
    assert SignedPaper.objects.count() == 0


def test_sign_decision_already_signed_is_refused(signed, cast):
    with pytest.raises(ValidationError) as refused:
        decision_sign(decision=signed.decision, by=cast["director"])

    assert refused.value.code == "already_signed"
    assert SignedPaper.objects.count() == 1


def test_sign_decision_without_credential_is_refused(decision, cast, settings):
    settings.SIGNING_PKCS12_PATH = ""

    with pytest.raises(ValidationError) as refused:
        decision_sign(decision=decision, by=cast["director"])

    assert refused.value.code == "no_credential"
    assert refused.value.messages == [
        "Máy chủ chưa được cấu hình chứng thư ký số: đề nghị quản trị hệ thống thiết lập."
    ]
    assert SignedPaper.objects.count() == 0


def test_sign_decision_with_a_wrong_password_is_refused(decision, cast, settings):
    settings.SIGNING_PKCS12_PASSWORD = "sai"

    with pytest.raises(ValidationError) as refused:
        decision_sign(decision=decision, by=cast["director"])

    assert refused.value.code == "no_credential"
    assert SignedPaper.objects.count() == 0


# --- verify_document ----------------------------------------------------------------------------------


def test_verify_document_passes_on_the_signed_file(signed, tmp_path):
    path = tmp_path / "ban-sao.pdf"
    path.write_bytes(stored_bytes(signed))

    code, output = verify(path)

    assert code == 0
    assert "Người ký: Lê Văn Hòa" in output
    assert "Chữ ký nguyên vẹn: có" in output
    assert "Chữ ký bao trùm toàn bộ tệp: có" in output
    assert "Chứng thư nối tới chứng thư gốc tin cậy: có" in output
    assert "Kết quả: HỢP LỆ" in output


def test_verify_document_fails_on_one_byte_changed(signed, tmp_path):
    path = tmp_path / "sua-1-byte.pdf"
    path.write_bytes(one_byte_changed(stored_bytes(signed)))

    code, output = verify(path)

    assert code == 1
    assert "Kết quả: ĐÃ BỊ SỬA ĐỔI" in output


def test_verify_document_fails_on_an_incremental_update_after_signing(signed, tmp_path):
    path = tmp_path / "cap-nhat.pdf"
    path.write_bytes(incremental_update(stored_bytes(signed)))

    code, output = verify(path)

    assert code == 1
    assert "Chữ ký bao trùm toàn bộ tệp: KHÔNG" in output
    assert "Kết quả: ĐÃ BỊ SỬA ĐỔI" in output


def test_verify_document_fails_on_bytes_appended(signed, tmp_path):
    path = tmp_path / "them-byte.pdf"
    path.write_bytes(stored_bytes(signed) + b"\n% appended\n")

    code, output = verify(path)

    assert code == 1
    assert "Kết quả: ĐÃ BỊ SỬA ĐỔI" in output


def test_verify_document_untrusted_root_is_unknown(signed, tmp_path, settings):
    settings.SIGNING_TRUST_ROOTS = []
    path = tmp_path / "ban-sao.pdf"
    path.write_bytes(stored_bytes(signed))

    code, output = verify(path)

    assert code == 2
    assert "Chứng thư nối tới chứng thư gốc tin cậy: KHÔNG" in output
    assert "Kết quả: KHÔNG XÁC ĐỊNH" in output


def test_verify_document_unsigned_pdf_is_unknown(tmp_path, settings):
    path = tmp_path / "khong-ky.pdf"
    path.write_bytes(PDF)

    code, output = verify(path)

    assert code == 2
    assert "Tệp không có chữ ký số." in output


# --- The verification page ----------------------------------------------------------------------------


def test_verify_page_anonymous_shows_the_document_and_a_valid_signature(signed):
    response = Client().get(reverse("verify", args=[signed.token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Số 10/QĐ-STP" in page or signed.decision.reference in page
    assert "10/12/2018" in page
    assert "Lê Văn Hòa" in page
    assert signed.sha256 in page
    assert 'data-status="valid"' in page


def test_verify_page_good_upload_is_the_signed_document(signed):
    upload = SimpleUploadedFile("ban-sao.pdf", stored_bytes(signed), content_type="application/pdf")

    response = Client().post(reverse("verify", args=[signed.token]), {"file": upload})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-same="yes"' in page
    assert page.count('data-status="valid"') == 2  # the stored file and the copy


def test_verify_page_modified_upload_is_not_the_signed_document(signed):
    upload = SimpleUploadedFile("ban-sao.pdf", one_byte_changed(stored_bytes(signed)))

    response = Client().post(reverse("verify", args=[signed.token]), {"file": upload})

    page = response.content.decode()
    assert 'data-same="no"' in page
    assert 'data-status="modified"' in page
    assert page.count('data-status="valid"') == 1  # the stored file only


def test_verify_page_refuses_a_file_that_is_not_a_pdf(signed):
    upload = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)

    response = Client().post(reverse("verify", args=[signed.token]), {"file": upload})

    page = response.content.decode()
    assert 'data-testid="copy-result"' not in page
    assert "invalid-feedback" in page or "is-invalid" in page


def test_verify_page_refuses_a_file_over_the_limit(signed, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    upload = SimpleUploadedFile("ban-sao.pdf", stored_bytes(signed))

    response = Client().post(reverse("verify", args=[signed.token]), {"file": upload})

    page = response.content.decode()
    assert 'data-testid="copy-result"' not in page
    assert "Tệp quá lớn" in page


def test_verify_page_typed_values_are_text(signed):
    Decision.objects.filter(pk=signed.decision.pk).update(signer_title="<img src=file:///etc/passwd>")

    page = Client().get(reverse("verify", args=[signed.token])).content.decode()

    assert "&lt;img src=file:///etc/passwd&gt;" in page
    assert "<img src=file" not in page


def test_verify_page_unknown_token_is_404(signed):
    assert Client().get(reverse("verify", args=["khong-co"])).status_code == 404


def test_verify_page_stored_file_changed_is_modified(signed):
    changed = one_byte_changed(stored_bytes(signed))
    with open(signed.file.path, "wb") as file:
        file.write(changed)

    response = Client().get(reverse("verify", args=[signed.token]))

    assert 'data-status="modified"' in response.content.decode()


# --- Who may do what ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("director", 302), ("standing_office", 403), ("secretary", 403), ("administrator", 403)],
)
def test_sign_view_director_only(decision, cast, client, role, status):
    client.force_login(cast[role])

    response = client.post(reverse("awards:decision-sign", args=[decision.pk]))

    assert response.status_code == status
    assert SignedPaper.objects.filter(decision=decision).count() == (1 if role == "director" else 0)


def test_sign_view_anonymous_goes_to_login(decision, client):
    response = client.post(reverse("awards:decision-sign", args=[decision.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert SignedPaper.objects.count() == 0


def test_sign_view_refusal_shows_the_reason(decision, cast, client, settings):
    settings.SIGNING_PKCS12_PATH = ""
    client.force_login(cast["director"])

    response = client.post(reverse("awards:decision-sign", args=[decision.pk]), follow=True)

    assert "Máy chủ chưa được cấu hình chứng thư ký số" in response.content.decode()
    assert SignedPaper.objects.count() == 0


def test_signed_file_download_is_the_stored_file(signed, cast, client):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:decision-signed-file", args=[signed.decision.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(signed)
    assert response["Content-Type"] == "application/pdf"


def test_signed_file_anonymous_goes_to_login(signed, client):
    response = client.get(reverse("awards:decision-signed-file", args=[signed.decision.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_decision_page_shows_the_signature_status(signed, cast, client):
    client.force_login(cast["director"])

    page = client.get(signed.decision.get_absolute_url()).content.decode()

    assert 'data-status="valid"' in page
    assert reverse("awards:decision-signed-file", args=[signed.decision.pk]) in page
    assert 'data-testid="sign"' not in page


def test_decision_page_offers_signing_to_the_director_only(decision, cast, client):
    client.force_login(cast["director"])
    director_page = client.get(decision.get_absolute_url()).content.decode()
    client.force_login(cast["standing_office"])
    office_page = client.get(decision.get_absolute_url()).content.decode()

    assert 'data-testid="sign"' in director_page
    assert 'data-testid="sign"' not in office_page
