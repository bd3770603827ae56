"""The ballot is secret from the database too (awards/secrecy.py): no row, column, order, statement, log line
or transaction id links a member to a choice; the sealed tally changes at every vote, cannot be read without
the key, counts right at the close and refuses to be read wrongly."""

import base64
import logging
import os
import re
import subprocess
import sys

import pytest
import time_machine
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors, services
from awards.enums import Choice
from awards.enums import DossierState as D
from awards.models import BallotReceipt, CouncilSession, Dossier, Nominee, SealedTally
from awards.secrecy import SealedTallyError, Tally, seal, unseal
from tests.awards.conftest import BEFORE, opened_tally
from tests.awards.test_concurrency import race
from tests.awards.test_dossiers import to_vote, vote_all

OTHER_KEY = base64.urlsafe_b64encode(b"another-key-of-exactly-32-bytes!").decode()
ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="transaction ids and row locks are PostgreSQL's (make test with DATABASE_URL)",
)


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def database_rows() -> dict[str, list[dict]]:
    """Every row of every table of the project (Django's and the packages' too), by table."""
    return {
        model._meta.db_table: [
            {name: bytes(value) if isinstance(value, memoryview) else value for name, value in row.items()}
            for row in model.objects.order_by("pk").values()
        ]
        for model in apps.get_models(include_auto_created=True)
    }


def two_nominees(cast, councillors, registered, complete_dossier):
    anh, bich = registered(full_name="Phạm Minh Anh"), registered(full_name="Võ Thị Bích")
    session = to_vote(complete_dossier((anh, "LDTT"), (bich, "LDTT")), cast, councillors)
    return session, {nominee.staff_id: nominee for nominee in selectors.session_nominees(session)}, anh, bich


# --- What the database holds ---------------------------------------------------------------------------


def test_a_vote_writes_only_a_receipt_without_choice_and_the_sealed_tally(
    cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    before = database_rows()

    vote_all(session, councillors, lambda i, n: ["yes", "no", "blank"][i])

    after = database_rows()
    changed = {table for table in after if after[table] != before[table]}
    # The audit trail records who voted (the receipts, core/audit.py), never the tally.
    assert changed == {
        "awards_ballotreceipt",
        "awards_sealedtally",
        "auditlog_logentry",
        "core_auditseal",
        "core_auditchainhead",
    }
    new_entries = [row for row in after["auditlog_logentry"] if row not in before["auditlog_logentry"]]
    receipt_type = ContentType.objects.get_for_model(BallotReceipt).pk
    assert [(row["content_type_id"], row["action"]) for row in new_entries] == [(receipt_type, 0)] * len(
        councillors
    )
    assert after["awards_ballotreceipt"] == [
        {"id": receipt.pk, "session_id": session.pk, "member_id": member.pk}
        for receipt, member in zip(BallotReceipt.objects.order_by("pk"), councillors, strict=True)
    ]
    [tally_row] = after["awards_sealedtally"]
    assert set(tally_row) == {"session_id", "sealed"}
    assert isinstance(tally_row["sealed"], bytes)
    assert Nominee.objects.values_list("votes_yes", "votes_no", "votes_blank", "council_passed").get() == (
        None,
        None,
        None,
        None,
    )


def test_no_column_of_the_project_holds_a_choice_and_the_ballot_tables_hold_no_time(db):
    choice_values = set(Choice.values)
    choice_columns = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models(include_auto_created=True)
        for f in model._meta.concrete_fields
        if f.choices and {value for value, _ in f.flatchoices} & choice_values
    ]
    ballot_fields = {
        model.__name__: {f.name: f.get_internal_type() for f in model._meta.concrete_fields}
        for model in (BallotReceipt, SealedTally)
    }

    assert choice_columns == []
    assert ballot_fields == {
        "BallotReceipt": {"id": "BigAutoField", "session": "ForeignKey", "member": "ForeignKey"},
        "SealedTally": {"session": "OneToOneField", "sealed": "BinaryField"},
    }
    assert auditlog.contains(BallotReceipt)
    assert not auditlog.contains(SealedTally)


