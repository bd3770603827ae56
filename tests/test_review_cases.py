"""Issue 14: tests that catch what they claim. Each one is set up so that the behaviour it names is the only
reason it can pass: a control case beside each refusal, real votes behind each tally, real data behind
each count."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import selectors, services
from awards.enums import DocumentKind
from awards.enums import DossierState as D
from awards.models import BallotReceipt, Decision, Dossier, Nominee
from emulation import legal
from emulation.deadlines import DeadlineState, deadline_status, write_guard
from emulation.enums import Regime
from emulation.legal import campaign_rules
from emulation.models import Campaign, CampaignRules, Registration, RuleChange, Title
from emulation.quotas import QuotaLimits, quota_warnings
from emulation.services import (
    LineInput,
    campaign_copy,
    campaign_rules_update,
    deadline_set,
    registration_save,
)
from tests.awards import conftest as awards_fixtures
from tests.awards.conftest import BEFORE, opened_tally, pdf, title
from tests.awards.test_dossiers import submit, to_vote, vote_all
from tests.factories import StaffFactory, UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# The fixtures of tests/awards/conftest.py, for this file outside that folder.
media = awards_fixtures.media
registered = awards_fixtures.registered
councillors = awards_fixtures.councillors
complete_dossier = awards_fixtures.complete_dossier


@pytest.fixture
def colleague_secretary(unit):
    """A second secretary of the same unit: "someone else" who changes the dossier meanwhile."""
    return UserFactory(username="thuky-2", is_secretary=True, unit=unit)


# --- 1. A stale dossier write is refused ------------------------------------------------------------


@pytest.mark.parametrize("reloaded", [True, False], ids=["page-reloads-the-dossier", "object-in-memory"])
def test_dossier_submission_stale_after_a_nominee_was_added_is_refused(
    cast, colleague_secretary, registered, complete_dossier, reloaded
):
    with time_machine.travel(BEFORE, tick=False):
        dossier = complete_dossier((registered(), "LDTT"))
        read_at = dossier.version  # the version the secretary's page shows
        added = services.nominee_add(
            dossier=dossier, by=colleague_secretary, title=title("LDTT"), staff=registered()
        )
        services.document_attach(
            dossier=dossier,
            kind=selectors.report_form_for(dossier, added),
            uploaded=pdf(),
            by=colleague_secretary,
            nominee=added,
        )
        current = Dossier.objects.get(pk=dossier.pk)
        target = current if reloaded else dossier

        with pytest.raises(ValidationError) as error:
            services.dossier_transition(
                dossier=target, to_state=D.SUBMITTED, by=cast["secretary"], version=read_at
            )

    assert error.value.code == "stale"
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.state, after.version) == ("draft", current.version)
    assert [h.to_state for h in after.history.all()] == ["draft"]


def test_dossier_submission_stale_after_another_transition_is_refused(cast, registered, complete_dossier):
    secretary, office = cast["secretary"], cast["standing_office"]
    with time_machine.travel(BEFORE, tick=False):
        dossier = submit(complete_dossier((registered(), "LDTT")), cast)
        dossier = services.dossier_transition(
            dossier=dossier, to_state=D.RETURNED, by=office, comment="Bổ sung biên bản"
        )
        read_at = dossier.version  # a second tab keeps the first return open
        dossier = services.dossier_transition(
            dossier=dossier, to_state=D.SUBMITTED, by=secretary, version=read_at
        )
        dossier = services.dossier_transition(
            dossier=dossier, to_state=D.RETURNED, by=office, comment="Bổ sung lần hai"
        )

        with pytest.raises(ValidationError) as error:
            services.dossier_transition(
                dossier=Dossier.objects.get(pk=dossier.pk),
                to_state=D.SUBMITTED,
                by=secretary,
                version=read_at,
            )

    assert error.value.code == "stale"
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.state, after.version) == ("returned", dossier.version)
    assert [h.to_state for h in after.history.all()] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "returned",
    ]


def test_dossier_save_with_a_stale_version_is_refused(plan_2018, cast, unit, colleague_secretary, media):
    with time_machine.travel(BEFORE, tick=False):
        dossier = services.dossier_save(
            by=cast["secretary"],
            campaign=plan_2018,
            unit=unit,
            data={"kind": "phase", "phase": plan_2018.phases.get(number=2), "meeting_present": 10},
        )
        read_at = dossier.version
        services.dossier_save(
            by=colleague_secretary,
            campaign=plan_2018,
            unit=unit,
            data={"meeting_present": 11},
            dossier=Dossier.objects.get(pk=dossier.pk),
            version=read_at,
        )

        with pytest.raises(ValidationError) as error:
            services.dossier_save(
                by=cast["secretary"],
                campaign=plan_2018,
                unit=unit,
                data={"meeting_present": 9},
                dossier=Dossier.objects.get(pk=dossier.pk),
                version=read_at,
            )

    assert error.value.code == "stale"
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.meeting_present, after.version) == (11, read_at + 1)


# --- 2. Decision numbers restart each year ----------------------------------------------------------


def _approved_giay_khen(campaign, unit, staff, cast, councillors, *, day):
    """An ad-hoc dossier proposing `staff` for the Director's Giấy khen, through the council's ballot to the
    Director's approval, on `day` of the campaign's year."""
    secretary, office = cast["secretary"], cast["standing_office"]
    with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=HCM), tick=False):
        dossier = services.dossier_save(
            by=secretary,
            campaign=campaign,
            unit=unit,
            data={
                "kind": "ad_hoc",
                "meeting_date": day - dt.timedelta(days=5),
                "meeting_present": 10,
                "meeting_total": 12,
                "outside_plan": True,
                "achievement": "Cứu người trong lũ.",
            },
        )
        for kind in (DocumentKind.SUBMISSION, DocumentKind.MINUTES):
            services.document_attach(dossier=dossier, kind=kind, uploaded=pdf(), by=secretary)
        nominee = services.nominee_add(dossier=dossier, by=secretary, title=title("GK_GD"), staff=staff)
        services.document_attach(
            dossier=dossier,
            kind=selectors.report_form_for(dossier, nominee),
            uploaded=pdf(),
            by=secretary,
            nominee=nominee,
        )
        dossier = services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=secretary)
        dossier = services.dossier_transition(dossier=dossier, to_state=D.ACCEPTED, by=office)
        session = services.session_open(
            campaign=campaign,
            name=f"Phiên họp năm {campaign.year}",
            held_on=day,
            members=councillors,
            dossiers=[dossier],
            by=office,
        )
        vote_all(session, councillors, lambda index, nominee: "yes")
        services.session_close(session=session, by=office)
        services.nominee_decide(nominee=Nominee.objects.get(pk=nominee.pk), approve=True, by=cast["director"])


def test_decision_numbers_restart_each_year(plan_2018, cast, unit, staff, councillors, media):
    plan_2019 = campaign_copy(source=plan_2018, year=2019)
    decisions = []
    for campaign in (plan_2018, plan_2019):
        _approved_giay_khen(campaign, unit, staff, cast, councillors, day=dt.date(campaign.year, 11, 10))

        decisions.append(
            services.decision_issue(
                campaign=campaign,
                kind="decision",
                issued_on=dt.date(campaign.year, 12, 10),
                signer="Lê Văn Hòa",
                by=cast["director"],
            )
        )

    assert [(d.campaign.year, d.year, d.number, d.reference) for d in decisions] == [
        (2018, 2018, 1, "01/QĐ-STP"),
        (2019, 2019, 1, "01/QĐ-STP"),
    ]
    assert Decision.objects.count() == 2


# --- 3. A deadline of one phase does not close another ----------------------------------------------

AFTER_PHASE_ONE = dt.datetime(2018, 7, 1, 9, 0, tzinfo=HCM)


@pytest.fixture
def phase_one_closed(plan_2018):
    """Phase 1's nominations closed at 00:00 of 20/06/2018; phase 2's (from the plan) at 00:00 of 20/11."""
    phase_one, phase_two = plan_2018.phases.get(number=1), plan_2018.phases.get(number=2)
    deadline_set(campaign=plan_2018, kind="nominations", before=dt.date(2018, 6, 20), phase=phase_one)
    return phase_one, phase_two


@time_machine.travel(AFTER_PHASE_ONE, tick=False)
def test_deadline_status_of_one_phase_ignores_the_other_phases_deadline(plan_2018, unit, phase_one_closed):
    phase_one, phase_two = phase_one_closed

    one = deadline_status(plan_2018, "nominations", unit, phase=phase_one)
    two = deadline_status(plan_2018, "nominations", unit, phase=phase_two)

    assert (one.state, one.deadline.phase, one.last_day) == (
        DeadlineState.CLOSED,
        phase_one,
        dt.date(2018, 6, 19),
    )
    assert (two.state, two.deadline.phase, two.last_day) == (
        DeadlineState.OPEN,
        phase_two,
        dt.date(2018, 11, 19),
    )


@time_machine.travel(AFTER_PHASE_ONE, tick=False)
def test_write_guard_of_one_phase_ignores_the_other_phases_deadline(plan_2018, unit, phase_one_closed):
    phase_one, phase_two = phase_one_closed

    passed = write_guard(campaign=plan_2018, kind="nominations", unit=unit, phase=phase_two)
    with pytest.raises(ValidationError) as error:
        write_guard(campaign=plan_2018, kind="nominations", unit=unit, phase=phase_one)

    assert passed is None
    assert error.value.code == "deadline_closed"
    assert "20/06/2018" in error.value.messages[0]


def test_a_phase_two_dossier_is_still_open_after_phase_ones_deadline(
    plan_2018, cast, unit, phase_one_closed, media
):
    phase_one, phase_two = phase_one_closed
    with time_machine.travel(dt.datetime(2018, 6, 1, 9, 0, tzinfo=HCM), tick=False):
        dossiers = {
            phase.number: services.dossier_save(
                by=cast["secretary"], campaign=plan_2018, unit=unit, data={"kind": "phase", "phase": phase}
            )
            for phase in (phase_one, phase_two)
        }

    with time_machine.travel(AFTER_PHASE_ONE, tick=False):
        services.document_attach(
            dossier=dossiers[2], kind=DocumentKind.SUBMISSION, uploaded=pdf(), by=cast["secretary"]
        )
        with pytest.raises(ValidationError) as error:
            services.document_attach(
                dossier=dossiers[1], kind=DocumentKind.SUBMISSION, uploaded=pdf(), by=cast["secretary"]
            )

    assert error.value.code == "deadline_closed"
    assert (dossiers[1].documents.count(), dossiers[2].documents.count()) == (0, 1)


# --- 4. The leaders' split at exactly 70% -----------------------------------------------------------

LEADERS_UNDER_70 = QuotaLimits(
    cstdcs_percent=None, leader_percent=Decimal(70), cstdcs_citation="x", leader_citation="y"
)


@pytest.mark.parametrize(
    ("leaders", "expected"),
    [
        (7, [("Lãnh đạo, quản lý chiếm 70% số Chiến sĩ thi đua cơ sở; chỉ tiêu là dưới 70%.", "y")]),
        (6, []),
    ],
    ids=["7-of-10-is-not-under-70", "6-of-10"],
)
def test_quota_warnings_leaders_at_exactly_70_percent_warn(leaders, expected):
    warnings = quota_warnings(
        limits=LEADERS_UNDER_70, ldtt=10, cstdcs=10, cstdcs_leaders=leaders, department_wide=True
    )

    assert [(w.message, w.citation) for w in warnings] == expected


# --- 5. Another unit's registration sheet does not exist for a secretary ----------------------------

REGISTRATION_OPEN = dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM)


@pytest.fixture
def other_units_sheet(plan_2018, cast, other_unit, other_staff):
    """TTRA's draft sheet, made by its own secretary: the page exists, for the right people."""
    with time_machine.travel(REGISTRATION_OPEN, tick=False):
        return registration_save(
            campaign=plan_2018,
            unit=other_unit,
            by=cast["other_secretary"],
            version=None,
            collective_title=title("TTLDTT"),
            collective_reward=None,
            commitment="Hoàn thành xuất sắc nhiệm vụ",
            lines=[LineInput(other_staff, title("LDTT"))],
        )


