"""departments 0008_data_: the organisation over time built from what the database held before."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("departments", "0007_departmentperiod_membership_unitevent_and_more"),
    ("emulation", "0007_campaign_rules_several_dossiers"),
]
AFTER = [
    ("departments", "0009_unit_active_until_ended"),
    ("emulation", "0010_remove_campaign_department_abbreviation_and_more"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema(transactional_db):
    """The tests after this one need every migration applied, the later ones too, whatever it asserts."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_periods_memberships_and_ended_units_from_the_old_data():
    old = _migrate(BEFORE)
    # What the migrations wrote when the test database was made: the database before 0007 held none.
    old.get_model("departments", "DepartmentPeriod").objects.all().delete()
    Unit, Staff = old.get_model("departments", "Unit"), old.get_model("departments", "Staff")
    Campaign = old.get_model("emulation", "Campaign")
    Campaign.objects.create(
        year=2019,
        name="2019",
        regime="R2017",
        document_profile="TT01_2011",
        governing_body="UBND TỈNH B",
        department_name="SỞ B",
        department_abbreviation="SB",
        place_name="B",
    )
    Campaign.objects.create(
        year=2018, name="2018", regime="R2017", document_profile="TT01_2011",
        governing_body="UBND TỈNH A", department_name="SỞ A", department_abbreviation="SA", place_name="A",
    )  # fmt: skip
    open_unit = Unit.objects.create(code="VP", name="Văn phòng", kind="office")
    closed = Unit.objects.create(code="CU", name="Phòng cũ", kind="division", active=False)
    common = {"gender": "male", "employment_type": "civil_servant", "recruited_on": dt.date(2010, 3, 1)}
    Staff.objects.create(code="VP-1", full_name="An", unit=open_unit, **common)
    Staff.objects.create(code="CU-1", full_name="Bình", unit=closed, left_on=dt.date(2015, 1, 31), **common)

    new = _migrate(AFTER)

    Period, Membership = (
        new.get_model("departments", "DepartmentPeriod"),
        new.get_model("departments", "Membership"),
    )
    assert list(
        Period.objects.values_list(
            "valid_from", "valid_to", "governing_body", "name", "abbreviation", "place_name"
        )
    ) == [(dt.date(2000, 1, 1), None, "UBND TỈNH A", "SỞ A", "SA", "A")]
    assert sorted(Membership.objects.values_list("staff__code", "unit__code", "starts_on", "ends_on")) == [
        ("CU-1", "CU", dt.date(2010, 3, 1), dt.date(2015, 1, 31)),
        ("VP-1", "VP", dt.date(2010, 3, 1), None),
    ]
    ended = new.get_model("departments", "Unit").objects.get(code="CU")
    assert (ended.active, ended.valid_to is not None) == (False, True)
