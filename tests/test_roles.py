"""An administrator is not the Director (issue 15).

The `quantri` account is a Django superuser, and Django grants an active superuser every permission: it
approved nominees, issued a decision, closed a ballot and a round and edited other units' dossiers. The
workflow's permissions (those `rules` defines) now follow the roles a user holds, never `is_superuser`;
the administrator keeps only what the rules grant the administrator role (accounts, reference data, reading).
"""

import datetime as dt
import importlib
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.permissions import permissions as RULES

from awards import selectors, services
from awards.enums import DocumentKind
from awards.enums import DossierState as D
from awards.models import Decision, Dossier, Nominee
from departments.models import StaffYear
from emulation.enums import RegistrationState
from emulation.models import Registration, RegistrationLine, Title
from emulation.workflow import WORKFLOWS
from initiatives import services as initiatives
from initiatives.models import Initiative
from initiatives.services import AuthorInput
from tests.awards.conftest import PDF
from tests.factories import StaffFactory, UserFactory
from tests.initiatives.conftest import INITIATIVE_DATA

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
EARLY = dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM)  # every deadline of the 2018 plan still open
NOMINATING = dt.datetime(2018, 11, 10, 9, 0, tzinfo=HCM)

# What the rules grant the administrator role by name (departments.rules.is_administrator): reading,
# accounts and staff records, reference data. Nothing of a workflow.
ADMINISTRATOR_PERMISSIONS = {
    "awards.record_reward",
    "awards.view_dossier_list",
    "awards.view_eligibility",
    "awards.view_holds",  # read only (issue 11, evidence and holds)
    "core.view_audit_trail",  # issue 13: the audit trail, read only
    "departments.add_staff_to_unit",
    "departments.change_staff_record",
    "departments.import_staff",  # the staff list from Excel (issue 13)
    "departments.move_staff",
    "departments.view_staff_record",
    "departments.view_unit",
    "departments.unlock_account",
    "departments.view_unit_list",
    "emulation.change_campaign",
    "emulation.copy_campaign",
    "emulation.manage_paper_templates",  # the papers' texts (issue 10), with the standing office
    "emulation.open_registration_sheets",
    "emulation.view_registration",
    "emulation.view_registration_overview",
    "initiatives.view_initiative_list",
    "initiatives.view_research_list",  # read only (issue 11, evidence and holds)
    "notifications.view_reminders",  # read only: the reminders' log (issue 13)
}


@pytest.fixture
def root(db):
    """A superuser who holds no role of the workflow."""
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _title(code):
    return Title.objects.get(code=code)


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("tai-lieu.pdf", PDF)


def _every_workflow() -> list:
    """Every Workflow of the project: each of our apps declares its own in its services."""
    for config in apps.get_app_configs():
        if config.path.startswith(str(settings.BASE_DIR)):
            try:
                importlib.import_module(f"{config.name}.services")
            except ModuleNotFoundError:
                continue
    return list(WORKFLOWS)


@pytest.fixture
def one_of_each(plan_2018, unit, cast):
    """One object of each workflow's model, in the secretary's unit."""
    person = StaffFactory(unit=unit)
    registration = Registration.objects.create(campaign=plan_2018, unit=unit)
    initiative = Initiative.objects.create(campaign=plan_2018, unit=unit, **INITIATIVE_DATA)
    dossier = Dossier.objects.create(campaign=plan_2018, unit=unit, phase=plan_2018.phases.get(number=2))
    RegistrationLine.objects.create(registration=registration, staff=person, title=_title("LDTT"))
    return {Registration: registration, Initiative: initiative, Dossier: dossier}


def test_a_superuser_holds_only_what_the_rules_grant_the_administrator(root):
    granted = {name for name in RULES if root.has_perm(name)}

    assert granted == ADMINISTRATOR_PERMISSIONS


def test_no_workflow_step_is_open_to_a_superuser_without_the_role(one_of_each, cast, root):
    workflows = _every_workflow()
    refused, unreachable = [], []
    with time_machine.travel(EARLY, tick=False):
        for workflow in workflows:
            obj = one_of_each[workflow.model]
            for step in workflow.steps:
                obj.state = step.source
                if workflow.can(obj, step.name, root) or root.has_perm(step.permission, obj):
                    refused.append((workflow.model.__name__, step.name, step.source))
                # The step is open to someone of the cast, so the refusal above is the role's doing.
                if not any(workflow.can(obj, step.name, user) for user in cast.values()):
                    unreachable.append((workflow.model.__name__, step.name, step.source))
            obj.state = workflow.editable[0]
            if workflow.can_edit(obj, root):
                refused.append((workflow.model.__name__, "edit", obj.state))

    assert {w.model for w in workflows} == set(one_of_each)
    assert (refused, unreachable) == ([], [])


