"""Every page, every state, every role, tested by construction (issue 9).

One fixture builds, through the services, one object in each state of each workflow. The test then walks
EVERY URL pattern of the project, collected from the URL conf, so a new URL without a row in `PAGES` fails.
For each (URL × argument set × role) it checks the status against the table, and on every 200 HTML page it
follows every link into the site as the same user: a link that is shown must work. All failures are collected
and reported at once.

The expected statuses follow the rules modules (*/rules.py) and the selectors, with the project's convention
(README, "Layout"): a role without the page gets 403, an object outside the user's scope is a 404, a GET on a
POST-only URL is a 405 and an anonymous visitor is sent to the login page. The administrator is a Django
superuser but holds only the administrator role's permissions (core.permissions.RolePermissionsMixin): no
workflow role unless given one; what they see still goes through the selectors.
"""

import contextlib
import datetime as dt
import hashlib
import logging
import re
import time
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from awards import selectors as award_selectors
from awards import services as awards
from awards.enums import DocumentKind
from awards.enums import DossierState as D
from awards.models import Nominee, SignedPaper
from departments.models import StaffYear
from emulation import services as emulation
from emulation.enums import DeadlineKind
from emulation.enums import RegistrationState as R
from emulation.models import Title
from emulation.services import LineInput
from initiatives import services as initiatives
from initiatives.enums import InitiativeState as S
from initiatives.models import Initiative
from initiatives.services import AuthorInput
from reports.registry import EXPORTERS
from reports.services import export_job_request
from tests.awards.conftest import PDF
from tests.factories import StaffFactory, UnitFactory, UserFactory
from tests.initiatives.conftest import INITIATIVE_DATA

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2018
REGISTERING = dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM)  # before the registration deadline (15/01)
FILING = dt.datetime(2018, 10, 20, 9, 0, tzinfo=HCM)  # before the initiatives deadline (01/11)
NOMINATING = dt.datetime(2018, 11, 5, 9, 0, tzinfo=HCM)  # before the phase-2 nominations deadline (20/11)
VIEWING = dt.datetime(2018, 11, 10, 9, 0, tzinfo=HCM)  # the pages are read here (extensions keep some open)
EXTENDED_TO = dt.datetime(2018, 11, 30, 0, 0, tzinfo=HCM)


# --- The world: one object in each state of each workflow ---------------------------------------------


def _title(code):
    return Title.objects.get(code=code)


def _pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF)


def _report_form_for(dossier, nominee):
    """The achievement report the nominee needs (awards.selectors; formerly awards.services)."""
    report_form_for = getattr(award_selectors, "report_form_for", None) or awards.report_form_for
    return report_form_for(dossier, nominee)


def _minutes_details(session, office):
    """What the minutes need besides the ballot (awards.papers.minutes): without it they are refused."""
    members = list(session.members.order_by("pk"))
    awards.session_minutes_record(
        session=session,
        by=office,
        starts_at=dt.datetime.combine(session.held_on, dt.time(8, 0), tzinfo=HCM),
        ends_at=dt.datetime.combine(session.held_on, dt.time(10, 0), tzinfo=HCM),
        place="Phòng họp Sở",
        chair=members[0],
        chair_position="Giám đốc Sở, Chủ tịch Hội đồng",
        secretary=members[-1],
        secretary_position="Chánh Văn phòng, Ủy viên thư ký",
    )


def _agenda(session):
    return Nominee.objects.filter(dossier__council_session=session)