def test_a_vote_sends_no_choice_in_clear_to_the_database_or_the_logs(
    client, caplog, cast, councillors, registered, complete_dossier
):
    session, nominees, anh, bich = two_nominees(cast, councillors, registered, complete_dossier)
    client.force_login(councillors[0])
    caplog.set_level(logging.DEBUG, logger="django.db.backends")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("awards:ballot-cast", args=[session.pk]),
            {f"nominee_{nominees[anh.pk].pk}": "blank", f"nominee_{nominees[bich.pk].pk}": "no"},
        )

    statements = [query["sql"] for query in queries]
    writes = [re.match(r'(INSERT INTO|UPDATE|DELETE FROM) "(\w+)"', sql) for sql in statements]
    assert (response.status_code, opened_tally(session).ballots) == (302, 1)
    assert sorted({(w[1], w[2]) for w in writes if w and w[2].startswith("awards_")}) == [
        ("INSERT INTO", "awards_ballotreceipt"),
        ("UPDATE", "awards_sealedtally"),
    ]
    in_clear = re.compile(r"\b(yes|no|blank)\b")
    assert [sql for sql in statements if in_clear.search(sql)] == []
    # The statements are logged too (django.db.backends); no record of the request names a choice.
    assert len([r for r in caplog.records if r.name == "django.db.backends"]) == len(statements)
    # (The sealed bytes are logged as a bytes literal, whose random characters are no word: left out.)
    messages = [
        re.sub(r"b'(?:[^'\\]|\\.)*'|b\"(?:[^\"\\]|\\.)*\"", "", r.getMessage()) for r in caplog.records
    ]
    assert [message for message in messages if in_clear.search(message)] == []


def test_a_failed_vote_s_error_report_masks_the_choices_posted(
    settings, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    settings.ADMINS = [("Quản trị", "quantri@stp.example.vn")]
    settings.BALLOT_KEY = OTHER_KEY  # the vote fails: the tally cannot be opened
    client = Client(raise_request_exception=False)
    client.force_login(councillors[0])

    response = client.post(
        reverse("awards:ballot-cast", args=[session.pk]), {f"nominee_{nominee.pk}": "blank"}
    )

    [report] = mail.outbox
    assert response.status_code == 500
    assert "SealedTallyError" in report.body
    assert f"nominee_{nominee.pk} = '********************'" in report.body
    assert "blank" not in report.body
    assert BallotReceipt.objects.count() == 0


# --- The sealed tally ----------------------------------------------------------------------------------


def test_the_same_counts_seal_to_different_bytes_of_the_same_length(settings):
    tally = Tally(ballots=3, counts={7: [2, 1, 0], 8: [0, 0, 3]})

    first, second = seal(tally, session_pk=1), seal(tally, session_pk=1)
    tens = seal(Tally(ballots=10, counts={7: [10, 0, 0], 8: [0, 10, 0]}), session_pk=1)

    assert first != second
    assert first[:12] != second[:12]  # a fresh nonce each time
    assert len(first) == len(second) == len(tens) == 12 + 5 + 2 * 20 + 16
    assert unseal(first, session_pk=1) == unseal(second, session_pk=1) == tally


def test_the_sealed_tally_cannot_be_read_without_its_key_nor_in_another_session(settings):
    sealed = seal(Tally(ballots=3, counts={7: [2, 1, 0]}), session_pk=1)

    with pytest.raises(SealedTallyError) as moved:
        unseal(sealed, session_pk=2)
    settings.BALLOT_KEY = OTHER_KEY
    with pytest.raises(SealedTallyError) as wrong_key:
        unseal(sealed, session_pk=1)

    assert "cannot be opened" in str(moved.value)
    assert "BALLOT_KEY is not the key it was sealed with" in str(wrong_key.value)
    # Neither the nominee's id nor the counts, as the plaintext packs them, are in the bytes.
    assert (b"\x00" * 7 + b"\x07") not in sealed
    assert (b"\x00\x00\x00\x02\x00\x00\x00\x01") not in sealed


def test_each_vote_seals_the_tally_anew_and_the_close_counts_it(
    cast, councillors, registered, complete_dossier
):
    session, nominees, anh, bich = two_nominees(cast, councillors, registered, complete_dossier)
    ballots = {anh.pk: ["yes", "yes", "no"], bich.pk: ["no", "blank", "yes"]}
    versions = [bytes(SealedTally.objects.get().sealed)]

    for index, member in enumerate(councillors):
        services.ballot_cast(
            session=session,
            member=member,
            choices={nominee.pk: ballots[staff][index] for staff, nominee in nominees.items()},
        )
        versions.append(bytes(SealedTally.objects.get().sealed))
    services.session_close(session=session, by=cast["standing_office"])

    assert len(set(versions)) == 4
    assert {len(version) for version in versions} == {12 + 5 + 2 * 20 + 16}
    totals = Nominee.objects.order_by("staff__full_name").values_list(
        "staff__full_name", "votes_yes", "votes_no", "votes_blank", "votes_base", "council_passed"
    )
    # LĐTT: a simple majority of all three members.
    assert list(totals) == [("Phạm Minh Anh", 2, 1, 0, 3, True), ("Võ Thị Bích", 1, 1, 1, 3, False)]
    assert SealedTally.objects.count() == 0
    assert Dossier.objects.get().state == D.VOTED


def test_a_vote_after_the_close_is_refused_and_counts_nothing(
    cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "yes"})
    services.session_close(session=session, by=cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        services.ballot_cast(session=session, member=councillors[1], choices={nominee.pk: "yes"})

    assert (error.value.code, error.value.messages) == ("closed", ["Đã kết thúc bỏ phiếu."])
    assert BallotReceipt.objects.count() == 1
    assert Nominee.objects.values_list("votes_yes", "votes_no", "votes_blank").get() == (1, 0, 0)


def test_a_wrong_key_stops_the_vote_and_the_close_and_writes_nothing(
    settings, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "yes"})
    sealed = bytes(SealedTally.objects.get().sealed)
    settings.BALLOT_KEY = OTHER_KEY

    with pytest.raises(SealedTallyError):
        services.ballot_cast(session=session, member=councillors[1], choices={nominee.pk: "yes"})
    with pytest.raises(SealedTallyError):
        services.session_close(session=session, by=cast["standing_office"])

    session.refresh_from_db()
    assert (session.is_open, Dossier.objects.get().state) == (True, D.AT_COUNCIL)
    assert Nominee.objects.values_list("votes_yes", "council_passed").get() == (None, None)
    assert (BallotReceipt.objects.count(), bytes(SealedTally.objects.get().sealed)) == (1, sealed)