# --- The acts the audit found, through the services and the pages -----------------------------------


@pytest.fixture
def at_council(plan_2018, unit, cast, settings, tmp_path):
    """A LĐTT nominee of VP on the agenda of an open council session of three members."""
    settings.MEDIA_ROOT = tmp_path
    person = StaffFactory(unit=unit, full_name="Phạm Văn An")
    registration = Registration.objects.create(
        campaign=plan_2018, unit=unit, state=RegistrationState.ACCEPTED
    )
    RegistrationLine.objects.create(registration=registration, staff=person, title=_title("LDTT"))
    StaffYear.objects.create(staff=person, year=2018, task_grade="HTTNV", months_served=12)
    members = [UserFactory(username=f"hoidong{i}", is_council_member=True) for i in range(3)]
    with time_machine.travel(NOMINATING, tick=False):
        secretary, office = cast["secretary"], cast["standing_office"]
        dossier = services.dossier_save(
            by=secretary,
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
        for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
            services.document_attach(dossier=dossier, kind=kind, uploaded=_pdf(), by=secretary)
        nominee = services.nominee_add(dossier=dossier, by=secretary, title=_title("LDTT"), staff=person)
        services.document_attach(
            dossier=dossier,
            kind=selectors.report_form_for(dossier, nominee),
            uploaded=_pdf(),
            by=secretary,
            nominee=nominee,
        )
        services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=secretary)
        services.dossier_transition(dossier=dossier, to_state=D.ACCEPTED, by=office)
        session = services.session_open(
            campaign=plan_2018,
            name="Phiên họp tháng 11",
            held_on=dt.date(2018, 11, 10),
            members=members,
            dossiers=[dossier],
            by=office,
        )
    return Nominee.objects.get(pk=nominee.pk), session, members


@pytest.fixture
def voted_nominee(at_council, cast):
    """The nominee, voted for by the whole council, waiting for the Director."""
    nominee, session, members = at_council
    for member in members:
        services.ballot_cast(session=session, member=member, choices={nominee.pk: "yes"})
    services.session_close(session=session, by=cast["standing_office"])
    return Nominee.objects.get(pk=nominee.pk)


def test_a_superuser_without_the_role_cannot_approve(voted_nominee, root, client):
    client.force_login(root)

    with pytest.raises(PermissionDenied):
        services.nominee_decide(nominee=voted_nominee, approve=True, by=root)
    response = client.post(
        reverse("awards:nominee-decide", args=[voted_nominee.dossier_id, voted_nominee.pk]),
        {"decision": "approve"},
    )

    voted_nominee.refresh_from_db()
    assert (response.status_code, voted_nominee.director_decision) == (403, "")


def test_a_superuser_without_the_role_cannot_issue_a_decision(voted_nominee, cast, root, client):
    services.nominee_decide(nominee=voted_nominee, approve=True, by=cast["director"])
    client.force_login(root)

    with pytest.raises(PermissionDenied):
        services.decision_issue(
            campaign=voted_nominee.dossier.campaign,
            kind="decision",
            issued_on=dt.date(2018, 12, 20),
            signer="Ngô Thanh Tâm",
            by=root,
        )
    response = client.post(
        reverse("awards:decision-list"),
        {"kind": "decision", "issued_on": "2018-12-20", "signer": "Ngô Thanh Tâm"},
    )

    assert (response.status_code, Decision.objects.count()) == (200, 0)
    assert b'name="issue"' not in response.content


def test_a_superuser_without_the_role_cannot_close_a_ballot_or_vote(at_council, root, client):
    nominee, session, _members = at_council
    client.force_login(root)

    with pytest.raises(PermissionDenied):
        services.session_close(session=session, by=root)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(session=session, member=root, choices={nominee.pk: "yes"})
    response = client.post(reverse("awards:session-close", args=[session.pk]))

    session.refresh_from_db()
    assert (response.status_code, session.closed_at) == (403, None)


