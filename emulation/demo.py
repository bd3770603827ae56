"""Demo data: the 2018 plan, the units and staff of a Sở Tư pháp, four years of records, demo logins, and
the units' 2018 registration sheets (initiatives.demo and awards.demo carry the year on).

Everything is generated from a fixed seed, so every run builds the same rows; rows are keyed on their
natural codes (unit code, staff code, staff and year, username), so running it again changes nothing.

The 2018 year is written through the services users go through, in the order users would. Its deadlines
are long past and the services refuse a closed deadline, so the work runs inside `deadlines_ahead`: the
plan's deadlines are moved two days past today and put back at the plan's dates afterwards (a plain update:
the office's `deadline_set` refuses a date years from the campaign's). Granting every unit an extension
instead would leave nine extensions the real office never gave, and faking the clock (time-machine) is a
test tool, not a runtime one.
"""

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from departments.enums import Discipline, EmploymentType, Gender, TaskGrade, UnitKind
from departments.models import DepartmentPeriod, Staff, StaffYear, Unit, UnitEvent, User
from departments.reorganisation import unit_reorganise
from departments.services import department_period_change, staff_create, staff_update, staff_year_save
from emulation.enums import RegistrationState
from emulation.models import Campaign, Deadline, Title
from emulation.services import (
    LineInput,
    campaign_copy,
    registration_save,
    registration_transition,
    registrations_mark_sent,
)

DEMO_PASSWORD = "thidua-demo"
SOURCE_YEAR = 2018
HISTORY_YEARS = range(2015, 2019)
LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


class UnitSpec(NamedTuple):
    code: str
    name: str
    kind: UnitKind
    size: int
    head: str
    deputy: str
    deputies: int
    # Posts filled after the leaders, in this order; everyone else holds `default_post`.
    posts: tuple[str, ...]
    default_post: str


# fmt: off
UNITS = [  # code, name, kind, size; head, deputy, deputies; posts, default post
    UnitSpec("VP", "Văn phòng Sở", UnitKind.OFFICE, 14,
             "Chánh Văn phòng", "Phó Chánh Văn phòng", 2,
             ("Kế toán", "Văn thư", "Thủ quỹ", "Lái xe", "Bảo vệ"), "Chuyên viên"),
    UnitSpec("TTRA", "Thanh tra Sở", UnitKind.DIVISION, 6,
             "Chánh Thanh tra", "Phó Chánh Thanh tra", 1,
             ("Thanh tra viên", "Thanh tra viên"), "Chuyên viên"),
    UnitSpec("XDKTVB", "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật", UnitKind.DIVISION, 6,
             "Trưởng phòng", "Phó Trưởng phòng", 1,
             (), "Chuyên viên"),
    UnitSpec("PBGDPL", "Phòng Phổ biến, giáo dục pháp luật", UnitKind.DIVISION, 7,
             "Trưởng phòng", "Phó Trưởng phòng", 1,
             (), "Chuyên viên"),
    UnitSpec("HCTP", "Phòng Hành chính tư pháp", UnitKind.DIVISION, 7,
             "Trưởng phòng", "Phó Trưởng phòng", 0,
             (), "Chuyên viên"),
    UnitSpec("BTTP", "Phòng Bổ trợ tư pháp", UnitKind.DIVISION, 6,
             "Trưởng phòng", "Phó Trưởng phòng", 0,
             (), "Chuyên viên"),
    UnitSpec("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước", UnitKind.AFFILIATE, 14,
             "Giám đốc Trung tâm", "Phó Giám đốc Trung tâm", 1,
             ("Kế toán", "Lái xe", "Chuyên viên", "Chuyên viên"), "Trợ giúp viên pháp lý"),
    UnitSpec("PCC1", "Phòng Công chứng số 1", UnitKind.AFFILIATE, 12,
             "Trưởng phòng Công chứng", "Phó Trưởng phòng Công chứng", 1,
             ("Công chứng viên",) * 3 + ("Kế toán", "Tạp vụ"), "Thư ký nghiệp vụ"),
    UnitSpec("DGTS", "Trung tâm Dịch vụ đấu giá tài sản", UnitKind.AFFILIATE, 8,
             "Giám đốc Trung tâm", "Phó Giám đốc Trung tâm", 0,
             ("Đấu giá viên", "Đấu giá viên", "Kế toán"), "Chuyên viên"),
]
# fmt: on

