"""Two Directors' clicks at once, and two approvals racing for the last CSTĐCS place: PostgreSQL row locks
make exactly one succeed. SQLite serialises writers anyway, so these run on PostgreSQL (as in CI)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from awards import services
from awards.enums import DirectorDecision
from awards.models import Decision, Nominee
from tests.awards.conftest import BEFORE
from tests.awards.test_dossiers import voted

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are tested on PostgreSQL (make test with DATABASE_URL)",
)


def race(*calls):
    """Run the calls in threads released together, one per call; return what each raised (None: it passed)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 -- any failure is the outcome; the test inspects it
            outcomes[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def prepared(transactional_db, plan_2018, cast, councillors, registered, complete_dossier):
    with time_machine.travel(BEFORE, tick=False):
        yield


def test_two_clicks_on_the_same_nominee_one_wins(prepared, cast, councillors, registered, complete_dossier):
    with time_machine.travel(BEFORE, tick=False):
        nominee = voted(cast, councillors, complete_dossier, (registered(), "LDTT")).get()

    outcomes = race(
        lambda: services.nominee_decide(nominee=nominee, approve=True, by=cast["director"]),
        lambda: services.nominee_decide(nominee=nominee, approve=False, by=cast["director"]),
    )

    assert sorted(error is None for error in outcomes) == [False, True]
    assert [getattr(e, "code", repr(e)) for e in outcomes if e] == ["already_decided"]
    assert Nominee.objects.get().director_decision in {DirectorDecision.APPROVED, DirectorDecision.REJECTED}


def test_two_decisions_at_once_name_each_approval_once(
    prepared, cast, councillors, registered, complete_dossier, plan_2018
):
    with time_machine.travel(BEFORE, tick=False):
        nominee = voted(cast, councillors, complete_dossier, (registered(), "LDTT")).get()
    services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])

    outcomes = race(
        *[
            lambda: services.decision_issue(
                campaign=plan_2018,
                kind="decision",
                issued_on=dt.date(2018, 12, 1),
                signer="A",
                by=cast["director"],
            )
            for _ in range(2)
        ]
    )

    assert [getattr(e, "code", repr(e)) for e in outcomes if e] == ["nothing"]
    assert list(Decision.objects.values_list("number", flat=True)) == [1]