def test_an_older_tally_put_back_or_a_missing_one_is_refused(cast, councillors, registered, complete_dossier):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()
    services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "no"})
    older = bytes(SealedTally.objects.get().sealed)
    services.ballot_cast(session=session, member=councillors[1], choices={nominee.pk: "no"})

    SealedTally.objects.update(sealed=older)
    with pytest.raises(SealedTallyError) as replayed:
        services.session_close(session=session, by=cast["standing_office"])
    SealedTally.objects.all().delete()
    with pytest.raises(SealedTallyError) as missing:
        services.ballot_cast(session=session, member=councillors[2], choices={nominee.pk: "yes"})

    assert (
        str(replayed.value)
        == f"The sealed tally of council session {session.pk} counts 1 ballots for 2 receipts."
    )
    assert str(missing.value) == f"Council session {session.pk} has no sealed tally."
    assert (CouncilSession.objects.get().is_open, BallotReceipt.objects.count()) == (True, 2)


def test_a_paper_ballot_has_no_sealed_tally_and_keeps_its_typed_tally(
    cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors, paper_ballot=True)
    nominee = selectors.session_nominees(session).get()
    had_tally = SealedTally.objects.exists()

    services.session_close(session=session, by=cast["standing_office"], paper_tally={nominee.pk: (2, 1, 0)})

    assert had_tally is False
    assert Nominee.objects.values_list("votes_yes", "votes_no", "votes_blank", "council_passed").get() == (
        2,
        1,
        0,
        True,
    )


# --- The key at start-up -------------------------------------------------------------------------------


def _start(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "BALLOT_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings'; django.setup()",
        ],
        env={**clean, "DEBUG": "false", "SECRET_KEY": "x" * 40, **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({}, "BALLOT_KEY must be set when DEBUG is off"),
        ({"BALLOT_KEY": "c2hvcnQ="}, "BALLOT_KEY must be 32 random bytes in base64"),
        ({"BALLOT_KEY": "not base64 at all!"}, "BALLOT_KEY must be 32 random bytes in base64"),
        ({"BALLOT_KEY": django_settings.DEV_BALLOT_KEY}, "BALLOT_KEY must not be the development key"),
    ],
)
def test_production_without_a_proper_ballot_key_refuses_to_start(env, error):
    result = _start(**env)

    assert result.returncode == 1
    assert error in result.stderr


def test_production_with_a_ballot_key_starts_and_the_demo_has_its_own():
    assert _start(BALLOT_KEY=OTHER_KEY).returncode == 0
    assert _start(DEBUG="true").returncode == 0


# --- On PostgreSQL: transaction ids and a second vote racing -------------------------------------------


@pytest.fixture
def committed(transactional_db, plan_2018, cast, councillors, registered, complete_dossier):
    """Every service call commits its own transaction, as in production."""
    with time_machine.travel(BEFORE, tick=False):
        yield


def xmins(table: str, where: str = "") -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} {where} ORDER BY 1")  # noqa: S608 -- our own names
        return [row[0] for row in cursor.fetchall()]