@time_machine.travel(REGISTRATION_OPEN, tick=False)
@pytest.mark.parametrize(("role", "expected"), [("secretary", 404), ("other_secretary", 200)])
def test_registration_sheet_of_another_unit_is_not_found_for_a_secretary(
    client, cast, other_units_sheet, role, expected
):
    client.force_login(cast[role])

    response = client.get(reverse("emulation:registration-sheet", args=[2018, "TTRA"]))

    assert response.status_code == expected


@time_machine.travel(REGISTRATION_OPEN, tick=False)
@pytest.mark.parametrize(
    ("role", "expected", "state"), [("secretary", 404, "draft"), ("other_secretary", 302, "submitted")]
)
def test_registration_action_on_another_units_sheet_is_not_found_for_a_secretary(
    client, cast, other_units_sheet, role, expected, state
):
    client.force_login(cast[role])

    response = client.post(
        reverse("emulation:registration-submit", args=[2018, "TTRA"]), {"version": other_units_sheet.version}
    )

    assert response.status_code == expected
    assert Registration.objects.get(pk=other_units_sheet.pk).state == state


# --- 6. A partial ballot is refused -----------------------------------------------------------------


@pytest.mark.parametrize("voted_for", [1, 0], ids=["one-of-two-nominees", "none"])
def test_ballot_cast_for_fewer_nominees_than_the_agenda_is_refused(
    cast, councillors, registered, complete_dossier, voted_for
):
    with time_machine.travel(BEFORE, tick=False):
        session = to_vote(complete_dossier((registered(), "LDTT"), (registered(), "LDTT")), cast, councillors)
    nominees = list(selectors.session_nominees(session))

    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            session=session, member=councillors[0], choices={n.pk: "yes" for n in nominees[:voted_for]}
        )

    assert (len(nominees), error.value.code) == (2, "incomplete_ballot")
    assert (BallotReceipt.objects.count(), opened_tally(session).ballots) == (0, 0)