# Drivers, guards and cleaners of state bodies work under labour contracts, not as civil servants.
CONTRACT_POSTS = {"Lái xe", "Bảo vệ", "Tạp vụ"}
MALE_POSTS = {"Lái xe", "Bảo vệ"}

# The edge cases the eligibility rules must handle, pinned to fixed staff so they are easy to find.
RECRUITED_IN_2018 = {
    "TGPL-014": dt.date(2018, 3, 1),
    "PCC1-012": dt.date(2018, 5, 15),
    "DGTS-008": dt.date(2018, 9, 1),
}
LEFT_IN_2018 = {"VP-014": dt.date(2018, 8, 31)}
NOT_COMPLETED_IN_2017 = "PCC1-011"
DISCIPLINED_IN_2018 = {"BTTP-006": Discipline.REPRIMAND, "HCTP-007": Discipline.WARNING}
MATERNITY_NOTE = "Nghỉ thai sản 6 tháng"
MATERNITY_LEAVES = 2

# Roughly how common the family names are in the south-central provinces; Đàng, Thông and Quảng are
# Cham family names, common in Ninh Thuận.
SURNAMES = {
    "Nguyễn": 30,
    "Trần": 10,
    "Lê": 9,
    "Phạm": 6,
    "Huỳnh": 6,
    "Võ": 6,
    "Phan": 5,
    "Trương": 3,
    "Hồ": 3,
    "Đặng": 3,
    "Bùi": 2,
    "Đỗ": 2,
    "Ngô": 2,
    "Dương": 2,
    "Lưu": 1,
    "Đàng": 3,
    "Thông": 2,
    "Quảng": 1,
}
MIDDLE_NAMES = {
    Gender.MALE: ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Đình"],
    Gender.FEMALE: [
        "Thị",
        "Thị",
        "Thị",
        "Thị Thu",
        "Thị Kim",
        "Thị Thanh",
        "Thị Mỹ",
        "Thị Hồng",
        "Ngọc",
        "Thu",
    ],
}
# fmt: off
GIVEN_NAMES = {
    Gender.MALE: [
        "Minh", "Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Phong", "Quân", "Thắng",
        "Sơn", "Long", "Khánh", "Trung", "Đạt", "Hiếu", "Phúc", "Thành", "Cường",
        "Việt", "Bảo", "Tâm", "Lực", "Vũ", "Hoàng", "Nhân", "Tài",
    ],
    Gender.FEMALE: [
        "Hà", "Lan", "Hương", "Mai", "Linh", "Trang", "Thảo", "Hằng", "Nhung",
        "Phương", "Yến", "Oanh", "Dung", "Huyền", "Loan", "Thủy", "Vân", "Nhi",
        "Trinh", "Hạnh", "Ánh", "Duyên", "Quyên", "Ly", "Ngân", "Uyên",
    ],
}
# fmt: on
# Mostly "hoàn thành tốt", some "xuất sắc", a few "hoàn thành", rarely "không hoàn thành"
# (and once for sure: NOT_COMPLETED_IN_2017).
GRADE_WEIGHTS = {
    TaskGrade.EXCELLENT: 15,
    TaskGrade.GOOD: 71,
    TaskGrade.COMPLETED: 12,
    TaskGrade.NOT_COMPLETED: 1,
}


class AccountSpec(NamedTuple):
    username: str
    last_name: str  # họ và tên đệm
    first_name: str  # tên
    unit_code: str | None
    flags: dict[str, bool]


ROLE_FLAGS = [
    "is_secretary",
    "is_standing_office",
    "is_council_member",
    "is_initiative_council",
    "is_director",
]


def _accounts() -> list[AccountSpec]:
    accounts = [
        AccountSpec("giamdoc", "Lê Văn", "Hòa", None, {"is_director": True}),
        AccountSpec(
            "thuongtruc",
            "Phạm Thị",
            "Hồng",
            "VP",
            {"is_standing_office": True},
        ),
        AccountSpec("hoidong1", "Trần Quốc", "Bảo", None, {"is_council_member": True}),
        AccountSpec("hoidong2", "Nguyễn Thị Kim", "Oanh", None, {"is_council_member": True}),
        AccountSpec("hoidong3", "Đàng Văn", "Lực", None, {"is_council_member": True}),
        AccountSpec("sangkien1", "Võ Minh", "Tuấn", None, {"is_initiative_council": True}),
        AccountSpec("sangkien2", "Huỳnh Thị", "Thảo", None, {"is_initiative_council": True}),
        AccountSpec("sangkien3", "Dương Đức", "Hiếu", None, {"is_initiative_council": True}),
        AccountSpec("quantri", "Ngô Thanh", "Tâm", None, {"is_superuser": True, "is_staff": True}),
    ]
    secretaries = [
        ("Nguyễn Thị Thu", "Hà"),
        ("Trần Thị", "Ngân"),
        ("Lê Hữu", "Phúc"),
        ("Phan Thị Mỹ", "Duyên"),
        ("Bùi Văn", "Sơn"),
        ("Hồ Thị", "Linh"),
        ("Thông Thị", "Yến"),
        ("Đỗ Ngọc", "Khánh"),
        ("Trương Thị Hồng", "Nhung"),
    ]
    for spec, (last_name, first_name) in zip(UNITS, secretaries, strict=True):
        accounts.append(
            AccountSpec(
                f"thuky-{spec.code.lower()}",
                last_name,
                first_name,
                spec.code,
                {"is_secretary": True},
            )
        )
    return accounts


