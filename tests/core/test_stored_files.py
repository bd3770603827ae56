"""A refused upload leaves nothing behind; a stored file is served so that the browser runs none of it."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.enums import DocumentKind
from awards.models import DossierDocument
from core.uploads import DOCX
from tests.awards.conftest import BEFORE, PDF
from tests.core.test_uploads import (
    UNPACKED_SIZE,
    catalogue_open_action,
    central_record_patched,
    docx,
    embedded_program,
    launch_on_open,
    pdf_with,
    raw_pdf,
)


@pytest.fixture
def dossier(plan_2018, unit, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(BEFORE, tick=False):
        return services.dossier_save(
            by=cast["secretary"],
            campaign=plan_2018,
            unit=unit,
            data={
                "kind": "phase",
                "phase": plan_2018.phases.get(number=2),
                "meeting_date": dt.date(2018, 11, 5),
                "meeting_present": 10,
                "meeting_total": 12,
            },
        )


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("to-trinh.pdf", pdf_with(catalogue_open_action), id="javascript"),
        pytest.param("to-trinh.pdf", pdf_with(launch_on_open), id="launch"),
        pytest.param("to-trinh.pdf", pdf_with(embedded_program), id="embedded-file"),
        pytest.param(
            "to-trinh.pdf",
            raw_pdf(b"<< /Type /Catalog >>", head=b"%PDF-1.4\n%<html><script>alert(1)</script>\n"),
            id="polyglot",
        ),
        pytest.param(
            "bien-ban.docx",
            central_record_patched(docx(), "word/document.xml", value=1024**3, **UNPACKED_SIZE),
            id="zip-bomb",
        ),
    ],
)
def test_hostile_upload_refused_and_nothing_stored(client, cast, dossier, settings, name, content):
    client.force_login(cast["secretary"])

    with time_machine.travel(BEFORE, tick=False):
        response = client.post(
            reverse("awards:document-upload", args=[dossier.pk]),
            {"kind": DocumentKind.SUBMISSION, "file": SimpleUploadedFile(name, content)},
            follow=True,
        )

    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert f"“{name}”" in messages[0]
    assert DossierDocument.objects.count() == 0
    assert stored_files(settings) == []


def download(client, cast, document):
    client.force_login(cast["director"])
    response = client.get(reverse("awards:document-download", args=[document.pk]))
    b"".join(response.streaming_content)  # read to the end: the test client closes the file
    return response


def test_checked_pdf_opens_in_the_browser_unsandboxed_so_every_viewer_shows_it(client, cast, dossier):
    with time_machine.travel(BEFORE, tick=False):
        document = services.document_attach(
            dossier=dossier,
            kind=DocumentKind.SUBMISSION,
            uploaded=SimpleUploadedFile("tt.pdf", PDF),
            by=cast["secretary"],
        )

    response = download(client, cast, document)

    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response


def test_word_document_downloads_sandboxed(client, cast, dossier):
    with time_machine.travel(BEFORE, tick=False):
        document = services.document_attach(
            dossier=dossier,
            kind=DocumentKind.MINUTES,
            uploaded=SimpleUploadedFile("bb.docx", docx()),
            by=cast["secretary"],
        )

    response = download(client, cast, document)

    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == DOCX.content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_pdf_stored_before_the_checks_downloads_instead_of_opening(client, cast, dossier):
    hostile = pdf_with(catalogue_open_action)
    document = DossierDocument(
        dossier=dossier,
        kind=DocumentKind.SUBMISSION,
        original_name="cu.pdf",
        content_type="application/pdf",
        size=len(hostile),
        uploaded_by=cast["secretary"],
    )
    document.file.save("cu.pdf", ContentFile(hostile), save=True)

    response = download(client, cast, document)

    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