# --- 7. Staff search with and without diacritics ----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Đặng", ["Đặng Văn Đức"]),
        ("dang", ["Đặng Văn Đức"]),
        ("DANG", ["Đặng Văn Đức"]),
        ("dang duc", ["Đặng Văn Đức"]),  # every word, in any order of the name
        ("dung", []),
    ],
)
def test_staff_search_with_and_without_diacritics(client, cast, unit, staff, query, found):
    StaffFactory(unit=unit, full_name="Đặng Văn Đức", code="VP-002")  # beside Nguyễn Thị Thu Hà
    client.force_login(cast["secretary"])

    response = client.get(reverse("departments:unit-detail", args=[unit.code]), {"q": query})

    assert [s.full_name for s in response.context["page"]] == found


# --- 8. The vote base: all members or those present -------------------------------------------------


@pytest.mark.parametrize(
    ("base", "passed"), [("present", True), ("all", False)], ids=["2-of-3-present", "2-of-5-members"]
)
def test_vote_passes_majority_counts_against_its_base(base, passed):
    majority = Title(vote_percent=Decimal(50), vote_strictly_more=True, vote_base=base)

    assert services.vote_passes(majority, yes=2, members=5, present=3) is passed


@pytest.mark.parametrize(
    ("base", "votes_base", "passed"), [("present", 3, True), ("all", 5, False)], ids=["present", "all"]
)
def test_session_close_counts_the_majority_against_the_titles_base(
    plan_2018, cast, registered, complete_dossier, base, votes_base, passed
):
    members = [UserFactory(username=f"uyvien{i}", is_council_member=True) for i in range(5)]
    Title.objects.filter(code="GK_GD").update(vote_percent=50, vote_strictly_more=True, vote_base=base)
    with time_machine.travel(BEFORE, tick=False):
        session = to_vote(complete_dossier((registered(), "GK_GD")), cast, members, paper_ballot=True)
        nominee = selectors.session_nominees(session).get()
        services.session_attendance(session=session, present=members[:3], by=cast["standing_office"])

        services.session_close(
            session=session, by=cast["standing_office"], paper_tally={nominee.pk: (2, 1, 0)}
        )

    nominee.refresh_from_db()
    assert (nominee.votes_yes, nominee.votes_base, nominee.council_passed) == (2, votes_base, passed)


