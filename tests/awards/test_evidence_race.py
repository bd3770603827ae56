"""Two dossiers using the same initiative at the same moment: the initiative's row lock makes exactly one
succeed. Runs on PostgreSQL (SQLite serialises writers anyway)."""

import threading
import time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from awards import services
from awards.models import Nominee
from tests.awards.conftest import BEFORE, title
from tests.awards.test_concurrency import race
from tests.awards.test_dossiers import recognised_initiative

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are tested on PostgreSQL (make test with DATABASE_URL)",
)


def test_two_dossiers_using_one_initiative_at_once_one_wins(
    transactional_db, plan_2018, cast, registered, complete_dossier
):
    with time_machine.travel(BEFORE, tick=False):
        person = registered("CSTDCS")
        initiative = recognised_initiative(plan_2018, person)
        phase, ad_hoc = complete_dossier(), complete_dossier(kind="ad_hoc")

        outcomes = race(
            lambda: services.nominee_add(
                dossier=phase,
                by=cast["secretary"],
                title=title("CSTDCS"),
                staff=person,
                initiative=initiative,
            ),
            lambda: services.nominee_add(
                dossier=ad_hoc,
                by=cast["secretary"],
                title=title("GK_GD"),
                staff=person,
                initiative=initiative,
            ),
        )

    failures = [outcome for outcome in outcomes if outcome is not None]
    assert len(failures) == 1
    assert isinstance(failures[0], ValidationError)
    assert failures[0].code == "evidence_used"
    assert Nominee.objects.filter(initiative=initiative).count() == 1


def test_a_second_use_waits_for_the_first_to_commit_and_is_refused(
    transactional_db, plan_2018, cast, registered, complete_dossier
):
    """Deterministic: the first use is written but not committed when the second checks the ledger; without
    the row lock the second would not see it and both would pass."""
    with time_machine.travel(BEFORE, tick=False):
        person = registered("CSTDCS")
        initiative = recognised_initiative(plan_2018, person)
        phase, ad_hoc = complete_dossier(), complete_dossier(kind="ad_hoc")
        added, outcome = threading.Event(), {}

        def first():
            try:
                with transaction.atomic():
                    services.nominee_add(
                        dossier=phase,
                        by=cast["secretary"],
                        title=title("CSTDCS"),
                        staff=person,
                        initiative=initiative,
                    )
                    added.set()
                    time.sleep(1)  # the second now checks, and must wait for this commit
            finally:
                added.set()
                connection.close()

        def second():
            added.wait(30)
            try:
                services.nominee_add(
                    dossier=ad_hoc,
                    by=cast["secretary"],
                    title=title("GK_GD"),
                    staff=person,
                    initiative=initiative,
                )
            except ValidationError as error:
                outcome["error"] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert outcome["error"].code == "evidence_used"
    assert list(Nominee.objects.filter(initiative=initiative).values_list("dossier", flat=True)) == [phase.pk]
