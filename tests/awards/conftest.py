import datetime as dt
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import selectors, services
from awards.enums import DocumentKind
from departments.models import StaffYear
from emulation.enums import RegistrationState
from emulation.models import Registration, RegistrationLine, Title
from tests.factories import StaffFactory, UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2018, 11, 10, 9, 0, tzinfo=HCM)
CLOSES = dt.datetime(2018, 11, 20, 0, 0, tzinfo=HCM)
# One blank A4 page: the smallest PDF core.uploads parses and takes.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def title(code):
    return Title.objects.get(code=code)


def pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def registered(plan_2018, unit):
    """Unit VP registered for TTLĐTT on a sheet the office accepted; returns a helper that adds a
    registered staff member."""
    registration = Registration.objects.create(
        campaign=plan_2018, unit=unit, collective_title=title("TTLDTT"), state=RegistrationState.ACCEPTED
    )

    def _person(code="LDTT", *, grade="HTTNV", is_leader=False, **extra):
        person = StaffFactory(unit=unit, is_leader=is_leader, **extra)
        RegistrationLine.objects.create(registration=registration, staff=person, title=title(code))
        StaffYear.objects.create(staff=person, year=2018, task_grade=grade, months_served=12)
        return person

    return _person


@pytest.fixture
def councillors(db):
    return [UserFactory(username=f"hoidong{i}", is_council_member=True) for i in range(1, 4)]


@pytest.fixture
def complete_dossier(plan_2018, unit, cast, media):
    """A phase-2 dossier with its documents, for the given (staff, title code) nominees."""

    def _make(*nominees, kind="phase", phase=2):
        phase = plan_2018.phases.get(number=phase) if kind == "phase" else None
        data = {
            "kind": kind,
            "phase": phase,
            "meeting_date": dt.date(2018, 11, 5),
            "meeting_present": 10,
            "meeting_total": 12,
        }
        if kind == "ad_hoc":
            data.update(outside_plan=True, achievement="Cứu người trong lũ.")
        dossier = services.dossier_save(by=cast["secretary"], campaign=plan_2018, unit=unit, data=data)
        for kind_code in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
            services.document_attach(dossier=dossier, kind=kind_code, uploaded=pdf(), by=cast["secretary"])
        for staff, code, *evidence in nominees:
            nominee = services.nominee_add(
                dossier=dossier,
                by=cast["secretary"],
                title=title(code),
                staff=staff,
                initiative=(evidence or [None])[0],
            )
            form = selectors.report_form_for(dossier, nominee)
            services.document_attach(
                dossier=dossier, kind=form, uploaded=pdf(), by=cast["secretary"], nominee=nominee
            )
        return dossier

    return _make


def opened_tally(session):
    """What the session's sealed tally holds (awards.secrecy.Tally), opened with the test key."""
    from awards.models import SealedTally
    from awards.secrecy import unseal

    return unseal(SealedTally.objects.get(session=session).sealed, session_pk=session.pk)