def test_provincial_fighter_threshold_is_90_percent_of_all_members_inclusive(plan_2018):
    fighter = title("CSTD_TINH")

    verdicts = {
        "9 of 10 members": services.vote_passes(fighter, yes=9, members=10, present=10),
        "9 of 10 members, 9 present": services.vote_passes(fighter, yes=9, members=10, present=9),
        "8 of 10 members, 8 present": services.vote_passes(fighter, yes=8, members=10, present=8),
    }

    # DOMAIN.md rule 12: a secret ballot of at least 90% of all the council's members.
    assert (fighter.vote_percent, fighter.vote_strictly_more, fighter.vote_base) == (
        Decimal(90),
        False,
        "all",
    )
    assert verdicts == {
        "9 of 10 members": True,
        "9 of 10 members, 9 present": True,
        "8 of 10 members, 8 present": False,
    }


# --- 9. The legal parameters are campaign data ------------------------------------------------------

RULE_FIELDS = (
    "cstdcs_cap_percent",
    "quota_rounding",
    "initiative_exclude_unit_heads",
    "discipline_bars_ldtt",
    "provincial_initiative_years",
    "cstd_tinh_includes_current_year",
)


def codes(error: ValidationError) -> list:
    """The codes of every error raised, whether given as one message, a list or per field."""
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


def stored_rules(campaign) -> dict:
    return CampaignRules.objects.filter(campaign=campaign).values(*RULE_FIELDS).get()


