"""Dossier documents open for everyone who may see the dossier; a wrong one can be taken out of a draft."""

import time_machine
from django.urls import reverse

from awards import services
from awards.enums import DocumentKind
from awards.models import DossierDocument, DossierHistory
from tests.awards.conftest import BEFORE, PDF, pdf


def _draft(complete_dossier, registered):
    with time_machine.travel(BEFORE, tick=False):
        return complete_dossier((registered(), "LDTT"))


def test_the_director_opens_a_document_in_the_browser(client, cast, registered, complete_dossier):
    dossier = _draft(complete_dossier, registered)
    document = dossier.documents.get(kind=DocumentKind.SUBMISSION)
    client.force_login(cast["director"])

    response = client.get(reverse("awards:document-download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF


def test_a_document_name_keeps_its_vietnamese_letters(client, cast, registered, complete_dossier):
    dossier = _draft(complete_dossier, registered)
    with time_machine.travel(BEFORE, tick=False):
        document = services.document_attach(
            dossier=dossier, kind=DocumentKind.MINUTES, uploaded=pdf("Biên bản họp.pdf"), by=cast["secretary"]
        )
    client.force_login(cast["standing_office"])

    response = client.get(reverse("awards:document-download", args=[document.pk]))
    b"".join(response.streaming_content)  # read to the end: the test client closes the file

    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf" in response["Content-Disposition"]


def test_another_units_secretary_cannot_open_it(client, cast, registered, complete_dossier):
    dossier = _draft(complete_dossier, registered)
    document = dossier.documents.first()
    client.force_login(cast["other_secretary"])

    response = client.get(reverse("awards:document-download", args=[document.pk]))

    assert response.status_code == 404


def test_the_unit_removes_a_wrong_file_from_its_draft(client, cast, registered, complete_dossier):
    dossier = _draft(complete_dossier, registered)
    document = dossier.documents.get(kind=DocumentKind.MINUTES)
    client.force_login(cast["secretary"])

    with time_machine.travel(BEFORE, tick=False):
        client.post(reverse("awards:document-remove", args=[dossier.pk, document.pk]))

    assert not DossierDocument.objects.filter(pk=document.pk).exists()
    last = DossierHistory.objects.filter(dossier=dossier).last()
    assert (last.from_state, last.to_state, last.actor) == ("draft", "draft", cast["secretary"])
    assert document.original_name in last.comment


def test_a_submitted_dossiers_file_cannot_be_removed(client, cast, registered, complete_dossier):
    dossier = _draft(complete_dossier, registered)
    with time_machine.travel(BEFORE, tick=False):
        services.dossier_transition(dossier=dossier, to_state="submitted", by=cast["secretary"])
        document = dossier.documents.first()
        client.force_login(cast["secretary"])

        response = client.post(reverse("awards:document-remove", args=[dossier.pk, document.pk]), follow=True)

    assert DossierDocument.objects.filter(pk=document.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "Hồ sơ này đang ở trạng thái “Đã gửi” nên không thể thay đổi nữa."
    ]
