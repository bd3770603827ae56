"""The province-scale data set (`manage.py seed_scale`): about a thousand units and thirty thousand staff
with four years of records, one campaign carried through to the Director's decision, for the benchmarks
(bench/) and for trying pages at the size of a province.

Synthetic, and written in large batches (COPY on PostgreSQL, bulk_create elsewhere: home/scale/writing.py):
it bypasses the services, `save()` and the audit signals, so no audit entry exists for these rows and nothing
here checks a rule the services would (the data are shaped to be plausible, not checked).

The demo's reference data (titles, the 2018 plan, bonuses, criteria) are loaded first and the campaign is
the plan's, or a copy of it for another year, as the demo does. Everything comes from one
random.Random(seed): the same arguments build the same rows.
"""

import random
from dataclasses import dataclass

from django.db import connection, transaction

from departments.models import Staff, Unit, User
from emulation import demo
from emulation.models import Campaign, Title
from emulation.services import campaign_copy
from home.scale.campaign import (
    build_blocs,
    build_dossiers,
    build_initiatives,
    build_notifications,
    build_registrations,
    build_reward_history,
)
from home.scale.context import MIN_UNIT_SIZE, PASSWORD, Context
from home.scale.people import (
    build_accounts,
    build_staff,
    build_staff_years,
    build_unit_years,
    build_units,
    unit_sizes,
)

__all__ = ["MIN_UNIT_SIZE", "PASSWORD", "ScaleResult", "scale_refusal", "seed_scale", "unit_sizes"]


@dataclass
class ScaleResult:
    campaign: Campaign
    counts: dict[str, int]
    accounts: list[tuple[str, str, str]]  # username, role, unit name


def scale_refusal() -> str:
    """Why this database cannot take the scale set ("" when it can): it must hold no unit, no staff and
    no login yet (a database only migrated), so that synthetic rows never mix with real or demo ones."""
    units, staff, users = Unit.objects.count(), Staff.objects.count(), User.objects.count()
    if units or staff or users:
        return (
            f"Cơ sở dữ liệu đã có dữ liệu ({units} đơn vị, {staff} công chức, viên chức, {users} tài khoản): "
            "bộ dữ liệu quy mô tỉnh chỉ được nạp vào một cơ sở dữ liệu mới (vừa migrate), để dữ liệu tổng "
            "hợp không lẫn với dữ liệu thật hay dữ liệu demo. Hãy tạo một cơ sở dữ liệu riêng."
        )
    return ""


# --- The whole set --------------------------------------------------------------------------------------


def _campaign(year: int) -> Campaign:
    demo.load_plan()
    plan = Campaign.objects.get(year=demo.SOURCE_YEAR)
    return plan if year == demo.SOURCE_YEAR else campaign_copy(source=plan, year=year)


@transaction.atomic
def seed_scale(*, units: int, staff: int, seed: int, year: int = demo.SOURCE_YEAR) -> ScaleResult:
    """Build the province-scale set into an empty database (scale_refusal() is "" — the caller checks). Raises
    ValidationError (nothing written) for an invalid year. Bulk writes: no audit entries."""
    rng = random.Random(seed)
    campaign = _campaign(year)
    titles = {title.code: title for title in Title.objects.all()}
    ctx = Context(rng=rng, year=year, campaign=campaign, titles=titles)
    sizes = unit_sizes(rng, units=units, staff=staff)
    patterns = build_units(ctx, sizes)
    build_staff(ctx, sizes, patterns)
    build_staff_years(ctx)
    accounts = build_accounts(ctx, sizes)
    build_blocs(ctx)
    lines, excellent = build_registrations(ctx)
    ctx.excellent = excellent
    build_unit_years(ctx, excellent)
    recognised = build_initiatives(ctx, lines)
    build_reward_history(ctx, lines)
    build_dossiers(ctx, lines, recognised)
    build_notifications(ctx)
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: with the empty tables' estimates the overview took 750 ms.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ScaleResult(campaign=campaign, counts=ctx.counts, accounts=accounts)
