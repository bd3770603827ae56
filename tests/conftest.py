import importlib

import pytest
from django.core.management import call_command

from tests.factories import StaffFactory, UnitFactory, UserFactory


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-django runs the transactional tests (browser, races) after the others, since they flush the
    database, rows the migrations wrote included; pytest then regroups the tests by Playwright's session-wide
    browser parameter, which put the browser tests back in the middle. Order them again, as pytest-django
    does."""
    from pytest_django.plugin import pytest_collection_modifyitems as in_database_order

    in_database_order(items)


@pytest.fixture(autouse=True)
def _department_names(request):
    """The Department's names the migrations wrote (departments 0008_data_), back before each transactional
    test (browser, races): the test before it flushed every table, and neither the serialized copy below nor
    its restoring can be relied on from a live server's or a thread's connection."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from auditlog.context import disable_auditlog
    from django.contrib.contenttypes.models import ContentType

    from departments.models import DepartmentPeriod

    # The flush re-created the content types under new ids: what this process cached of the old ones would
    # give every audit entry (core.audit) a content type that is no longer there.
    ContentType.objects.clear_cache()
    if not DepartmentPeriod.objects.exists():
        migration = importlib.import_module("departments.migrations.0008_data_organisation_over_time")
        with disable_auditlog():  # the migration's own rows, not a change anyone made
            DepartmentPeriod.objects.create(valid_from=migration.START, **migration.DEFAULT)


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Transactional tests (the live server's, the races') flush the database after them; the rows the
    migrations wrote (the Department's names, departments 0007_data_) are put back before each of them.
    pytest-django reads this fixture's name among a test's fixtures, hence autouse (the other tests roll
    back their transaction and ignore it)."""
    return True


@pytest.fixture
def plan_2018(db):
    """The 2018 plan loaded from the fixtures, as the product ships it."""
    call_command("loaddata", "titles", "plan_2018", verbosity=0)
    from emulation.models import Campaign

    return Campaign.objects.get(year=2018)


@pytest.fixture
def unit(db):
    return UnitFactory(code="VP", name="Văn phòng Sở")


@pytest.fixture
def other_unit(db):
    return UnitFactory(code="TTRA", name="Thanh tra Sở")


@pytest.fixture
def staff(unit):
    return StaffFactory(unit=unit, full_name="Nguyễn Thị Thu Hà", code="VP-001")


@pytest.fixture
def other_staff(other_unit):
    return StaffFactory(unit=other_unit, full_name="Lê Văn Bình", code="TTRA-001")


@pytest.fixture
def cast(unit, other_unit):
    """The fixed cast of users, one per role, plus a secretary of another unit."""
    return {
        "secretary": UserFactory(username="thuky", is_secretary=True, unit=unit),
        "other_secretary": UserFactory(username="thuky-khac", is_secretary=True, unit=other_unit),
        "standing_office": UserFactory(username="thuongtruc", is_standing_office=True),
        "council_member": UserFactory(username="hoidong", is_council_member=True),
        "initiative_council": UserFactory(username="sangkien", is_initiative_council=True),
        "director": UserFactory(username="giamdoc", is_director=True),
        "administrator": UserFactory(username="quantri", is_superuser=True, is_staff=True),
    }
