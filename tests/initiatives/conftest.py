import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from initiatives.services import AuthorInput, initiative_save, initiative_transition, round_open
from tests.factories import StaffFactory, UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2018, 10, 20, 9, 0, tzinfo=HCM)
CLOSES = dt.datetime(2018, 11, 1, 0, 0, tzinfo=HCM)

INITIATIVE_DATA = {
    "title": "Số hóa sổ hộ tịch tại cấp xã",
    "field": "Hộ tịch",
    "kind": "management",
    "first_applied_on": dt.date(2018, 3, 1),
    "description": "Quét và lập chỉ mục sổ hộ tịch, tra cứu trên máy tính thay vì sổ giấy.",
    "conditions": "Máy quét, phần mềm quản lý hộ tịch.",
    "benefits": "Giảm thời gian tra cứu từ 30 phút xuống 2 phút.",
}


@pytest.fixture
def council(db):
    """Seven members of the initiative council; the first is also a staff member (an author later)."""
    members = [UserFactory(username=f"sangkien{i}", is_initiative_council=True) for i in range(1, 8)]
    return members


@pytest.fixture
def file_initiative(plan_2018, cast, unit):
    def _file(authors=None, submit=True, by=None):
        by = by or cast["secretary"]
        authors = authors or [AuthorInput(staff=StaffFactory(unit=unit), share=Decimal(100))]
        initiative = initiative_save(
            campaign=plan_2018, unit=unit, by=by, data=INITIATIVE_DATA, authors=authors
        )
        if submit:
            initiative = initiative_transition(initiative=initiative, to_state="submitted", by=by)
        return initiative

    return _file


@pytest.fixture
def open_round(cast):
    """Open an evaluation round on `initiative` with `members`; the initiative is reloaded in place."""

    def _open(initiative, members):
        evaluation_round = round_open(
            campaign=initiative.campaign,
            name="Phiên 1",
            members=members,
            initiatives=[initiative],
            by=cast["standing_office"],
        )
        initiative.refresh_from_db()
        return evaluation_round

    return _open