@pytest.fixture
def world(plan_2018, cast, unit, other_unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = plan_2018
    office, director, secretary = cast["standing_office"], cast["director"], cast["secretary"]
    w = SimpleNamespace(campaign=campaign, cast=cast)

    # Units: VP (the cast's secretary: every workflow's objects), TTRA (the cast's other secretary: no sheet
    # yet), and one unit per other state of the registration sheet, each with its own secretary.
    w.units = {"VP": unit, "TTRA": other_unit}
    w.secretaries = {"VP": secretary, "TTRA": cast["other_secretary"]}
    for code, name in (("TGPL", "Trung tâm Trợ giúp pháp lý"), ("BTTP", "Phòng Bổ trợ tư pháp")):
        w.units[code] = UnitFactory(code=code, name=name)
        w.secretaries[code] = UserFactory(
            username=f"thuky-{code.lower()}", is_secretary=True, unit=w.units[code]
        )
    w.units["HCTP"] = UnitFactory(code="HCTP", name="Phòng Hành chính tư pháp")
    w.secretaries["HCTP"] = UserFactory(username="thuky-hctp", is_secretary=True, unit=w.units["HCTP"])

    vp_staff = [
        StaffFactory(unit=unit, code=f"VP-{i:03d}", full_name=f"Nguyễn Văn Số {i}") for i in range(1, 9)
    ]
    for person in vp_staff:
        StaffYear.objects.create(staff=person, year=YEAR, task_grade="HTTNV", months_served=12)
    w.staff = {"VP": vp_staff[0], "TTRA": StaffFactory(unit=other_unit, code="TTRA-001")}
    StaffYear.objects.create(staff=w.staff["TTRA"], year=YEAR, task_grade="HTTNV", months_served=12)
    w.staff_year = {"VP": vp_staff[0].years.get(year=YEAR), "TTRA": w.staff["TTRA"].years.get(year=YEAR)}

    # Registration sheets: VP accepted, TGPL draft, BTTP submitted, HCTP returned, TTRA not started.
    def sheet(code, people):
        return emulation.registration_save(
            campaign=campaign,
            unit=w.units[code],
            by=w.secretaries[code],
            version=None,
            collective_title=_title("TTLDTT"),
            collective_reward=None,
            commitment="Hoàn thành xuất sắc nhiệm vụ",
            lines=[LineInput(staff=person, title=_title("LDTT")) for person in people],
        )

    def move(registration, to_state, by, comment=""):
        return emulation.registration_transition(
            registration=registration, to_state=to_state, by=by, comment=comment
        )

    with time_machine.travel(REGISTERING, tick=False):
        accepted = sheet("VP", vp_staff)
        move(accepted, R.SUBMITTED, secretary)
        move(accepted, R.ACCEPTED, office)
        sheet("TGPL", [StaffFactory(unit=w.units["TGPL"])])
        move(sheet("BTTP", [StaffFactory(unit=w.units["BTTP"])]), R.SUBMITTED, w.secretaries["BTTP"])
        returned = sheet("HCTP", [StaffFactory(unit=w.units["HCTP"])])
        move(returned, R.SUBMITTED, w.secretaries["HCTP"])
        move(returned, R.RETURNED, office, "Bổ sung bản cam kết")
    w.sheet_units = {
        "accepted": "VP",
        "draft": "TGPL",
        "submitted": "BTTP",
        "returned": "HCTP",
        "none": "TTRA",
    }
    for state, code in w.sheet_units.items():
        sheet_state = (
            campaign.registrations.filter(unit=w.units[code]).values_list("state", flat=True).first()
        )
        assert (sheet_state or "none") == state

    # Initiatives: one per state, each with an attachment; the recognised one has an author from outside
    # the Department. Round 1 is closed (recognised, not recognised), round 2 open (under evaluation).
    council = [cast["initiative_council"]] + [
        UserFactory(username=f"sangkien{i}", is_initiative_council=True) for i in (2, 3)
    ]
    w.initiatives, w.attachments = {}, {}
    with time_machine.travel(FILING, tick=False):
        # The draft and returned sheets stay open to their units after the deadline: an extension each.
        w.extensions = {
            code: emulation.extension_grant(
                deadline=campaign.deadlines.get(kind=DeadlineKind.REGISTRATION),
                unit=w.units[code],
                due_at=EXTENDED_TO,
                reason="Đơn vị mới thành lập",
                by=office,
            )
            for code in ("TGPL", "HCTP")
        }
        for number, state in enumerate(
            [S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_EVALUATION, S.RECOGNISED, S.NOT_RECOGNISED], start=1
        ):
            authors = [AuthorInput(staff=vp_staff[number % len(vp_staff)], share=Decimal(100))]
            if state == S.RECOGNISED:
                authors = [
                    AuthorInput(staff=vp_staff[0], share=Decimal(60)),
                    AuthorInput(
                        staff=None,
                        share=Decimal(40),
                        full_name="Phạm Thị Ngoài Sở",
                        workplace="UBND xã Phước Hải",
                        position="Công chức tư pháp - hộ tịch",
                    ),
                ]
            initiative = initiatives.initiative_save(
                campaign=campaign,
                unit=unit,
                by=secretary,
                data={**INITIATIVE_DATA, "title": f"{INITIATIVE_DATA['title']} ({state})"},
                authors=authors,
            )
            w.attachments[state] = initiatives.initiative_attach(
                initiative=initiative, uploaded=_pdf(f"thuyet-minh-{number}.pdf"), by=secretary
            )
            if state != S.DRAFT:
                initiative = initiatives.initiative_transition(
                    initiative=initiative, to_state=S.SUBMITTED, by=secretary
                )
            if state == S.RETURNED:
                initiative = initiatives.initiative_transition(
                    initiative=initiative, to_state=S.RETURNED, by=office, comment="Bổ sung hiệu quả"
                )
            w.initiatives[state] = initiative
        closed_round = initiatives.round_open(
            campaign=campaign,
            name="Phiên 1",
            members=council,
            initiatives=[w.initiatives[S.RECOGNISED], w.initiatives[S.NOT_RECOGNISED]],
            by=office,
        )
        for member in council:
            for state, yes in ((S.RECOGNISED, True), (S.NOT_RECOGNISED, False)):
                initiatives.score_cast(
                    initiative=Initiative.objects.get(pk=w.initiatives[state].pk),
                    member=member,
                    novelty=8,
                    applicability=7,
                    effect=9,
                    recognise=yes,
                )
        initiatives.round_close(evaluation_round=closed_round, by=office)
        recognised = Initiative.objects.get(pk=w.initiatives[S.RECOGNISED].pk)
        initiatives.initiative_recognise(
            initiative=recognised,
            decision_number="15/QĐ-STP",
            decision_date=dt.date(2018, 10, 19),
            by=director,
        )
        open_round = initiatives.round_open(
            campaign=campaign,
            name="Phiên 2",
            members=council,
            initiatives=[w.initiatives[S.UNDER_EVALUATION]],
            by=office,
        )
        initiatives.score_cast(
            initiative=Initiative.objects.get(pk=w.initiatives[S.UNDER_EVALUATION].pk),
            member=council[1],
            novelty=6,
            applicability=6,
            effect=6,
            recognise=True,
        )
        # VP's draft and returned initiatives stay editable after the 01/11 deadline.
        emulation.extension_grant(
            deadline=campaign.deadlines.get(kind=DeadlineKind.INITIATIVES),
            unit=unit,
            due_at=EXTENDED_TO,
            reason="Chờ xác nhận hiệu quả",
            by=office,
        )
    for state, initiative in w.initiatives.items():
        initiative.refresh_from_db()
        assert initiative.state == state
    w.rounds = {"open": open_round, "closed": closed_round}

    # Dossiers: one per state, each complete (documents attached), in VP. Session 1 is closed (voted,
    # decided), session 2 open (at the council). The decided one carries a decision and a tờ trình.
    members = [cast["council_member"]] + [
        UserFactory(username=f"hoidong{i}", is_council_member=True) for i in (2, 3)
    ]
    w.dossiers, w.documents, w.nominees = {}, {}, {}
    order = [D.DRAFT, D.SUBMITTED, D.RETURNED, D.WITHDRAWN, D.ACCEPTED, D.AT_COUNCIL, D.VOTED, D.DECIDED]
    with time_machine.travel(NOMINATING, tick=False):
        # One dossier per state, all of VP's phase 2: the office allows supplementary dossiers.
        emulation.campaign_rules_update(
            campaign=campaign,
            data={"several_dossiers_per_phase": True},
            reason="Hồ sơ bổ sung",
            by=office,
            version=1,
        )
        campaign.refresh_from_db()
        for number, state in enumerate(order):
            dossier = awards.dossier_save(
                by=secretary,
                campaign=campaign,
                unit=unit,
                data={
                    "kind": "phase",
                    "phase": campaign.phases.get(number=2),
                    "meeting_date": dt.date(2018, 11, 2),
                    "meeting_present": 10,
                    "meeting_total": 12,
                },
            )
            for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
                document = awards.document_attach(
                    dossier=dossier, kind=kind, uploaded=_pdf(f"{kind}-{number}.pdf"), by=secretary
                )
                w.documents.setdefault(state, document)
            titles = ["LDTT", "BK_UBND"] if state == D.DECIDED else ["LDTT"]
            for code in titles:
                nominee = awards.nominee_add(
                    dossier=dossier, by=secretary, title=_title(code), staff=vp_staff[number]
                )
                awards.document_attach(
                    dossier=dossier,
                    kind=_report_form_for(dossier, nominee),
                    uploaded=_pdf(f"bao-cao-{number}-{code}.pdf"),
                    by=secretary,
                    nominee=nominee,
                )
                w.nominees.setdefault(state, nominee)
            if state != D.DRAFT:
                dossier = awards.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=secretary)
            if state == D.RETURNED:
                dossier = awards.dossier_transition(
                    dossier=dossier, to_state=D.RETURNED, by=office, comment="Bổ sung biên bản"
                )
            if state == D.WITHDRAWN:
                dossier = awards.dossier_transition(dossier=dossier, to_state=D.WITHDRAWN, by=secretary)
            if state in (D.ACCEPTED, D.AT_COUNCIL, D.VOTED, D.DECIDED):
                dossier = awards.dossier_transition(dossier=dossier, to_state=D.ACCEPTED, by=office)
            w.dossiers[state] = dossier
        closed_session = awards.session_open(
            campaign=campaign,
            name="Phiên họp Hội đồng tháng 11",
            held_on=dt.date(2018, 11, 5),
            members=members,
            dossiers=[w.dossiers[D.VOTED], w.dossiers[D.DECIDED]],
            by=office,
        )
        _minutes_details(closed_session, office)
        for member in members:
            awards.ballot_cast(
                session=closed_session,
                member=member,
                choices={n.pk: "yes" for n in _agenda(closed_session)},
            )
        awards.session_close(session=closed_session, by=office)
        for nominee in w.dossiers[D.DECIDED].nominees.all():
            awards.nominee_decide(nominee=nominee, approve=True, by=director)
        w.decisions = {
            kind: awards.decision_issue(
                campaign=campaign, kind=kind, issued_on=dt.date(2018, 11, 5), signer="Lê Văn Hòa", by=director
            )
            for kind in ("decision", "submission")
        }
        w.submitted_nominee = w.decisions["submission"].nominees.get()
        # The decision carries a signed copy (its file an unsigned PDF: the page says "cannot be confirmed";
        # tests/awards/test_signed_papers.py signs for real); the tờ trình is not signed.
        w.signed = SignedPaper(
            decision=w.decisions["decision"],
            sha256=hashlib.sha256(PDF).hexdigest(),
            signed_at=dt.datetime(2018, 11, 5, 10, 0, tzinfo=HCM),
            signed_by=director,
            certificate_subject="Common Name: Lê Văn Hòa",
            certificate_serial="1A2B",
            original_name="quyet-dinh-da-ky-so.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=director,
        )
        w.signed.file.save("signed.pdf", ContentFile(PDF))
        open_session = awards.session_open(
            campaign=campaign,
            name="Phiên họp bổ sung",
            held_on=dt.date(2018, 11, 5),
            members=members,
            dossiers=[w.dossiers[D.AT_COUNCIL]],
            by=office,
        )
        _minutes_details(open_session, office)
        awards.ballot_cast(
            session=open_session,
            member=members[1],
            choices={n.pk: "yes" for n in _agenda(open_session)},
        )
    for state, dossier in w.dossiers.items():
        dossier.refresh_from_db()
        assert dossier.state == state
    w.sessions = {"open": open_session, "closed": closed_session}
    for key, item in (*w.sessions.items(), *w.rounds.items()):
        item.refresh_from_db()
        assert item.is_open is (key == "open")

    # Exemplary models (proposed, agreed by the council, selected), reward history rows by hand, and a
    # change of the legal parameters.
    with time_machine.travel(NOMINATING, tick=False):
        w.exemplary = {
            "proposed": awards.exemplary_propose(
                campaign=campaign, unit=unit, staff=vp_staff[1], description="Tiên phong số hóa", by=office
            ),
            "agreed": awards.exemplary_propose(
                campaign=campaign, unit=unit, description="Tập thể tiêu biểu", by=office
            ),
            "selected": awards.exemplary_propose(
                campaign=campaign, unit=unit, staff=vp_staff[2], description="Gương người tốt", by=office
            ),
        }
        for key in ("agreed", "selected"):
            awards.exemplary_council_agrees(model=w.exemplary[key], agreed_on=dt.date(2018, 11, 5), by=office)
        awards.exemplary_select(model=w.exemplary["selected"], by=director)
        awards.reward_record_add(
            by=office, year=2016, title=_title("LDTT"), decision_number="30/QĐ-STP", staff=vp_staff[0]
        )
        awards.reward_record_add(
            by=office, year=2017, title=_title("TTLDTT"), decision_number="31/QĐ-STP", unit=unit
        )
        emulation.campaign_rules_update(
            campaign=campaign,
            data={"quota_rounding": "ceil"},
            reason="Theo hướng dẫn của Sở Nội vụ",
            by=office,
            version=2,
        )
        # Issue 11, regimes and reference data: a ranked bloc and one set of reward criteria.
        w.bloc = emulation.bloc_save(
            campaign=campaign,
            bloc=None,
            name="Khối các cơ quan nội chính",
            kind="bloc",
            note="",
            members=[emulation.MemberInput(unit=unit, rank=1)],
            by=office,
        )
        w.criteria = emulation.criteria_save(
            criteria=None,
            data={
                "title": _title("GK_GD"),
                "subject": "individual",
                "valid_from": dt.date(2018, 1, 1),
                "decision_number": "12/2017/QĐ-UBND",
                "text": "Hoàn thành tốt nhiệm vụ.",
            },
            by=office,
        )
        # Package "evidence and holds" (issue 11): a research result of VP, a hold and a discipline period.
        w.research = {
            "VP": initiatives.research_save(
                by=office,
                campaign=campaign,
                unit=unit,
                data={
                    "title": "Đề tài trợ giúp pháp lý",
                    "kind": "topic",
                    "level": "base",
                    "acceptance_decision_number": "45/QĐ-STP",
                    "accepted_on": dt.date(2018, 9, 20),
                    "applied": True,
                    "application_note": "Áp dụng tại Văn phòng",
                },
                authors=[AuthorInput(staff=vp_staff[0], share=Decimal(100))],
            )
        }
        w.holds = {
            "open": awards.hold_add(
                by=office,
                staff=vp_staff[3],
                kind="complaint",
                reason="Đơn tố cáo",
                starts_on=dt.date(2018, 11, 1),
            )
        }
        awards.discipline_period_add(
            by=office,
            staff=vp_staff[4],
            level="reprimand",
            decision_number="12/QĐ-STP",
            starts_on=dt.date(2018, 3, 1),
            ends_on=dt.date(2019, 3, 1),
        )
        # A finished background export of the standing office (no broker: it runs at once).
        w.export_job = export_job_request(
            owner=office,
            exporter=EXPORTERS["targets"],
            campaign=plan_2018,
            unit=None,
            fmt="xlsx",
            on_date=None,
        )
    return w