def test_campaign_rules_returns_the_stored_values(plan_2018):
    rules = campaign_rules(plan_2018)
    CampaignRules.objects.filter(pk=rules.pk).update(
        cstdcs_cap_percent=Decimal("12.5"), quota_rounding="ceil", provincial_initiative_years=5
    )

    again = campaign_rules(Campaign.objects.get(pk=plan_2018.pk))

    assert (again.pk, again.cstdcs_cap_percent, again.quota_rounding, again.provincial_initiative_years) == (
        rules.pk,
        Decimal("12.5"),
        "ceil",
        5,
    )


def test_a_changed_default_reaches_new_campaigns_only(plan_2018, monkeypatch):
    campaign_rules(plan_2018)  # the 2018 campaign has its own copy (from its fixture, or made on first use)
    monkeypatch.setitem(
        legal.REGIME_DEFAULTS,
        Regime.R2017,
        {**legal.REGIME_DEFAULTS[Regime.R2017], "cstdcs_cap_percent": Decimal(10), "quota_rounding": "round"},
    )
    monkeypatch.setitem(
        legal.REGIME_DEFAULTS,
        Regime.R2025,
        {**legal.REGIME_DEFAULTS[Regime.R2025], "provincial_initiative_years": 5},
    )
    created = Campaign.objects.create(
        year=2017, name="Phong trào thi đua năm 2017", regime=Regime.R2017, document_profile="TT01_2011"
    )

    campaign_rules(Campaign.objects.get(pk=plan_2018.pk))
    campaign_rules(created)
    copied = campaign_copy(source=plan_2018, year=2025)  # another regime: that regime's defaults

    old, new, next_regime = stored_rules(plan_2018), stored_rules(created), stored_rules(copied)
    assert (old["cstdcs_cap_percent"], old["quota_rounding"]) == (Decimal(15), "floor")
    assert (new["cstdcs_cap_percent"], new["quota_rounding"]) == (Decimal(10), "round")
    assert (next_regime["provincial_initiative_years"], old["provincial_initiative_years"]) == (5, 3)


def test_campaign_rules_update_writes_one_change_per_changed_field(plan_2018, cast):
    office = cast["standing_office"]
    rules = campaign_rules(plan_2018)

    updated = campaign_rules_update(
        campaign=plan_2018,
        data={"cstdcs_cap_percent": Decimal(10), "quota_rounding": "floor", "provincial_initiative_years": 4},
        reason="Quyết định 12/QĐ-UBND hạ tỷ lệ",
        by=office,
        version=rules.version,
    )

    assert [(c.field, c.old_value, c.new_value, c.reason, c.by) for c in RuleChange.objects.all()] == [
        ("cstdcs_cap_percent", "15.00", "10", "Quyết định 12/QĐ-UBND hạ tỷ lệ", office),
        ("provincial_initiative_years", "3", "4", "Quyết định 12/QĐ-UBND hạ tỷ lệ", office),
    ]
    assert updated.version == rules.version + 1
    stored = stored_rules(plan_2018)
    assert (
        stored["cstdcs_cap_percent"],
        stored["quota_rounding"],
        stored["provincial_initiative_years"],
    ) == (
        Decimal(10),
        "floor",
        4,
    )


def _no_reason(campaign, rules, by):
    return {"campaign": campaign, "reason": "   ", "version": rules.version}


def _stale(campaign, rules, by):
    read_at = rules.version
    campaign_rules_update(
        campaign=campaign, data={"quota_rounding": "ceil"}, reason="Làm tròn lên", by=by, version=read_at
    )
    return {"campaign": campaign, "reason": "Theo hướng dẫn mới", "version": read_at}


def _closed(campaign, rules, by):
    Campaign.objects.filter(pk=campaign.pk).update(closed=True)
    return {
        "campaign": Campaign.objects.get(pk=campaign.pk),
        "reason": "Theo hướng dẫn mới",
        "version": rules.version,
    }


@pytest.mark.parametrize(
    ("arrange", "code"),
    [(_no_reason, "no_reason"), (_stale, "stale"), (_closed, "closed")],
    ids=["no-reason", "stale", "closed"],
)
def test_campaign_rules_update_refused_writes_nothing(plan_2018, cast, arrange, code):
    office = cast["standing_office"]
    call = arrange(plan_2018, campaign_rules(plan_2018), office)
    before = (stored_rules(plan_2018), list(RuleChange.objects.values_list("pk", flat=True)))

    with pytest.raises(ValidationError) as error:
        campaign_rules_update(data={"cstdcs_cap_percent": Decimal(10)}, by=office, **call)

    assert codes(error.value) == [code]
    assert (stored_rules(plan_2018), list(RuleChange.objects.values_list("pk", flat=True))) == before
