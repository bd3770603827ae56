"""The reward history records the kind of each reward (annual, ad-hoc, by phase or theme) so that ad-hoc and
thematic rewards can be kept out of the basis of higher merit rewards (NĐ 152/2025 Art 4 k3)."""

import datetime as dt
import importlib

import pytest
import time_machine

from awards import selectors, services
from awards.enums import RewardKind
from awards.models import Dossier, Nominee, RewardRecord
from tests.awards.conftest import BEFORE, title
from tests.awards.test_dossiers import to_vote, vote_all


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def decided(cast, councillors, dossier):
    session = to_vote(dossier, cast, councillors)
    vote_all(session, councillors, lambda i, n: "yes")
    services.session_close(session=session, by=cast["standing_office"])
    for nominee in Nominee.objects.filter(dossier=dossier):
        services.nominee_decide(nominee=nominee, approve=True, by=cast["director"])
    services.decision_issue(
        campaign=dossier.campaign,
        kind="decision",
        issued_on=dt.date(2018, 12, 1),
        signer="A",
        by=cast["director"],
    )


def test_a_giay_khen_of_an_ad_hoc_dossier_is_recorded_as_ad_hoc(cast, councillors, staff, complete_dossier):
    decided(cast, councillors, complete_dossier((staff, "GK_GD"), kind="ad_hoc"))

    assert list(RewardRecord.objects.values_list("title__code", "kind")) == [("GK_GD", RewardKind.AD_HOC)]


def test_the_rewards_of_the_last_phase_are_annual(cast, councillors, registered, complete_dossier):
    decided(cast, councillors, complete_dossier((registered(), "LDTT"), (registered(), "GK_GD")))

    assert sorted(RewardRecord.objects.values_list("title__code", "kind")) == [
        ("GK_GD", RewardKind.ANNUAL),
        ("LDTT", RewardKind.ANNUAL),
    ]


def test_a_form_of_reward_of_an_earlier_phase_is_thematic(plan_2018, unit, staff):
    dossier = Dossier.objects.create(campaign=plan_2018, unit=unit, phase=plan_2018.phases.get(number=1))

    nominee = Nominee(dossier=dossier, staff=staff, title=title("GK_GD"))

    assert selectors.reward_kind_of(nominee) == RewardKind.THEMATIC


def test_a_hand_entry_is_annual_unless_said_otherwise(plan_2018, cast, staff):
    annual = services.reward_record_add(
        by=cast["standing_office"], year=2016, title=title("LDTT"), decision_number="30/QĐ-STP", staff=staff
    )
    ad_hoc = services.reward_record_add(
        by=cast["standing_office"],
        year=2016,
        title=title("GK_GD"),
        decision_number="31/QĐ-STP",
        staff=staff,
        kind=RewardKind.AD_HOC,
    )

    assert (annual.kind, ad_hoc.kind) == (RewardKind.ANNUAL, RewardKind.AD_HOC)


def test_the_data_migration_derives_the_kind_of_past_decisions(cast, councillors, staff, complete_dossier):
    from django.apps import apps

    migration = importlib.import_module("awards.migrations.0006_data_reward_kind")
    decided(cast, councillors, complete_dossier((staff, "GK_GD"), kind="ad_hoc"))
    RewardRecord.objects.update(kind=RewardKind.ANNUAL)  # as the schema migration left it

    migration.derive_kinds(apps, None)

    assert list(RewardRecord.objects.values_list("kind", flat=True)) == [RewardKind.AD_HOC]