# --- The expected statuses -------------------------------------------------------------------------------

ROLES = (
    "anonymous",
    "secretary",  # the secretary of the object's unit (of VP for pages that belong to no unit)
    "other_secretary",  # a secretary of another unit
    "standing_office",
    "council_member",
    "initiative_council",
    "director",
    "administrator",
)
LOGIN = 302


def expect(default, **statuses):
    """Every logged-in role gets `default` unless named; the anonymous visitor goes to the login page."""
    unknown = set(statuses) - set(ROLES)
    assert not unknown, unknown
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], default), **statuses}


EVERYONE = expect(200)
POST_ONLY = expect(405)
NOT_FOUND = expect(404)
# emulation.change_campaign, copy_campaign
OFFICE = expect(403, standing_office=200, administrator=200)
# emulation.manage_extensions, initiatives.manage_rounds: workflow roles the administrator does not hold
EXTENSIONS = expect(403, standing_office=200)
# emulation.view_registration_overview, awards.view_eligibility
OVERSIGHT = expect(403, standing_office=200, director=200, administrator=200)
# a background export's pages (reports.views): its owner's only
JOB_OWNER = expect(404, standing_office=200)
# departments.view_unit_list, no object
UNIT_READERS = expect(200, council_member=403, initiative_council=403)
# departments.view_unit_list, then units_visible_to / staff_visible_to
UNIT_RECORD = expect(200, other_secretary=404, council_member=403, initiative_council=403)
# departments.add_staff_to_unit / change_staff_record
UNIT_WRITE = expect(403, secretary=200, other_secretary=404, standing_office=200, administrator=200)
# emulation.view_registration; council members have no registration page: 403, not 404 (judgement call)
REGISTRATION_SHEET = expect(200, other_secretary=404, council_member=403, initiative_council=403)
# initiatives.view_initiative_list
INITIATIVE_READERS = expect(200, council_member=403)
# a secretary files for her unit, the standing office for any (initiative_create)
INITIATIVE_CREATE = expect(403, secretary=200, other_secretary=200, standing_office=200)
# rounds_visible_to: the office, the Director, the round's members
ROUND_PAGE = expect(
    404, standing_office=200, director=200, administrator=200, initiative_council=200, council_member=403
)
# awards.view_dossier_list
DOSSIER_READERS = expect(200, initiative_council=403)
# awards.edit_dossier_of_unit on the user's own unit
DOSSIER_CREATE = expect(403, secretary=200, other_secretary=200)
# sessions_visible_to: the office, the Director, the session's members
SESSION_PAGE = expect(
    404, standing_office=200, director=200, administrator=200, council_member=200, initiative_council=403
)