@ON_POSTGRESQL
def test_on_postgresql_no_row_with_choices_shares_a_transaction_with_a_receipt_after_the_close(
    committed, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT"), (registered(), "LDTT")), cast, councillors)
    vote_all(session, councillors, lambda i, n: ["yes", "no", "blank"][i])
    receipts = xmins("awards_ballotreceipt")
    [last_voter_s] = xmins("awards_ballotreceipt", f"WHERE member_id = {councillors[2].pk}")
    [open_tally], open_nominees = xmins("awards_sealedtally"), xmins("awards_nominee")

    services.session_close(session=session, by=cast["standing_office"])

    # Open: the sealed row was last rewritten by the last vote's transaction, whose savepoint wrote that
    # voter's receipt (a subtransaction: the next id). It says her vote changed the tally, which every vote
    # does; its bytes are sealed anew each time.
    first, second, last = sorted(int(xid) for xid in receipts)
    assert (first < second < int(open_tally) < last, last) == (True, int(last_voter_s))
    assert set(open_nominees).isdisjoint(receipts)
    # Closed: the sealed row is gone; the totals carry the closing transaction's ids (its own, or those of
    # its savepoints: core.audit.update_logged), later than every receipt's, which none of them is.
    closed_nominees = xmins("awards_nominee")
    assert xmins("awards_sealedtally") == []
    assert min(int(xid) for xid in closed_nominees) > max(int(xid) for xid in receipts)
    assert set(closed_nominees).isdisjoint(receipts)
    assert set(xmins("awards_councilsession")).isdisjoint(receipts)
    assert list(Nominee.objects.values_list("votes_yes", "votes_no", "votes_blank")) == [(1, 1, 1)] * 2


@ON_POSTGRESQL
def test_on_postgresql_a_member_voting_twice_at_once_is_counted_once(
    committed, cast, councillors, registered, complete_dossier
):
    session = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    nominee = selectors.session_nominees(session).get()

    outcomes = race(
        lambda: services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "yes"}),
        lambda: services.ballot_cast(session=session, member=councillors[0], choices={nominee.pk: "no"}),
    )

    refused = [error for error in outcomes if error is not None]
    assert [(e.code, e.messages) for e in refused] == [
        ("already_voted", ["Bạn đã bỏ phiếu trong phiên họp này."])
    ]
    assert (BallotReceipt.objects.count(), opened_tally(session).ballots) == (1, 1)
    assert sum(opened_tally(session).of(nominee.pk)) == 1
    services.session_close(session=session, by=cast["standing_office"])
    assert sum(Nominee.objects.values_list("votes_yes", "votes_no", "votes_blank").get()) == 1


# --- The migration -------------------------------------------------------------------------------------

BEFORE_SEALING = [("awards", "0008_councilsession_minutes_fields")]
SEALED = [("awards", "0009_sealed_ballot_tally")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema(committed):
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_seals_an_open_ballot_s_choices_and_keeps_a_closed_one_s_totals(
    back_to_the_latest_schema, cast, councillors, registered, complete_dossier
):
    closed = to_vote(complete_dossier((registered(), "LDTT")), cast, councillors)
    vote_all(closed, councillors, lambda i, n: ["yes", "yes", "no"][i])
    services.session_close(session=closed, by=cast["standing_office"])
    open_session = to_vote(complete_dossier((registered(), "GK_GD"), kind="ad_hoc"), cast, councillors)
    [open_nominee] = selectors.session_nominees(open_session)
    services.ballot_cast(session=open_session, member=councillors[0], choices={open_nominee.pk: "blank"})

    # Back before the sealing: the open ballot's choice is a row again, next to the member's receipt.
    old = _migrate(BEFORE_SEALING)
    OldChoice, OldReceipt = old.get_model("awards", "BallotChoice"), old.get_model("awards", "BallotReceipt")
    restored = list(OldChoice.objects.values_list("session_id", "nominee_id", "choice"))
    OldReceipt.objects.create(session_id=open_session.pk, member_id=councillors[1].pk)
    OldChoice.objects.create(session_id=open_session.pk, nominee_id=open_nominee.pk, choice="no")

    _migrate(SEALED)

    assert restored == [(open_session.pk, open_nominee.pk, "blank")]
    [sealed] = SealedTally.objects.all()
    assert (sealed.session_id, opened_tally(open_session)) == (
        open_session.pk,
        Tally(ballots=2, counts={open_nominee.pk: [0, 1, 1]}),
    )
    closed_totals = Nominee.objects.filter(dossier__council_session=closed).values_list(
        "votes_yes", "votes_no", "votes_blank", "council_passed"
    )
    assert list(closed_totals) == [(2, 1, 0, True)]
    services.ballot_cast(session=open_session, member=councillors[2], choices={open_nominee.pk: "yes"})
    services.session_close(session=open_session, by=cast["standing_office"])
    open_nominee.refresh_from_db()
    assert (open_nominee.votes_yes, open_nominee.votes_no, open_nominee.votes_blank) == (1, 1, 1)
