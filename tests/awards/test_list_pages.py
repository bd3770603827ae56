"""The awards lists at province scale: each costs the same queries with 1 row or 50 (at most 15), pages, and
filters. Rows are inserted in bulk: what is measured is the page, not the services that file them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.enums import DossierState
from awards.models import (
    CouncilSession,
    Decision,
    DisciplinePeriod,
    Dossier,
    ExemplaryModel,
    Nominee,
    RewardRecord,
    StaffHold,
)
from emulation.models import Title
from notifications.enums import NotificationKind
from notifications.models import Notification
from tests.factories import StaffFactory, UnitFactory

MAX_QUERIES = 15
# Two detail pages cost more, and as little with 50 rows: the dossier's eligibility facts (awards.eligibility,
# about 19 queries for the unit, whatever its size), and the session's minutes form (a picker per role).
MAX_QUERIES_OF = {"dossier-detail": 30, "session-detail": 20}


def queries_for(client, url) -> tuple[int, object]:
    client.get(url)  # warm the caches a first request fills (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


class World:
    """The rows of one list, added `count` at a time to the same parent (dossier, session, decision)."""

    def __init__(self, campaign, cast, unit):
        self.campaign, self.cast, self.unit = campaign, cast, unit
        self.phase = campaign.phases.get(number=2)
        self.ldtt = Title.objects.get(code="LDTT")
        self._dossier = self._session = self._decision = None

    def dossiers(self, count, **fields):
        units = [UnitFactory() for _ in range(count)]
        fields = {"state": DossierState.SUBMITTED, **fields}
        return Dossier.objects.bulk_create(
            [Dossier(campaign=self.campaign, unit=u, kind="phase", phase=self.phase, **fields) for u in units]
        )

    def dossier(self) -> Dossier:
        if self._dossier is None:
            (self._dossier,) = self.dossiers(1, state=DossierState.AT_COUNCIL)
        return self._dossier

    def session(self) -> CouncilSession:
        if self._session is None:
            self._session = CouncilSession.objects.create(
                campaign=self.campaign,
                name="Phiên họp",
                held_on=dt.date(2018, 11, 20),
                opened_by=self.cast["standing_office"],
            )
            self._session.members.add(self.cast["council_member"])
            self._session.present.add(self.cast["council_member"])
            Dossier.objects.filter(pk=self.dossier().pk).update(council_session=self._session)
        return self._session

    def decision(self) -> Decision:
        if self._decision is None:
            self._decision = self.decisions(1)[0]
        return self._decision

    def decisions(self, count):
        start = Decision.objects.count() + 1
        return Decision.objects.bulk_create(
            [
                Decision(
                    campaign=self.campaign,
                    kind="decision",
                    number=number,
                    year=2018,
                    issuer="STP",
                    issued_on=dt.date(2018, 12, 1),
                    signer="Giám đốc",
                    created_by=self.cast["director"],
                )
                for number in range(start, start + count)
            ]
        )

    def nominees(self, count, dossier=None, **fields):
        dossier = dossier or self.dossier()
        people = StaffFactory.create_batch(count, unit=dossier.unit)
        return Nominee.objects.bulk_create(
            [Nominee(dossier=dossier, staff=person, title=self.ldtt, **fields) for person in people]
        )


def _dossier_list(world, count):
    world.dossiers(count)
    return reverse("awards:dossier-list")


def _dossier_detail(world, count):
    world.nominees(count)
    return reverse("awards:dossier-detail", args=[world.dossier().pk])


def _session_list(world, count):
    for index in range(count):
        CouncilSession.objects.create(
            campaign=world.campaign,
            name=f"Phiên {index}",
            held_on=dt.date(2018, 11, 20),
            opened_by=world.cast["standing_office"],
        )
    return reverse("awards:session-list")


def _session_detail(world, count):
    world.session()
    world.nominees(count)
    return reverse("awards:session-detail", args=[world.session().pk])


def _decision_list(world, count):
    world.decisions(count)
    return reverse("awards:decision-list")


def _decision_detail(world, count):
    world.nominees(count, decision=world.decision(), council_passed=True, director_decision="approved")
    return reverse("awards:decision-detail", args=[world.decision().pk])


def _exemplary_list(world, count):
    people = StaffFactory.create_batch(count, unit=world.unit)
    ExemplaryModel.objects.bulk_create(
        [
            ExemplaryModel(
                campaign=world.campaign,
                unit=world.unit,
                staff=p,
                description="Gương mẫu",
                proposed_by=world.cast["standing_office"],
            )
            for p in people
        ]
    )
    return reverse("awards:exemplary-list", args=[world.campaign.year])


def _hold_list(world, count):
    people = StaffFactory.create_batch(count, unit=world.unit)
    StaffHold.objects.bulk_create(
        [
            StaffHold(
                staff=p,
                kind="complaint",
                reason="Đơn",
                starts_on=dt.date(2018, 3, 1),
                recorded_by=world.cast["standing_office"],
            )
            for p in people
        ]
    )
    return reverse("awards:hold-list")


def _discipline_list(world, count):
    people = StaffFactory.create_batch(count, unit=world.unit)
    DisciplinePeriod.objects.bulk_create(
        [
            DisciplinePeriod(
                staff=p,
                level="reprimand",
                decision_number="01/QĐ",
                starts_on=dt.date(2017, 1, 1),
                ends_on=dt.date(2017, 12, 31),
                recorded_by=world.cast["standing_office"],
            )
            for p in people
        ]
    )
    return reverse("awards:hold-list") + "?list=periods"


def _reward_search(world, count):
    StaffFactory.create_batch(count, unit=world.unit, full_name="Khổng Tử Ưng")
    return reverse("awards:reward-search") + "?q=khong+tu"


def _staff_rewards(world, count):
    first_year = 1900 + RewardRecord.objects.count()
    person = world.unit.staff.first() or StaffFactory(unit=world.unit)
    RewardRecord.objects.bulk_create(
        [
            RewardRecord(
                year=first_year + i,
                title=world.ldtt,
                staff=person,
                decision_number=f"{i}/QĐ",
                entered_by=world.cast["standing_office"],
            )
            for i in range(count)
        ]
    )
    return reverse("awards:staff-rewards", args=[person.pk])


def _unit_rewards(world, count):
    first_year = 1900 + RewardRecord.objects.count()
    RewardRecord.objects.bulk_create(
        [
            RewardRecord(
                year=first_year + i,
                title=Title.objects.get(code="TTLDTT"),
                unit=world.unit,
                decision_number=f"{i}/QĐ",
                entered_by=world.cast["standing_office"],
            )
            for i in range(count)
        ]
    )
    return reverse("awards:unit-rewards", args=[world.unit.code])


def _notifications(world, count):
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=world.cast["standing_office"],
                kind=NotificationKind.REGISTRATION_RETURNED,
                subject=f"Thông báo {i}",
                text="x",
            )
            for i in range(count)
        ]
    )
    return reverse("notifications:notification-list")


def _audit_trail(world, count):
    for _ in range(count):
        UnitFactory()  # each writes an audit entry
    return reverse("audit:entry-list")


# page builder, who opens it, the context name of its rows (None: the page does not page)
PAGES = {
    "dossier-list": (_dossier_list, "standing_office", "paged"),
    "dossier-detail": (_dossier_detail, "standing_office", "paged"),
    "session-list": (_session_list, "standing_office", "paged"),
    "session-detail": (_session_detail, "standing_office", "paged"),
    "ballot": (_session_detail, "council_member", None),
    "decision-list": (_decision_list, "director", "paged"),
    "decision-detail": (_decision_detail, "director", "paged"),
    "exemplary-list": (_exemplary_list, "director", "paged"),
    "hold-list": (_hold_list, "standing_office", "paged"),
    "discipline-periods": (_discipline_list, "standing_office", "paged"),
    "reward-search": (_reward_search, "standing_office", "paged"),
    "staff-rewards": (_staff_rewards, "standing_office", None),
    "unit-rewards": (_unit_rewards, "standing_office", None),
    "notifications": (_notifications, "standing_office", "page"),
    "audit-trail": (_audit_trail, "standing_office", "rows"),
}


@pytest.fixture
def world(plan_2018, cast, unit):
    return World(plan_2018, cast, unit)


@pytest.mark.parametrize("name", PAGES)
def test_a_list_costs_the_same_queries_with_1_or_50_rows(client, world, name):
    build, role, _rows = PAGES[name]
    client.force_login(world.cast[role])

    url = build(world, 1)
    one, _response = queries_for(client, url)
    build(world, 49)
    fifty, _response = queries_for(client, url)

    assert (one, fifty) == (one, one)
    assert one <= MAX_QUERIES_OF.get(name, MAX_QUERIES)


@pytest.mark.parametrize("name", [name for name, (_b, _r, rows) in PAGES.items() if rows == "paged"])
def test_a_list_pages(client, world, settings, name):
    settings.LIST_PAGE_SIZE = 2
    build, role, _rows = PAGES[name]
    client.force_login(world.cast[role])
    url = build(world, 3)

    first = client.get(url)
    second = client.get(url + ("&" if "?" in url else "?") + "page=2")

    assert (len(list(first.context["paged"])), len(list(second.context["paged"]))) == (2, 1)
    assert first.context["paged"].page.paginator.count == 3


def test_the_ballot_lists_every_nominee_on_one_page(client, world, settings):
    settings.LIST_PAGE_SIZE = 2
    url = _session_detail(world, 3)
    client.force_login(world.cast["council_member"])

    html = client.get(url).content.decode()

    # a ballot is whole: one choice per nominee, however long the agenda
    assert html.count('type="radio"') == 3 * 3


def test_the_dossier_list_filters_by_unit_state_and_title(client, world):
    submitted, draft = world.dossiers(2)
    Dossier.objects.filter(pk=draft.pk).update(state=DossierState.DRAFT)
    world.nominees(1, dossier=draft)
    client.force_login(world.cast["standing_office"])
    url = reverse("awards:dossier-list")

    def found(**params):
        return [d.pk for d in client.get(url, params).context["paged"]]

    assert found(state=DossierState.SUBMITTED) == [submitted.pk]
    assert found(unit=draft.unit.name) == [draft.pk]
    assert found(unit=submitted.unit.code) == [submitted.pk]
    assert found(title=world.ldtt.pk) == [draft.pk]


def test_the_session_nominees_filter_by_title_unit_and_result(client, world):
    world.session()
    passed, failed = world.nominees(2)
    Nominee.objects.filter(pk=passed.pk).update(council_passed=True)
    Nominee.objects.filter(pk=failed.pk).update(council_passed=False)
    other = world.dossiers(1, state=DossierState.AT_COUNCIL, council_session=world.session())[0]
    (collective,) = Nominee.objects.bulk_create(
        [Nominee(dossier=other, title=Title.objects.get(code="TTLDTT"), council_passed=True)]
    )
    client.force_login(world.cast["standing_office"])
    url = reverse("awards:session-detail", args=[world.session().pk])

    def found(**params):
        return {n.pk for n in client.get(url, params).context["paged"]}

    assert found(result="passed") == {passed.pk, collective.pk}
    assert found(result="not_passed") == {failed.pk}
    assert found(title=world.ldtt.pk) == {passed.pk, failed.pk}
    assert found(unit=other.unit.code) == {collective.pk}
    counts = client.get(url).context["title_counts"]
    assert [(row["title__name"], row["count"]) for row in counts] == [
        (Title.objects.get(code="TTLDTT").name, 1),
        (world.ldtt.name, 2),
    ] or [(row["title__name"], row["count"]) for row in counts] == [
        (world.ldtt.name, 2),
        (Title.objects.get(code="TTLDTT").name, 1),
    ]


def test_the_decision_awardees_filter_by_unit_and_count_per_title(client, world):
    mine = world.nominees(2, decision=world.decision(), council_passed=True, director_decision="approved")
    other_dossier = world.dossiers(1)[0]
    world.nominees(1, dossier=other_dossier, decision=world.decision(), council_passed=True)
    client.force_login(world.cast["director"])
    url = reverse("awards:decision-detail", args=[world.decision().pk])

    response = client.get(url, {"unit": world.dossier().unit.name})

    assert {n.pk for n in response.context["paged"]} == {n.pk for n in mine}
    assert [(r["title__name"], r["count"]) for r in response.context["title_counts"]] == [
        (world.ldtt.name, 3)
    ]


def test_the_decision_list_counts_who_waits_per_title(client, world):
    world.nominees(3, council_passed=True, director_decision="approved")
    client.force_login(world.cast["director"])

    response = client.get(reverse("awards:decision-list"))

    assert [(r["title__name"], r["count"]) for r in response.context["title_counts"]] == [
        (world.ldtt.name, 3)
    ]


def test_the_reward_search_pages_people_and_caps_units(client, world, settings):
    settings.LIST_PAGE_SIZE = 2
    for index in range(3):
        UnitFactory(name=f"Phòng Khổng {index}")
    StaffFactory.create_batch(3, unit=world.unit, full_name="Khổng Tử Ưng")
    client.force_login(world.cast["standing_office"])

    response = client.get(reverse("awards:reward-search"), {"q": "khong", "page": 2})

    assert len(list(response.context["paged"])) == 1
    assert [u.name for u in response.context["units"]] == ["Phòng Khổng 0", "Phòng Khổng 1"]
    assert response.context["more_units"] == 1