# awards.view_eligibility, then a refusal sent back to the decision page, or an unknown format
REFUSED_TO_OVERSIGHT = expect(403, standing_office=302, director=302, administrator=302)
NOT_FOUND_TO_OVERSIGHT = expect(403, standing_office=404, director=404, administrator=404)


def _certified(world):
    """An awardee of the decision whose title has a certificate."""
    return world.decisions["decision"].nominees.exclude(title__certificate="").first()


def initiative_page(council_sees):
    """initiatives_visible_to: all for the office and the Director; the unit; a round's members."""
    return expect(
        200, other_secretary=404, council_member=403, initiative_council=200 if council_sees else 404
    )


def initiative_edit(council_sees, editable):
    """initiatives.edit_initiative: the unit's secretary and the standing office (after the visibility);
    an initiative that can no longer be changed sends them to its page (302) instead of a form."""
    editor = 200 if editable else 302
    return expect(
        403,
        secretary=editor,
        other_secretary=404,
        standing_office=editor,
        initiative_council=403 if council_sees else 404,
    )


def dossier_page(council_sees):
    """dossiers_visible_to: all for the office and the Director; the unit; a session's members."""
    return expect(
        200, other_secretary=404, initiative_council=403, council_member=200 if council_sees else 404
    )


def dossier_edit(council_sees, editable):
    """awards.edit_dossier: the unit's secretary only (after the visibility); a dossier that can no longer
    be changed sends her to its page (302) instead of a form."""
    return expect(
        403,
        secretary=200 if editable else 302,
        other_secretary=404,
        council_member=403 if council_sees else 404,
    )


@dataclass
class Case:
    args: tuple
    expected: dict
    owner: str = "VP"  # the unit whose secretary is "secretary"
    query: str = ""
    label: str = ""


