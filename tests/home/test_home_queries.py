"""The home page's work queue costs the same queries with 1 or 50 waiting items, for every role."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from awards.enums import DossierState
from awards.models import CouncilSession, Dossier
from emulation.models import Extension
from tests.awards.test_list_pages import MAX_QUERIES, World, queries_for
from tests.factories import UnitFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _registration_open():
    # The registration deadline is ahead: the office's queue counts the units not registered.
    with time_machine.travel(dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM), tick=False):
        yield


def _director(world, count):
    voted = world.dossiers(1, state=DossierState.VOTED)[0]
    world.nominees(count, dossier=voted, council_passed=True)
    world.nominees(count, dossier=voted, council_passed=True, director_decision="approved")


def _standing_office(world, count):
    world.dossiers(count)


def _council_member(world, count):
    for index in range(count):
        session = CouncilSession.objects.create(
            campaign=world.campaign,
            name=f"Phiên {index}",
            held_on=dt.date(2018, 11, 20),
            opened_by=world.cast["standing_office"],
        )
        session.members.add(world.cast["council_member"])


def _secretary(world, count):
    Dossier.objects.bulk_create(
        [
            Dossier(campaign=world.campaign, unit=world.unit, kind="ad_hoc", state=DossierState.RETURNED)
            for _ in range(count)
        ]
    )


def _administrator(world, count):
    for _ in range(count):
        UnitFactory()


WAITING = {
    "director": _director,
    "standing_office": _standing_office,
    "council_member": _council_member,
    "secretary": _secretary,
    "administrator": _administrator,
}


@pytest.mark.parametrize("role", WAITING)
def test_home_costs_the_same_queries_with_1_or_50_waiting(client, plan_2018, cast, unit, role):
    world = World(plan_2018, cast, unit)
    client.force_login(cast[role])
    url = reverse("home")

    WAITING[role](world, 1)
    one, first = queries_for(client, url)
    WAITING[role](world, 49)
    fifty, second = queries_for(client, url)

    assert (one, fifty) == (one, one)
    assert one <= MAX_QUERIES
    assert len(second.content) < 300_000


def test_the_office_sees_how_many_units_not_their_list(client, plan_2018, cast):
    UnitFactory.create_batch(3)
    client.force_login(cast["standing_office"])

    response = client.get(reverse("home"))

    assert response.context["units_count"] == 5  # and the cast's two
    assert response.context["units"] == []


def test_a_secretary_still_sees_the_deadline_her_unit_has_an_extension_of(client, plan_2018, cast, unit):
    registration = plan_2018.deadlines.get(kind="registration")  # closed on 15/01/2018
    Extension.objects.create(
        deadline=registration,
        unit=unit,
        due_at=dt.datetime(2018, 1, 25, 17, 0, tzinfo=HCM),
        reason="Bão",
        granted_by=cast["standing_office"],
    )
    client.force_login(cast["secretary"])

    with time_machine.travel(dt.datetime(2018, 1, 20, 9, 0, tzinfo=HCM), tick=False):
        deadlines = client.get(reverse("home")).context["deadlines"]

    assert [(d.kind, s.state) for d, s in deadlines][0] == ("registration", "extended")
