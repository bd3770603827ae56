"""Two requests at the same moment that may create a row only once: the first save of a sheet, an extension
grant, a campaign copy. Both pass the check before writing; the database's unique constraint stops the
second, which gets the same Vietnamese refusal as the check's, never a 500 (issue 15). Row-level races need
a server that runs them at once: PostgreSQL, as in CI."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from emulation.models import Campaign, Extension, Registration
from emulation.services import LineInput, campaign_copy, extension_grant
from tests.awards.test_concurrency import race
from tests.emulation.test_registrations import BEFORE, HCM, save, title

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races are run on PostgreSQL (make test with DATABASE_URL)"
)


def _refused(outcomes, code):
    """Exactly one call passed; the other was refused with a ValidationError of `code`."""
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["NoneType", "ValidationError"]
    (refusal,) = [outcome for outcome in outcomes if outcome is not None]
    assert refusal.code == code, refusal


def test_two_first_saves_of_a_sheet_at_once_make_one_sheet(transactional_db, plan_2018, unit, staff, cast):
    with time_machine.travel(BEFORE, tick=False):
        lines = [LineInput(staff, title("LDTT"))]
        outcomes = race(*[lambda: save(plan_2018, unit, cast["secretary"], lines)] * 2)
    _refused(outcomes, "stale")
    assert Registration.objects.count() == 1


def test_two_grants_of_an_extension_at_once_make_one(transactional_db, plan_2018, unit, cast):
    deadline = plan_2018.deadlines.get(kind="registration")
    due_at = dt.datetime(2018, 1, 20, tzinfo=HCM)

    def grant():
        extension_grant(
            deadline=deadline, unit=unit, due_at=due_at, reason="Đi công tác", by=cast["standing_office"]
        )

    _refused(race(grant, grant), "exists")
    assert Extension.objects.count() == 1


def test_two_copies_of_a_campaign_at_once_make_one(transactional_db, plan_2018):
    _refused(race(*[lambda: campaign_copy(source=plan_2018, year=2030)] * 2), "exists")
    assert Campaign.objects.filter(year=2030).count() == 1


def test_the_refusal_is_the_checks_own_when_not_racing(db, plan_2018):
    campaign_copy(source=plan_2018, year=2030)
    with pytest.raises(ValidationError) as error:
        campaign_copy(source=plan_2018, year=2030)
    assert error.value.code == "exists"