INITIATIVE_STATES = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_EVALUATION, S.RECOGNISED, S.NOT_RECOGNISED]
IN_A_ROUND = {S.UNDER_EVALUATION, S.RECOGNISED, S.NOT_RECOGNISED}
DOSSIER_STATES = [D.DRAFT, D.SUBMITTED, D.RETURNED, D.WITHDRAWN, D.ACCEPTED, D.AT_COUNCIL, D.VOTED, D.DECIDED]
AT_A_SESSION = {D.AT_COUNCIL, D.VOTED, D.DECIDED}
UNITS = ["VP", "TTRA", "TGPL", "BTTP", "HCTP"]
REPORTS = {
    "registrations": OVERSIGHT,
    # reports.registry.Exporter.allowed: a unit-scoped report needs a unit when the user sees only her own,
    # so the councils (no unit) have no such page
    "initiatives": expect(200, council_member=403, initiative_council=403),
    "nominations": expect(200, initiative_council=403, council_member=403),
    "decisions": OVERSIGHT,
    "targets": OVERSIGHT,
    "statistics": OVERSIGHT,
}


def per_sheet(expected):
    return lambda w: [
        Case((YEAR, code), expected, owner=code, label=state) for state, code in w.sheet_units.items()
    ]


def per_initiative(expected):
    return lambda w: [Case((w.initiatives[s].pk,), expected(s), label=s) for s in INITIATIVE_STATES]


def per_dossier(expected, *extra):
    def cases(w):
        return [
            Case((w.dossiers[s].pk, *(getattr(w, name)[s].pk for name in extra)), expected(s), label=s)
            for s in DOSSIER_STATES
        ]

    return cases


def per_pair(collection, expected, *before):
    """One case per object of `collection` ({label: object}), its pk after the fixed `before` arguments."""
    return lambda w: [
        Case((*before, item.pk), expected, label=key) for key, item in getattr(w, collection).items()
    ]


def single(expected, *args):
    return lambda w: [Case(tuple(a(w) if callable(a) else a for a in args), expected)]


