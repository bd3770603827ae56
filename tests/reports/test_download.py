"""One download view for every report of the registry, with the same permission the pages show."""

import pytest
from django.urls import reverse

from reports.registry import EXPORTERS


@pytest.mark.parametrize("identifier", sorted(EXPORTERS))
@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_standing_office_downloads_every_report(client, cast, plan_2018, identifier, fmt):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("reports:download", args=[2018, identifier, fmt]))

    assert response.status_code == 200
    name = EXPORTERS[identifier].filename(2018, fmt)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content[:4] == (b"PK\x03\x04" if fmt == "xlsx" else b"%PDF")


def test_a_secretary_gets_her_units_part_of_a_unit_scoped_report(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    response = client.get(reverse("reports:download", args=[2018, "nominations", "xlsx"]))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2018-VP.xlsx"')


def test_a_council_member_without_a_unit_neither_sees_nor_gets_the_list(client, cast, plan_2018):
    client.force_login(cast["council_member"])

    page = client.get(reverse("awards:dossier-list"))
    response = client.get(reverse("reports:download", args=[2018, "nominations", "xlsx"]))

    assert page.context["downloadable"]["nominations"] is False
    assert "download-nominations-xlsx" not in page.content.decode()
    assert response.status_code == 403


def test_an_unknown_report_or_format_is_404(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    assert client.get(reverse("reports:download", args=[2018, "nope", "pdf"])).status_code == 404
    assert client.get(reverse("reports:download", args=[2018, "targets", "odt"])).status_code == 404