def account_roles(account: AccountSpec) -> str:
    """The account's roles as the application names them (Vietnamese labels of departments.enums.Role)."""
    return ", ".join(str(role.label) for role in User(**account.flags).roles)


@dataclass
class DemoResult:
    campaign: Campaign
    campaign_created: bool
    staff_count: int
    accounts: list[AccountSpec]


def default_demo_year(now: dt.datetime) -> int:
    """The first year whose registration deadline (00:00 on 15/01, Vietnam time) is still ahead of `now`."""
    year = now.astimezone(LOCAL_ZONE).year
    if now < dt.datetime(year, 1, 15, tzinfo=LOCAL_ZONE):
        return year
    return year + 1


def _full_months(start: dt.date, end: dt.date) -> int:
    # Only whole months count: someone starting on 15/05 has served June to December, 7 months.
    first = start.month if start.day == 1 else start.month + 1
    last = end.month if (end + dt.timedelta(days=1)).month != end.month else end.month - 1
    return max(0, last - first + 1)


def months_served(*, recruited_on: dt.date, left_on: dt.date | None, year: int) -> int:
    start = max(recruited_on, dt.date(year, 1, 1))
    end = min(left_on or dt.date(year, 12, 31), dt.date(year, 12, 31))
    return _full_months(start, end)


def _name(rng: random.Random, gender: Gender, taken: set[str]) -> str:
    while True:
        surname = rng.choices(list(SURNAMES), weights=list(SURNAMES.values()))[0]
        middle = rng.choice(MIDDLE_NAMES[gender])
        given = rng.choice(GIVEN_NAMES[gender])
        name = f"{surname} {middle} {given}"
        # "Minh Minh" is not a name, and two people with one name confuse a demo.
        if given not in middle.split() and name not in taken:
            taken.add(name)
            return name


def _random_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    return dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def staff_rows(rng: random.Random) -> list[dict[str, Any]]:
    """Every demo staff member as Staff field values plus `unit_code`, the same list on every run."""
    rows = []
    taken: set[str] = set()
    for spec in UNITS:
        posts = [spec.head] + [spec.deputy] * spec.deputies + list(spec.posts)
        posts += [spec.default_post] * (spec.size - len(posts))
        for number, post in enumerate(posts, start=1):
            code = f"{spec.code}-{number:03d}"
            is_leader = number <= 1 + spec.deputies
            if post in MALE_POSTS:
                gender = Gender.MALE
            else:
                gender = Gender.FEMALE if rng.random() < (0.4 if is_leader else 0.55) else Gender.MALE
            # Still under retirement age in 2018: 55 for women, 60 for men (Bộ luật Lao động 2012).
            earliest = 1964 if gender == Gender.FEMALE else 1960
            if code in RECRUITED_IN_2018:
                born = _random_date(rng, 1993, 1995)
                recruited = RECRUITED_IN_2018[code]
            else:
                born = _random_date(rng, earliest, 1978 if is_leader else 1993)
                # Recruited a few years after graduating; the demo's history starts in 1990.
                recruited_year = min(2016, max(1990, born.year + rng.randint(23, 32)))
                recruited = dt.date(recruited_year, rng.randint(1, 12), 1)
            if post in CONTRACT_POSTS:
                employment = EmploymentType.CONTRACT_WORKER
            elif spec.kind == UnitKind.AFFILIATE:
                employment = EmploymentType.PUBLIC_EMPLOYEE
            else:
                employment = EmploymentType.CIVIL_SERVANT
            rows.append(
                {
                    "unit_code": spec.code,
                    "code": code,
                    "full_name": _name(rng, gender, taken),
                    "gender": gender,
                    "date_of_birth": born,
                    "position": post,
                    "is_leader": is_leader,
                    "employment_type": employment,
                    "recruited_on": recruited,
                    "left_on": LEFT_IN_2018.get(code),
                }
            )
    return rows