# URL name -> (world -> the argument sets to try, each with its expected status per role).
PAGES = {
    "home": single(EVERYONE),
    # emulation
    "emulation:campaign-list": single(EVERYONE),
    "emulation:campaign-detail": lambda w: [
        Case((YEAR,), EVERYONE),
        Case((2099,), NOT_FOUND, label="no such year"),
    ],
    "emulation:campaign-update": single(OFFICE, YEAR),
    "emulation:deadline-edit": single(OFFICE, YEAR),
    "emulation:campaign-rules": single(EVERYONE, YEAR),
    "emulation:campaign-copy": single(OFFICE, YEAR),
    "emulation:registration-overview": single(OVERSIGHT, YEAR),
    "emulation:registrations-sent": single(POST_ONLY, YEAR),
    "emulation:registration-sheet": per_sheet(REGISTRATION_SHEET),
    "emulation:registration-submit": per_sheet(POST_ONLY),
    "emulation:registration-withdraw": per_sheet(POST_ONLY),
    "emulation:registration-return": per_sheet(POST_ONLY),
    "emulation:registration-accept": per_sheet(POST_ONLY),
    "emulation:extension-list": single(EXTENSIONS, YEAR),
    "emulation:extension-revoke": lambda w: [
        Case((YEAR, e.pk), POST_ONLY, owner=code) for code, e in w.extensions.items()
    ],
    # Issue 11, regimes and reference data: blocs (the standing office edits), criteria, bonuses, the
    # unit's own grade (departments.grade_unit: the standing office, POST only).
    "emulation:bloc-list": single(EVERYONE, YEAR),
    "emulation:bloc-create": single(EXTENSIONS, YEAR),
    "emulation:bloc-update": lambda w: [
        Case((YEAR, w.bloc.pk), EXTENSIONS),
        Case((YEAR, 999999), expect(403, standing_office=404), label="no such bloc"),
    ],
    "emulation:bloc-delete": lambda w: [Case((YEAR, w.bloc.pk), POST_ONLY)],
    "emulation:criteria-list": single(EVERYONE),
    "emulation:criteria-create": single(EXTENSIONS),
    "emulation:criteria-update": lambda w: [Case((w.criteria.pk,), EXTENSIONS)],
    "emulation:bonus-reference": single(EVERYONE),
    # Issue 10: the texts of the papers (emulation.manage_paper_templates).
    "emulation:papertemplate-list": single(OFFICE),
    "emulation:papertemplate-edit": lambda w: [
        Case(("decision-article-1",), OFFICE),
        Case(("submission-closing",), OFFICE),
        Case(("no-such-kind",), expect(403, standing_office=404, administrator=404), label="no such kind"),
    ],
    "departments:unit-year-grade": lambda w: [Case((code, YEAR), POST_ONLY) for code in UNITS],
    # initiatives
    "initiatives:initiative-list": single(INITIATIVE_READERS),
    "initiatives:initiative-create": single(INITIATIVE_CREATE),
    "initiatives:initiative-detail": per_initiative(lambda s: initiative_page(s in IN_A_ROUND)),
    "initiatives:initiative-update": per_initiative(
        lambda s: initiative_edit(s in IN_A_ROUND, editable=s in (S.DRAFT, S.RETURNED))
    ),
    "initiatives:initiative-submit": per_initiative(lambda s: POST_ONLY),
    "initiatives:initiative-return": per_initiative(lambda s: POST_ONLY),
    "initiatives:attachment-upload": per_initiative(lambda s: POST_ONLY),
    "initiatives:attachment-download": lambda w: [
        Case((w.attachments[s].pk,), initiative_page(s in IN_A_ROUND), label=s) for s in INITIATIVE_STATES
    ],
    "initiatives:initiative-score": per_initiative(lambda s: POST_ONLY),
    "initiatives:initiative-recognise": per_initiative(lambda s: POST_ONLY),
    "initiatives:initiative-provincial": per_initiative(lambda s: POST_ONLY),
    "initiatives:round-list": single(INITIATIVE_READERS),
    "initiatives:member-list": single(EXTENSIONS),
    "initiatives:member-link": lambda w: [
        Case((m.pk,), POST_ONLY, label=m.username) for m in w.rounds["open"].members.all()
    ],
    "initiatives:round-detail": per_pair("rounds", ROUND_PAGE),
    "initiatives:round-close": per_pair("rounds", POST_ONLY),
    # issue 10, the initiative papers: the application for everyone who sees the initiative (every state,
    # a paper only in PDF and Word); the recognition decision for the Director and the standing office,
    # refused back to the round's page (302) without a signer or while the round is open
    "initiatives:initiative-application": lambda w: [
        *(
            Case((w.initiatives[s].pk, fmt), initiative_page(s in IN_A_ROUND), label=s)
            for s in INITIATIVE_STATES
            for fmt in ("pdf", "docx")
        ),
        Case(
            (w.initiatives[S.DRAFT].pk, "odt"),
            expect(404, council_member=403),
            label="unknown format",
        ),
    ],
    "initiatives:round-recognition": lambda w: [
        *(
            Case(
                (w.rounds["closed"].pk, fmt),
                expect(403, standing_office=200, director=200),
                query="signer=Nguyen+Van+Ky",
                label=fmt,
            )
            for fmt in ("pdf", "docx", "xlsx")
        ),
        Case(
            (w.rounds["closed"].pk, "pdf"), expect(403, standing_office=302, director=302), label="no signer"
        ),
        Case(
            (w.rounds["open"].pk, "pdf"),
            expect(403, standing_office=302, director=302),
            query="signer=Nguyen+Van+Ky",
            label="open round",
        ),
    ],
    # issue 11, package "evidence and holds": research results, holds and discipline periods
    "initiatives:research-list": single(UNIT_READERS),
    "initiatives:research-create": single(EXTENSIONS),
    "initiatives:research-detail": per_pair("research", UNIT_RECORD),
    "initiatives:research-update": per_pair(
        "research", expect(403, other_secretary=404, standing_office=200)
    ),
    "awards:hold-list": single(UNIT_READERS),
    "awards:hold-lift": per_pair("holds", POST_ONLY),
    "awards:discipline-create": single(POST_ONLY),
    # notifications (issue 13): each user's own list; the wording is the standing office's; the reminders'
    # log is read by the office, the Director and the administrator
    "notifications:notification-list": single(EVERYONE),
    "notifications:notification-read": single(POST_ONLY, 1),
    "notifications:notification-read-all": single(POST_ONLY),
    "notifications:template-list": single(EXTENSIONS),
    "notifications:template-edit": lambda w: [
        Case(("registration_returned",), EXTENSIONS),
        Case(("no-such-kind",), expect(403, standing_office=404), label="unknown kind"),
    ],
    "notifications:template-reset": single(POST_ONLY, "registration_returned"),
    "notifications:reminder-list": single(OVERSIGHT),
    # reports
    # reports: asked for by POST (a background job, tests/reports/test_export_jobs.py has the access matrix);
    # a job and its file are its owner's (the standing office's here), anyone else's is a 404
    "reports:export": lambda w: [Case((YEAR, name, "xlsx"), POST_ONLY, label=name) for name in REPORTS],
    "reports:job-detail": single(JOB_OWNER, lambda w: w.export_job.pk),
    "reports:job-status": single(JOB_OWNER, lambda w: w.export_job.pk),
    "reports:job-file": single(JOB_OWNER, lambda w: w.export_job.pk),
    "reports:job-retry": single(POST_ONLY, lambda w: w.export_job.pk),
    # awards: reward history, eligibility, targets, exemplary models
    "awards:reward-search": lambda w: [Case((), UNIT_READERS), Case((), UNIT_READERS, query="q=nguyen")],
    "awards:staff-rewards": lambda w: [Case((s.pk,), UNIT_RECORD, owner=code) for code, s in w.staff.items()],
    "awards:unit-rewards": lambda w: [Case((code,), UNIT_RECORD, owner=code) for code in UNITS],
    "awards:staff-rewards-file": lambda w: [
        Case((s.pk, fmt), UNIT_RECORD, owner=code) for code, s in w.staff.items() for fmt in ("xlsx", "pdf")
    ],
    "awards:unit-rewards-file": lambda w: [
        Case((code, fmt), UNIT_RECORD, owner=code) for code in UNITS for fmt in ("xlsx", "pdf")
    ],
    "awards:eligibility-overview": lambda w: [
        Case((YEAR,), OVERSIGHT),
        *(Case((YEAR,), UNIT_RECORD, owner=code, query=f"unit={code}") for code in UNITS),
    ],
    "awards:targets-dashboard": single(OVERSIGHT, YEAR),
    "awards:exemplary-list": single(OVERSIGHT, YEAR),
    "awards:exemplary-agree": per_pair("exemplary", POST_ONLY, YEAR),
    "awards:exemplary-select": per_pair("exemplary", POST_ONLY, YEAR),
    # awards: dossiers
    "awards:dossier-list": single(DOSSIER_READERS),
    "awards:dossier-create": single(DOSSIER_CREATE),
    "awards:dossier-detail": per_dossier(lambda s: dossier_page(s in AT_A_SESSION)),
    "awards:dossier-update": per_dossier(
        lambda s: dossier_edit(s in AT_A_SESSION, editable=s in (D.DRAFT, D.RETURNED))
    ),
    "awards:nominee-add": per_dossier(lambda s: POST_ONLY),
    "awards:nominee-remove": per_dossier(lambda s: POST_ONLY, "nominees"),
    "awards:nominee-override": per_dossier(lambda s: POST_ONLY, "nominees"),
    "awards:nominee-decide": per_dossier(lambda s: POST_ONLY, "nominees"),
    "awards:nominee-reconsider": per_dossier(lambda s: POST_ONLY, "nominees"),
    # issue 10: the nominee's achievement report form, for everyone who sees the dossier
    "awards:nominee-report": lambda w: [
        *(
            Case((w.dossiers[s].pk, w.nominees[s].pk, "docx"), dossier_page(s in AT_A_SESSION), label=s)
            for s in DOSSIER_STATES
        ),
        Case((w.dossiers[D.DRAFT].pk, w.nominees[D.DRAFT].pk, "pdf"), dossier_page(False), label="pdf"),
    ],
    "awards:document-upload": per_dossier(lambda s: POST_ONLY),
    "awards:document-remove": per_dossier(lambda s: POST_ONLY, "documents"),
    "awards:document-download": lambda w: [
        Case((w.documents[s].pk,), dossier_page(s in AT_A_SESSION), label=s) for s in DOSSIER_STATES
    ],
    "awards:dossier-submit": per_dossier(lambda s: POST_ONLY),
    "awards:dossier-withdraw": per_dossier(lambda s: POST_ONLY),
    "awards:dossier-return": per_dossier(lambda s: POST_ONLY),
    "awards:dossier-accept": per_dossier(lambda s: POST_ONLY),
    # awards: the council
    "awards:session-list": single(DOSSIER_READERS),
    "awards:session-detail": per_pair("sessions", SESSION_PAGE),
    "awards:ballot-cast": per_pair("sessions", POST_ONLY),
    "awards:session-close": per_pair("sessions", POST_ONLY),
    "awards:session-attendance": per_pair("sessions", POST_ONLY),
    "awards:session-minutes": lambda w: [
        *(
            Case((s.pk, fmt), SESSION_PAGE, label=key)
            for key, s in w.sessions.items()
            for fmt in ("pdf", "docx", "xlsx")
        ),
        Case((w.sessions["closed"].pk, "odt"), expect(404, initiative_council=403), label="unknown format"),
    ],
    "awards:session-ballot-form": lambda w: [
        *(
            Case((s.pk, fmt), SESSION_PAGE, label=key)
            for key, s in w.sessions.items()
            for fmt in ("pdf", "docx")
        ),
        Case((w.sessions["closed"].pk, "xlsx"), expect(404, initiative_council=403), label="no workbook"),
    ],
    "awards:session-minutes-details": per_pair("sessions", POST_ONLY),
    # awards: decisions
    "awards:decision-list": single(OVERSIGHT),
    "awards:decision-detail": per_pair("decisions", OVERSIGHT),
    "awards:decision-sign": per_pair("decisions", POST_ONLY),
    # The tờ trình is not signed: its page says so (back to it with a message).
    "awards:decision-signed-file": lambda w: [
        Case((w.decisions["decision"].pk,), OVERSIGHT, label="signed"),
        Case(
            (w.decisions["submission"].pk,),
            expect(403, standing_office=302, director=302, administrator=302),
            label="not signed",
        ),
    ],
    # Public: what a signed paper's QR code opens, for anyone, logged in or not.
    "verify": lambda w: [
        Case((w.signed.token,), expect(200, anonymous=200)),
        Case(("khong-co-ma-nay",), expect(404, anonymous=404), label="unknown token"),
    ],
    "awards:decision-file": lambda w: [
        *(
            Case((d.pk, fmt), OVERSIGHT, label=kind)
            for kind, d in w.decisions.items()
            for fmt in ("pdf", "docx", "xlsx")
        ),
        Case(
            (w.decisions["decision"].pk, "odt"),
            expect(403, standing_office=404, director=404, administrator=404),
            label="unknown format",
        ),
    ],
    "awards:higher-result": lambda w: [Case((w.submitted_nominee.pk,), POST_ONLY)],
    # awards: certificates (a refusal goes back to the decision page with its reason)
    "awards:certificate-batch": lambda w: [
        *(Case((w.decisions["decision"].pk, fmt), OVERSIGHT, label=fmt) for fmt in ("pdf", "docx")),
        Case((w.decisions["submission"].pk, "pdf"), REFUSED_TO_OVERSIGHT, label="submission: refused"),
        Case((w.decisions["decision"].pk, "xlsx"), NOT_FOUND_TO_OVERSIGHT, label="unknown format"),
    ],
    "awards:certificate-file": lambda w: [
        *(
            Case((w.decisions["decision"].pk, _certified(w).pk, fmt), OVERSIGHT, label=fmt)
            for fmt in ("pdf", "docx")
        ),
        Case(
            (w.decisions["decision"].pk, w.submitted_nominee.pk, "pdf"),
            REFUSED_TO_OVERSIGHT,
            label="not awarded by it: refused",
        ),
    ],
    # the audit trail (core.view_audit_trail)
    "audit:entry-list": lambda w: [
        Case((), OFFICE),
        Case((), OFFICE, query="kind=login&date_from=01/11/2018"),
    ],
    "audit:entry-export": single(OFFICE),
    # accounts
    "password_change": single(EVERYONE),
    "password_change_done": single(EVERYONE),
    "accounts:lock-list": single(OFFICE),
    # two-factor sign-in: off in the tests (tests/settings.py), so the code pages send everyone on
    "otp-verify": single(expect(302)),
    "otp-setup": single(expect(302)),
    "accounts:lock-release": single(POST_ONLY),
    # departments
    "departments:unit-list": single(UNIT_READERS),
    "departments:unit-detail": lambda w: [Case((code,), UNIT_RECORD, owner=code) for code in UNITS],
    "departments:staff-create": lambda w: [Case((code,), UNIT_WRITE, owner=code) for code in UNITS],
    "departments:staff-detail": lambda w: [
        Case((s.pk,), UNIT_RECORD, owner=code) for code, s in w.staff.items()
    ],
    "departments:staff-update": lambda w: [
        Case((s.pk,), UNIT_WRITE, owner=code) for code, s in w.staff.items()
    ],
    "departments:staffyear-create": lambda w: [
        Case((s.pk,), UNIT_WRITE, owner=code) for code, s in w.staff.items()
    ],
    "departments:unit-years": lambda w: [Case((code, YEAR), UNIT_WRITE, owner=code) for code in UNITS],
    "departments:unit-years-file": lambda w: [Case((code, YEAR), UNIT_WRITE, owner=code) for code in UNITS],
    "departments:unit-years-import": lambda w: [Case((code, YEAR), POST_ONLY) for code in UNITS],
    "departments:staffyear-update": lambda w: [
        Case((y.staff_id, y.year), UNIT_WRITE, owner=code) for code, y in w.staff_year.items()
    ],
    # departments: the organisation over time (issue 11)
    "departments:staff-move": lambda w: [Case((s.pk,), POST_ONLY) for s in w.staff.values()],
    "departments:department-periods": single(EVERYONE),
    # departments: the staff list from Excel (issue 13, departments.import_staff)
    "departments:staff-import": single(OFFICE),
    "departments:staff-import-template": single(OFFICE),
}

