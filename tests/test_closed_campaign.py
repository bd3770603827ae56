"""A closed campaign refuses every write of every workflow, with the same Vietnamese message."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from awards import services as awards
from emulation.enums import Regime
from emulation.models import Campaign
from emulation.services import campaign_rules_update, registration_save
from initiatives.services import AuthorInput, initiative_save
from tests.initiatives.conftest import BEFORE, INITIATIVE_DATA

WRITES = {
    "registration": lambda c, cast, unit, staff: registration_save(
        campaign=c,
        unit=unit,
        by=cast["secretary"],
        version=None,
        collective_title=None,
        collective_reward=None,
        commitment="",
        lines=[],
    ),
    "initiative": lambda c, cast, unit, staff: initiative_save(
        campaign=c,
        unit=unit,
        by=cast["secretary"],
        data=INITIATIVE_DATA,
        authors=[AuthorInput(staff=staff, share=Decimal(100))],
    ),
    "dossier": lambda c, cast, unit, staff: awards.dossier_save(
        by=cast["secretary"], campaign=c, unit=unit, data={"kind": "ad_hoc"}
    ),
    "council session": lambda c, cast, unit, staff: awards.session_open(
        campaign=c,
        name="Phiên 1",
        held_on=dt.date(2018, 11, 25),
        members=[],
        dossiers=[],
        by=cast["standing_office"],
    ),
    "decision": lambda c, cast, unit, staff: awards.decision_issue(
        campaign=c, kind="decision", issued_on=dt.date(2018, 12, 1), signer="Giám đốc", by=cast["director"]
    ),
    "exemplary model": lambda c, cast, unit, staff: awards.exemplary_propose(
        campaign=c, unit=unit, description="Điển hình", by=cast["standing_office"]
    ),
    "legal parameters": lambda c, cast, unit, staff: campaign_rules_update(
        campaign=c, data={"quota_rounding": "ceil"}, reason="Thử", by=cast["standing_office"], version=1
    ),
}


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize("what", list(WRITES))
def test_a_closed_campaign_refuses_the_write(plan_2018, cast, unit, staff, what):
    Campaign.objects.filter(pk=plan_2018.pk).update(closed=True, regime=Regime.R2017)
    plan_2018.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        WRITES[what](plan_2018, cast, unit, staff)

    assert error.value.code == "closed"
    assert error.value.messages == ["Phong trào thi đua năm 2018 đã kết thúc: không thể thay đổi gì nữa."]