def test_a_superuser_without_the_role_cannot_close_a_round_or_score(plan_2018, unit, cast, root, client):
    members = [UserFactory(username=f"sangkien{i}", is_initiative_council=True) for i in range(3)]
    with time_machine.travel(dt.datetime(2018, 10, 20, 9, tzinfo=HCM), tick=False):
        initiative = initiatives.initiative_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            data=INITIATIVE_DATA,
            authors=[AuthorInput(staff=StaffFactory(unit=unit), share=Decimal(100))],
        )
        initiative = initiatives.initiative_transition(
            initiative=initiative, to_state="submitted", by=cast["secretary"]
        )
        evaluation_round = initiatives.round_open(
            campaign=plan_2018,
            name="Phiên 1",
            members=members,
            initiatives=[initiative],
            by=cast["standing_office"],
        )
    initiative.refresh_from_db()
    client.force_login(root)

    with pytest.raises(PermissionDenied):
        initiatives.round_close(evaluation_round=evaluation_round, by=root)
    with pytest.raises(PermissionDenied):
        initiatives.score_cast(
            initiative=initiative, member=root, novelty=9, applicability=9, effect=9, recognise=True
        )
    response = client.post(reverse("initiatives:round-close", args=[evaluation_round.pk]))

    evaluation_round.refresh_from_db()
    assert (response.status_code, evaluation_round.closed_at) == (403, None)


def test_a_superuser_without_the_role_cannot_edit_a_units_dossier(plan_2018, unit, cast, root, client):
    with time_machine.travel(NOMINATING, tick=False):
        dossier = services.dossier_save(
            by=cast["secretary"],
            campaign=plan_2018,
            unit=unit,
            data={"kind": "phase", "phase": plan_2018.phases.get(number=2)},
        )
        client.force_login(root)

        with pytest.raises(PermissionDenied):
            services.dossier_save(
                by=root,
                campaign=plan_2018,
                unit=unit,
                data={"meeting_present": 3},
                dossier=dossier,
                version=dossier.version,
            )
        page = client.get(reverse("awards:dossier-update", args=[dossier.pk]))
        create = client.get(reverse("awards:dossier-create"))

    dossier.refresh_from_db()
    assert (page.status_code, create.status_code, dossier.meeting_present) == (403, 403, None)


def test_a_superuser_given_the_director_role_approves_and_is_recorded(voted_nominee, root, client):
    root.is_director = True
    root.save()
    client.force_login(root)
    moment = dt.datetime(2018, 12, 1, 10, 30, tzinfo=HCM)

    with time_machine.travel(moment, tick=False):
        response = client.post(
            reverse("awards:nominee-decide", args=[voted_nominee.dossier_id, voted_nominee.pk]),
            {"decision": "approve"},
        )
        page = client.get(reverse("awards:dossier-detail", args=[voted_nominee.dossier_id]))

    voted_nominee.refresh_from_db()
    assert response.status_code == 302
    assert (
        voted_nominee.director_decision,
        voted_nominee.director_decided_by,
        voted_nominee.director_decided_at,
    ) == (
        "approved",
        root,
        moment,
    )
    assert "Nguyễn Thị Lan, 01/12/2018 10:30" in page.content.decode()


def test_a_rejection_records_who_and_when_and_reconsidering_clears_it(voted_nominee, cast):
    director = cast["director"]
    moment = dt.datetime(2018, 12, 1, 8, 0, tzinfo=HCM)

    with time_machine.travel(moment, tick=False):
        rejected = services.nominee_decide(
            nominee=voted_nominee, approve=False, by=director, comment="Chưa đạt"
        )
        reconsidered = services.nominee_reconsider(nominee=rejected, reason="Xem lại", by=director)

    assert (rejected.director_decision, rejected.director_decided_by, rejected.director_decided_at) == (
        "rejected",
        director,
        moment,
    )
    assert (
        reconsidered.director_decision,
        reconsidered.director_decided_by,
        reconsidered.director_decided_at,
    ) == ("", None, None)


def test_the_decision_page_shows_who_issued_it_and_when(voted_nominee, cast, client):
    director = cast["director"]
    services.nominee_decide(nominee=voted_nominee, approve=True, by=director)
    moment = dt.datetime(2018, 12, 20, 15, 5, tzinfo=HCM)
    with time_machine.travel(moment, tick=False):
        decision = services.decision_issue(
            campaign=voted_nominee.dossier.campaign,
            kind="decision",
            issued_on=dt.date(2018, 12, 20),
            signer="Ngô Thanh Tâm",
            by=director,
        )
        client.force_login(director)
        page = client.get(reverse("awards:decision-detail", args=[decision.pk]))

    assert (decision.created_by, decision.created_at) == (director, moment)
    assert (
        _("issued in the system by %(by)s, %(at)s")
        % {
            "by": director,
            "at": "20/12/2018 15:05",
        }
        in page.content.decode()
    )