# Not walked: the Django admin (its own pages and permissions), log in / log out (they change the session
# that the walk runs in; the login page is where every anonymous request must land), and the password reset
# pages, which answer the anonymous visitor 200.
EXCLUDED_PREFIXES = ("admin/",)
EXCLUDED_NAMES = {
    "login",
    "logout",
    # For visitors who are not logged in (tests/test_accounts.py walks them).
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def url_names() -> list[str]:
    """Every URL pattern's full name (namespace:name), recursively through the includes."""
    names, unnamed = [], []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    unnamed.append(route)
                elif pattern.name not in EXCLUDED_NAMES:
                    names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "", "")
    assert not unnamed, f"URL patterns without a name cannot be in the table: {unnamed}"
    return names


# --- The walk --------------------------------------------------------------------------------------------


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


def internal_links(page_url: str, html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    # MEDIA_URL is "/" when unset (uploads are served by views, through the selectors): skip it only when set.
    skipped = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p != "/") + (reverse("logout"),)
    links = []
    for href in parser.hrefs:
        href = href.strip()
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(urljoin("http://testserver" + page_url, href))
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        if parts.path.startswith(skipped):
            continue
        link = parts.path + (f"?{parts.query}" if parts.query else "")
        if link not in links:
            links.append(link)
    return links


