"""At 390 px (a phone), the registration sheet, the ballot and the dossier page fit the screen: no page
scrolls sideways; wide tables stack their rows."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from awards import services as awards
from awards.enums import DocumentKind
from emulation.models import Registration, RegistrationLine, Title
from tests.awards.conftest import BEFORE, pdf
from tests.factories import StaffFactory, UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_pages_fit_a_phone(
    transactional_db, plan_2018, cast, staff, unit, phone, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    for _ in range(3):
        StaffFactory(unit=unit, full_name="Nguyễn Thị Phương Thảo Hoàng Anh", position="Chuyên viên chính")
    registration = Registration.objects.create(
        campaign=plan_2018, unit=unit, collective_title=Title.objects.get(code="TTLDTT")
    )
    RegistrationLine.objects.create(
        registration=registration, staff=staff, title=Title.objects.get(code="LDTT")
    )
    members = [
        cast["council_member"],
        *(UserFactory(username=f"hd{i}", is_council_member=True) for i in (2, 3)),
    ]
    with time_machine.travel(BEFORE, tick=False):
        dossier = awards.dossier_save(
            by=cast["secretary"],
            campaign=plan_2018,
            unit=unit,
            data={
                "kind": "ad_hoc",
                "meeting_date": dt.date(2018, 11, 5),
                "outside_plan": True,
                "achievement": "x",
            },
        )
        for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
            awards.document_attach(dossier=dossier, kind=kind, uploaded=pdf(), by=cast["secretary"])
        nominee = awards.nominee_add(
            dossier=dossier, by=cast["secretary"], title=Title.objects.get(code="GK_GD"), staff=staff
        )
        awards.document_attach(
            dossier=dossier,
            kind=DocumentKind.REPORT_AD_HOC,
            uploaded=pdf(),
            by=cast["secretary"],
            nominee=nominee,
        )
        awards.dossier_transition(dossier=dossier, to_state="submitted", by=cast["secretary"])
        awards.dossier_transition(dossier=dossier, to_state="accepted", by=cast["standing_office"])
        session = awards.session_open(
            campaign=plan_2018,
            name="Phiên họp",
            held_on=dt.date(2018, 11, 10),
            members=members,
            dossiers=[dossier],
            by=cast["standing_office"],
        )

    widths = {}
    page = login("thuky")
    page.goto(f"{live_server.url}/campaigns/2018/registrations/{unit.code}/")
    expect(page.get_by_test_id("registration-lines")).to_be_visible()
    widths["registration sheet"] = page_width(page)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    expect(page.get_by_test_id("nominees")).to_be_visible()
    widths["dossier"] = page_width(page)
    page.context.clear_cookies()  # log out: the menu is folded at this width
    page = login("hoidong")
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    expect(page.get_by_test_id("ballot")).to_be_visible()
    widths["ballot"] = page_width(page)

    assert widths == dict.fromkeys(widths, PHONE["width"])