def staff_year_rows(rng: random.Random, staff: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The yearly records of `staff` for the years each was employed, as StaffYear field values."""
    grades, weights = list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values())
    mothers = [
        row["code"]
        for row in staff
        if row["gender"] == Gender.FEMALE
        and not row["is_leader"]
        and row["date_of_birth"].year >= 1983
        and row["recruited_on"].year < SOURCE_YEAR
        and row["code"] not in LEFT_IN_2018 | DISCIPLINED_IN_2018
    ][:MATERNITY_LEAVES]
    rows = []
    for row in staff:
        for year in HISTORY_YEARS:
            if row["recruited_on"].year > year or (row["left_on"] and row["left_on"].year < year):
                continue
            record = {
                "staff_code": row["code"],
                "year": year,
                "task_grade": rng.choices(grades, weights=weights)[0],
                "discipline": Discipline.NONE,
                "months_served": months_served(
                    recruited_on=row["recruited_on"], left_on=row["left_on"], year=year
                ),
                "counted_leave_note": "",
            }
            if year == 2017 and row["code"] == NOT_COMPLETED_IN_2017:
                record["task_grade"] = TaskGrade.NOT_COMPLETED
            if year == SOURCE_YEAR and row["code"] in DISCIPLINED_IN_2018:
                record["discipline"] = DISCIPLINED_IN_2018[row["code"]]
                # Someone disciplined during the year is not graded above "hoàn thành nhiệm vụ".
                record["task_grade"] = TaskGrade.COMPLETED
            if year == SOURCE_YEAR and row["code"] in mothers:
                # Maternity leave counts as time served, so the year stays a full one.
                record["counted_leave_note"] = MATERNITY_NOTE
            rows.append(record)
    return rows


# On 01/07/2025 Ninh Thuận province was merged into Khánh Hòa (Nghị quyết 202/2025/QH15): from that day the
# Department is Sở Tư pháp of Khánh Hòa. The units' changes below are demo data, not the real decisions.
MERGER_DAY = dt.date(2025, 7, 1)
MERGED_YEAR = 2026
KHANH_HOA = {
    "governing_body": "UBND TỈNH KHÁNH HÒA",
    "name": "SỞ TƯ PHÁP",
    "abbreviation": "STP",
    "place_name": "Khánh Hòa",
    "decision_number": "Nghị quyết 202/2025/QH15",
    "note": "Sáp nhập tỉnh Ninh Thuận vào tỉnh Khánh Hòa",
}
REORGANISATION_DECISION = "125/QĐ-STP"
REORGANISATION_2025 = [
    {"kind": "merged", "date": "2025-07-01", "decision": REORGANISATION_DECISION,
     "units": ["PBGDPL"], "into": "XDKTVB"},
    {"kind": "renamed", "date": "2025-07-01", "decision": REORGANISATION_DECISION,
     "unit": "XDKTVB", "name": "Phòng Xây dựng, kiểm tra văn bản và Phổ biến, giáo dục pháp luật"},
]  # fmt: skip


def reorganisation_2025_ensure(*, plan: Campaign) -> None:
    """The province's merger (the Department's names from 01/07/2025), the demo units' reorganisation of
    that day through the services, once, and the merged Department's 2026 campaign. Run after the 2018
    year is built, as it happened: 2018 was lived in the units of 2018."""
    if not DepartmentPeriod.objects.filter(valid_from=MERGER_DAY).exists():
        department_period_change(on=MERGER_DAY, data=KHANH_HOA)
    if not UnitEvent.objects.filter(decision_number=REORGANISATION_DECISION).exists():
        unit_reorganise(steps=REORGANISATION_2025)
    if not Campaign.objects.filter(year=MERGED_YEAR).exists():
        campaign_copy(source=plan, year=MERGED_YEAR)


def load_plan() -> None:
    # The fixtures use natural keys, so loading them again updates the same rows instead of adding more.
    call_command("loaddata", "titles", "plan_2018", "bonus", "criteria", verbosity=0)


def units_ensure() -> dict[str, Unit]:
    units = {}
    for order, spec in enumerate(UNITS, start=1):
        # The name only when the unit is created: a later name comes from its rename events.
        units[spec.code], _ = Unit.objects.update_or_create(
            code=spec.code,
            defaults={"kind": spec.kind, "display_order": order * 10, "is_demo": True},
            create_defaults={
                "name": spec.name,
                "kind": spec.kind,
                "display_order": order * 10,
                "is_demo": True,
            },
        )
    return units


def _changes(obj: Any, data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if getattr(obj, name) != value}


def staff_ensure(*, units: dict[str, Unit], rows: list[dict[str, Any]]) -> dict[str, Staff]:
    existing = {staff.code: staff for staff in Staff.objects.filter(code__in=[row["code"] for row in rows])}
    result = {}
    for row in rows:
        data = {name: value for name, value in row.items() if name != "unit_code"}
        unit = units[row["unit_code"]]
        staff = existing.get(row["code"])
        if staff is None:
            staff = staff_create(unit=unit, data=data)
        elif changes := _changes(staff, data):
            # Not the unit: a person changes unit by a dated move (the 2025 reorganisation moved some).
            # Through the service, so that the search text and the version follow the change.
            staff = staff_update(staff=staff, version=staff.version, data=changes)
        result[staff.code] = staff
    return result


def staff_years_ensure(*, staff: dict[str, Staff], rows: list[dict[str, Any]]) -> None:
    existing = {
        (record.staff_id, record.year): record
        for record in StaffYear.objects.filter(staff__in=staff.values(), year__in=HISTORY_YEARS)
    }
    for row in rows:
        person = staff[row["staff_code"]]
        data = {name: value for name, value in row.items() if name not in ("staff_code", "year")}
        record = existing.pop((person.pk, row["year"]), None)
        if record is None:
            staff_year_save(staff=person, year=row["year"], version=None, data=data)
        elif changes := _changes(record, data):
            staff_year_save(staff=person, year=row["year"], version=record.version, data=changes)
    # What is left covers years in which the person was not employed (left over from older demo data).
    StaffYear.objects.filter(pk__in=[record.pk for record in existing.values()]).delete()


def accounts_ensure(*, units: dict[str, Unit]) -> list[AccountSpec]:
    """Create or reset the demo logins: roles as listed, password DEMO_PASSWORD."""
    # Hashing is slow on purpose (≈ 0.3 s each); demo accounts can share one hash.
    password = make_password(DEMO_PASSWORD)
    accounts = _accounts()
    for account in accounts:
        roles = {flag: False for flag in ROLE_FLAGS} | {"is_superuser": False, "is_staff": False}
        council = account.flags.get("is_council_member") or account.flags.get("is_initiative_council")
        user, _created = User.objects.update_or_create(
            username=account.username,
            defaults={
                **roles,
                **account.flags,
                "first_name": account.first_name,
                "last_name": account.last_name,
                "unit": units[account.unit_code] if account.unit_code else None,
                "is_active": True,
                "password": password,
                # The demo councils' members are people from outside the Department, named as their
                # logins: scoring needs each council login to stand for a person.
                "outside_name": f"{account.last_name} {account.first_name}" if council else "",
            },
        )
        if council:
            Staff.objects.filter(user=user).update(user=None)  # one person: the outside one
    return accounts


# The 2018 sheets as the standing office left them: HCTP's returned, BTTP's not reviewed yet (None), the
# rest accepted. PCC1 registers one CSTĐCS more than the 15% cap allows, so the warning shows.
REVIEWS = {"HCTP": (RegistrationState.RETURNED, "Đề nghị bổ sung cam kết của tập thể."), "BTTP": None}
EXCELLENT_UNITS = {"VP", "TGPL", "PBGDPL"}
OVER_QUOTA_UNIT = "PCC1"
PROVINCIAL_FIGHTER_UNIT = "TGPL"
COMMITMENT = "Phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2018; 100% cá nhân đạt danh hiệu Lao động tiên tiến."


@contextmanager
def deadlines_ahead(campaign: Campaign) -> Iterator[None]:
    """Run a past year's work through the services, which refuse what a deadline has closed: inside the
    block the campaign's deadlines stand two days ahead; after it they are back at the plan's dates.

    Nothing in the services is patched and no clock is faked, so the history rows carry the time of
    the seed, not 2018; the dates the documents state (decisions, meetings) are the 2018 ones."""
    # Moved by a plain update: `deadline_set` (the office's page) refuses a 2018 deadline dated years on.
    plan = {d.pk: d.due_at for d in campaign.deadlines.all()}
    ahead = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=2), dt.time.min))
    campaign.deadlines.update(due_at=ahead)
    yield
    for pk, due_at in plan.items():
        Deadline.objects.filter(pk=pk).update(due_at=due_at)


def _sheet_lines(unit: Unit, titles: dict[str, Title]) -> list[LineInput]:
    people = [
        person
        for person in unit.staff.order_by("-is_leader", "code")
        if person.recruited_on < dt.date(SOURCE_YEAR, 1, 15)
    ]
    # CSTĐCS for the best of 2017 (HTXSNV first), within 15% of the unit's LĐTT except OVER_QUOTA_UNIT.
    graded = {
        r.staff_id: r.task_grade for r in StaffYear.objects.filter(staff__unit=unit, year=SOURCE_YEAR - 1)
    }
    best = sorted(people, key=lambda p: (graded.get(p.pk) != TaskGrade.EXCELLENT, p.code))
    fighters = len(people) * 15 // 100 + (1 if unit.code == OVER_QUOTA_UNIT else 0)
    chosen = {person.pk for person in best[:fighters]}
    lines = []
    for index, person in enumerate(people):
        code = "LDTT"
        if person.pk in chosen:
            code = "CSTD_TINH" if unit.code == PROVINCIAL_FIGHTER_UNIT and index == 1 else "CSTDCS"
        reward = titles["GK_GD"] if person.pk in chosen else None
        lines.append(LineInput(staff=person, title=titles[code], reward=reward))
    return lines


def registrations_ensure(*, campaign: Campaign, units: dict[str, Unit]) -> None:
    """Each unit's secretary saves and submits the sheet and the standing office reviews it, through
    emulation.services; inside `deadlines_ahead`."""
    titles = {title.code: title for title in Title.objects.all()}
    office = User.objects.get(username="thuongtruc")
    for code, unit in units.items():
        secretary = User.objects.get(username=f"thuky-{code.lower()}")
        registration = registration_save(
            campaign=campaign,
            unit=unit,
            by=secretary,
            version=None,
            collective_title=titles["TTLDXS" if code in EXCELLENT_UNITS else "TTLDTT"],
            collective_reward=None,
            commitment=COMMITMENT,
            lines=_sheet_lines(unit, titles),
        )
        registration_transition(registration=registration, to_state=RegistrationState.SUBMITTED, by=secretary)
        review = REVIEWS.get(code, (RegistrationState.ACCEPTED, ""))
        if review is not None:
            state, comment = review
            registration_transition(registration=registration, to_state=state, by=office, comment=comment)


@transaction.atomic
def seed_demo(*, year: int, with_accounts: bool) -> DemoResult:
    """Load the 2018 plan and demo data, add the campaign for `year` if missing, and the demo logins
    and the units' 2018 sheets if `with_accounts`. Idempotent. Raises ValidationError (nothing written)
    for an invalid year."""
    load_plan()
    plan = Campaign.objects.get(year=SOURCE_YEAR)
    units = units_ensure()
    rng = random.Random(SOURCE_YEAR)
    people = staff_rows(rng)
    # The sheets name the demo secretaries and the standing office, so they come only with the logins.
    sheets_due = with_accounts and not plan.registrations.exists()
    # The sheets were made in January: who left during 2018 was still on the roll (a sheet made today
    # refuses a leaver), and the leaving is recorded after them, as it happened.
    on_the_roll = [{**row, "left_on": None} for row in people] if sheets_due else people
    staff = staff_ensure(units=units, rows=on_the_roll)
    staff_years_ensure(staff=staff, rows=staff_year_rows(rng, people))
    campaign = Campaign.objects.filter(year=year).first()
    created = campaign is None
    if created:
        campaign = campaign_copy(source=plan, year=year)
    accounts = accounts_ensure(units=units) if with_accounts else []
    if sheets_due:
        with deadlines_ahead(plan):
            registrations_ensure(campaign=plan, units=units)
        staff = staff_ensure(units=units, rows=people)
    if with_accounts and plan.registrations_sent_on is None:
        # The summary went to Sở Nội vụ on 07/02. Loading the plan again clears the record (the fixture
        # does not carry it), so it is written again whenever it is missing.
        registrations_mark_sent(
            campaign=plan,
            sent_on=dt.date(SOURCE_YEAR, 2, 7),
            reference="12/BC-STP",
            by=User.objects.get(username="thuongtruc"),
        )
    return DemoResult(campaign=campaign, campaign_created=created, staff_count=len(staff), accounts=accounts)