@contextlib.contextmanager
def _quiet(logger):
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _error_summary(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    import traceback

    frame = traceback.extract_tb(exc_info[2])[-1]
    return f" [{exc_info[0].__name__}: {exc_info[1]} at {frame.filename.split('/main/')[-1]}:{frame.lineno}]"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
# style-src is 'self' too: no <style> element, no style attribute.
INLINE_STYLE = re.compile(r"<style[\s>]|<[^>]*\sstyle\s*=", re.IGNORECASE)


def csp_problems(response) -> list[str]:
    """What breaks the Content Security Policy on an HTML page: no header, inline script, handler or style."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    problems = []
    policy = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in policy or "unsafe-inline" in policy:
        problems.append(f"Content-Security-Policy header is {policy!r}")
    html = response.content.decode()
    problems += [f"inline script {m.group(0)!r}" for m in INLINE_SCRIPT.finditer(html)]
    problems += [f"inline event handler {m.group(0)[-60:]!r}" for m in EVENT_HANDLER.finditer(html)]
    problems += [f"inline style {m.group(0)[-60:]!r}" for m in INLINE_STYLE.finditer(html)]
    return problems


def user_for(world, role, owner):
    """The user who plays `role` for a page of unit `owner` (None: the anonymous visitor)."""
    if role == "anonymous":
        return None
    if role == "secretary":
        return world.secretaries[owner]
    if role == "other_secretary":
        return world.secretaries["TTRA" if owner != "TTRA" else "VP"]
    return world.cast[role]


def test_every_page_every_state_every_role(world):
    started = time.monotonic()
    failures, stats = [], {"cases": 0, "links": 0}
    names = url_names()

    missing = sorted(set(names) - set(PAGES))
    stale = sorted(set(PAGES) - set(names))
    failures += [f"URL {name} has no row in PAGES: add its argument sets and statuses" for name in missing]
    failures += [f"PAGES row {name} matches no URL pattern" for name in stale]

    clients: dict[str, Client] = {}

    def client_for(user):
        key = user.username if user else ""
        if key not in clients:
            clients[key] = Client(raise_request_exception=False)
            if user is not None:
                clients[key].force_login(user)
        return clients[key]

    def label(role, user):
        return f"{role}({user.username})" if role in ("secretary", "other_secretary") else role

    cache = {}

    def get(user, url):
        key = (user.username if user else "", url)
        if key not in cache:
            response = client_for(user).get(url)
            if response.streaming:
                # Read a file response to its end: the test client then closes it (and the file) without
                # firing request_finished, which would close the test's database connection.
                b"".join(response.streaming_content)
            cache[key] = response
        return cache[key]

    def check_link(who, user, page, link):
        stats["links"] += 1
        response, seen = get(user, link), [link]
        while response.status_code in (301, 302) and len(seen) < 5:
            seen.append(response["Location"])
            response = get(user, urljoin(seen[-2], response["Location"]))
        if response.status_code != 200:
            chain = " -> ".join(seen)
            failures.append(
                f"{who} on {page}: link {chain} -> {response.status_code}{_error_summary(response)}"
            )

    checked_links = set()
    # 403s and 404s are expected by the hundred: keep django.request's warnings out of the report (a 500
    # is reported below, with its exception).
    request_log = logging.getLogger("django.request")
    with time_machine.travel(VIEWING, tick=False), _quiet(request_log):
        for name in sorted(set(names) & set(PAGES)):
            for case in PAGES[name](world):
                url = reverse(name, args=case.args) + (f"?{case.query}" if case.query else "")
                for role in ROLES:
                    stats["cases"] += 1
                    user = user_for(world, role, case.owner)
                    who = label(role, user)
                    expected = case.expected[role]
                    response = get(user, url)
                    status = response.status_code
                    suffix = f"  [{name} {case.label}]" if case.label else f"  [{name}]"
                    failures += [f"{who} GET {url}: {problem}{suffix}" for problem in csp_problems(response)]
                    if status >= 500:
                        error = _error_summary(response)
                        failures.append(f"{who} GET {url} -> {status} (expected {expected}){error}{suffix}")
                        continue
                    if status != expected:
                        failures.append(f"{who} GET {url} -> {status} (expected {expected}){suffix}")
                        continue
                    if role == "anonymous":
                        # A public page (the verification page) answers; every other one sends to the login.
                        if status == LOGIN and not response["Location"].startswith(
                            resolve_url(settings.LOGIN_URL)
                        ):
                            failures.append(
                                f"{who} GET {url} -> 302 to {response['Location']}, not the login"
                            )
                        continue
                    if status != 200 or not response.get("Content-Type", "").startswith("text/html"):
                        continue
                    for link in internal_links(url, response.content.decode()):
                        if (user.username, url, link) in checked_links:
                            continue
                        checked_links.add((user.username, url, link))
                        check_link(who, user, url, link)

    elapsed = time.monotonic() - started
    summary = (
        f"{len(names)} URL patterns, {stats['cases']} (url, args, role) cases, "
        f"{stats['links']} links checked ({len(cache)} distinct requests) in {elapsed:.0f}s"
    )
    print(summary)
    assert not failures, f"{len(failures)} failures ({summary}):\n" + "\n".join(failures)
