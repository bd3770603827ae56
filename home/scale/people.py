"""The units, their staff with four years of records, the units' years and the logins."""

import datetime as dt
import itertools
import random
from collections.abc import Iterator

from django.contrib.auth.hashers import make_password

from departments.enums import Discipline, EmploymentType, Gender, TaskGrade, UnitKind
from departments.models import (
    Membership,
    Staff,
    StaffYear,
    Unit,
    UnitYear,
    User,
    fold_text,
    name_sort_key,
    position_rank,
)
from emulation import demo
from home.scale.context import (
    BIG_UNIT_WEIGHT,
    COUNCIL_MEMBERS,
    INITIATIVE_COUNCIL,
    MIN_UNIT_SIZE,
    PASSWORD,
    PLACES,
    UNIT_PATTERNS,
    Context,
    Person,
    count,
)
from home.scale.writing import BATCH, insert


def unit_sizes(rng: random.Random, *, units: int, staff: int) -> list[int]:
    """How many people each unit has: the first is the biggest, the others spread around the mean (a long
    tail of small units), at least MIN_UNIT_SIZE each, adding up to `staff` exactly."""
    weights = [BIG_UNIT_WEIGHT] + [rng.lognormvariate(0, 0.8) for _ in range(units - 1)]
    spare = staff - MIN_UNIT_SIZE * units
    total = sum(weights)
    sizes = [MIN_UNIT_SIZE + int(spare * weight / total) for weight in weights]
    # What the rounding down left goes to the units after the big one, one each.
    for index in range(staff - sum(sizes)):
        sizes[1 + index % max(1, units - 1) if units > 1 else 0] += 1
    return sizes


# --- Units, staff, yearly records ---------------------------------------------------------------------


def build_units(ctx: Context, sizes: list[int]) -> list[tuple]:
    patterns = []
    rows = []
    for index in range(len(sizes)):
        pattern = UNIT_PATTERNS[6] if index == 0 else UNIT_PATTERNS[index % len(UNIT_PATTERNS)]
        place_round, place = divmod(index // len(UNIT_PATTERNS), len(PLACES))
        name = f"{pattern[1]} {PLACES[place]}" + (f" khu vực {place_round + 1}" if place_round else "")
        rows.append(
            Unit(
                code=f"DV{index + 1:04d}",
                name=name,
                kind=pattern[0],
                display_order=(index + 1) * 10,
                is_demo=True,
            )
        )
        patterns.append(pattern)
    Unit.objects.bulk_create(rows, batch_size=BATCH)
    ctx.units = list(Unit.objects.order_by("display_order"))
    count(ctx, "units", len(rows))
    return patterns


def _random_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    return dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


class _Names:
    """Vietnamese names drawn as the demo draws them (emulation.demo), without its uniqueness: at the size
    of a province, people share names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surnames = list(demo.SURNAMES)
        self.cumulative = list(itertools.accumulate(demo.SURNAMES.values()))

    def draw(self, gender: str) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames, cum_weights=self.cumulative)[0]
        middle = rng.choice(demo.MIDDLE_NAMES[gender])
        given = rng.choice(demo.GIVEN_NAMES[gender])
        if given in middle.split():
            given = demo.GIVEN_NAMES[gender][0] if given != demo.GIVEN_NAMES[gender][0] else "An"
        return f"{surname} {middle} {given}"


def build_staff(ctx: Context, sizes: list[int], patterns: list[tuple]) -> None:
    rng, year = ctx.rng, ctx.year
    names = _Names(rng)
    sort_keys: dict[str, str] = {}
    ranks: dict[str, int] = {}
    rows, people = [], []
    for unit_index, (unit, size, pattern) in enumerate(zip(ctx.units, sizes, patterns, strict=True)):
        kind, _name, head, deputy, default_post = pattern
        deputies = 1 + size // 40 if size > 4 else 0
        posts = [head] + [deputy] * deputies
        if size >= 10:
            posts += ["Kế toán", "Văn thư", "Lái xe"] + ["Bảo vệ"] * (size // 100)
        posts += [default_post] * (size - len(posts))
        for number, post in enumerate(posts, start=1):
            is_leader = number <= 1 + deputies
            gender = Gender.FEMALE if rng.random() < (0.4 if is_leader else 0.55) else Gender.MALE
            earliest = year - 54 if gender == Gender.FEMALE else year - 58
            born = _random_date(rng, earliest, year - (40 if is_leader else 25))
            roll = rng.random()
            if roll < 0.02:  # recruited during the year: not on the sheet made in January
                recruited = dt.date(year, rng.randint(2, 10), 1)
            else:
                recruited_year = min(year - 1, max(1990, born.year + rng.randint(23, 32)))
                recruited = dt.date(recruited_year, rng.randint(1, 12), 1)
            left = dt.date(year, rng.randint(6, 11), 30) if 0.02 <= roll < 0.025 else None
            if post in demo.CONTRACT_POSTS:
                employment = EmploymentType.CONTRACT_WORKER
            elif kind == UnitKind.AFFILIATE:
                employment = EmploymentType.PUBLIC_EMPLOYEE
            else:
                employment = EmploymentType.CIVIL_SERVANT
            full_name = names.draw(gender)
            code = f"{unit.code}-{number:04d}"
            if full_name not in sort_keys:
                sort_keys[full_name] = name_sort_key(full_name)
            if post not in ranks:
                ranks[post] = position_rank(post)
            rows.append(
                {
                    "code": code,
                    "full_name": full_name,
                    "gender": gender,
                    "date_of_birth": born,
                    "position": post,
                    "is_leader": is_leader,
                    "employment_type": employment,
                    "unit_id": unit.pk,
                    "recruited_on": recruited,
                    "left_on": left,
                    "search_text": fold_text(f"{full_name} {code} {post}"),
                    "sort_key": sort_keys[full_name],
                    "position_rank": ranks[post],
                }
            )
            people.append(Person(0, unit_index, code, is_leader, recruited, left))
    insert(Staff, rows)
    pks = dict(Staff.objects.values_list("code", "pk"))
    for person in people:
        person.pk = pks[person.code]
    ctx.people = people
    count(ctx, "staff", len(people))
    count(
        ctx,
        "memberships",
        insert(
            Membership,
            (
                {
                    "staff_id": p.pk,
                    "unit_id": ctx.units[p.unit_index].pk,
                    "starts_on": p.recruited_on,
                    "ends_on": p.left_on,
                }
                for p in people
            ),
        ),
    )


def build_staff_years(ctx: Context) -> None:
    rng = ctx.rng
    grades = list(demo.GRADE_WEIGHTS)
    cumulative = list(itertools.accumulate(demo.GRADE_WEIGHTS.values()))

    def rows() -> Iterator[dict]:
        for person in ctx.people:
            for year in ctx.history_years:
                if person.recruited_on.year > year:
                    continue
                grade = rng.choices(grades, cum_weights=cumulative)[0]
                discipline = Discipline.NONE
                if year == ctx.year and rng.random() < 0.003:
                    discipline, grade = Discipline.REPRIMAND, TaskGrade.COMPLETED
                person.grades[year] = grade
                yield {
                    "staff_id": person.pk,
                    "year": year,
                    "task_grade": grade,
                    "discipline": discipline,
                    "months_served": demo.months_served(
                        recruited_on=person.recruited_on, left_on=person.left_on, year=year
                    ),
                }

    count(ctx, "staff_years", insert(StaffYear, rows()))


def build_unit_years(ctx: Context, excellent: set[int]) -> None:
    rng = ctx.rng

    def grade(unit: Unit, year: int) -> str:
        if year == ctx.year:
            return TaskGrade.EXCELLENT if unit.pk in excellent else TaskGrade.GOOD
        return TaskGrade.EXCELLENT if rng.random() < 0.25 else TaskGrade.GOOD

    rows = (
        UnitYear(unit=unit, year=year, task_grade=grade(unit, year))
        for unit in ctx.units
        for year in ctx.history_years
    )
    count(ctx, "unit_years", insert(UnitYear, rows))


# --- Accounts -----------------------------------------------------------------------------------------


def build_accounts(ctx: Context, sizes: list[int]) -> list[tuple[str, str, str]]:
    """The Director, the standing office, the councils, and one secretary per unit, all with one password
    hash (hashing is slow on purpose: once, not a thousand times)."""
    password = make_password(PASSWORD)
    first = ctx.units[0]
    specs = [
        ("giamdoc", "Lê Văn", "Hòa", None, {"is_director": True}),
        ("thuongtruc", "Phạm Thị", "Hồng", first, {"is_standing_office": True}),
    ]
    specs += [
        (f"hoidong{n}", "Trần Quốc", f"Bảo {n}", None, {"is_council_member": True})
        for n in range(1, COUNCIL_MEMBERS + 1)
    ]
    specs += [
        (f"sangkien{n}", "Võ Minh", f"Tuấn {n}", None, {"is_initiative_council": True})
        for n in range(1, INITIATIVE_COUNCIL + 1)
    ]
    specs += [(f"thuky-{u.code.lower()}", "Thư ký", u.code, u, {"is_secretary": True}) for u in ctx.units]
    rows = []
    for username, last_name, first_name, unit, flags in specs:
        council = flags.get("is_council_member") or flags.get("is_initiative_council")
        rows.append(
            User(
                username=username,
                last_name=last_name,
                first_name=first_name,
                unit=unit,
                password=password,
                outside_name=f"{last_name} {first_name}" if council else "",
                **flags,
            )
        )
    insert(User, rows)
    ctx.users = {user.username: user for user in User.objects.filter(is_secretary=False)}
    ctx.secretaries = {user.unit_id: user for user in User.objects.filter(is_secretary=True)}
    count(ctx, "users", len(rows))
    smallest = min(range(len(sizes)), key=lambda index: (sizes[index], index))
    shown = [
        ("giamdoc", "Giám đốc Sở", "—"),
        ("thuongtruc", "Thường trực Hội đồng", first.name),
        ("hoidong1", "Thành viên Hội đồng thi đua", "—"),
        ("sangkien1", "Thành viên Hội đồng sáng kiến", "—"),
        (f"thuky-{first.code.lower()}", f"Thư ký ({sizes[0]} người)", first.name),
        (
            f"thuky-{ctx.units[smallest].code.lower()}",
            f"Thư ký ({sizes[smallest]} người)",
            ctx.units[smallest].name,
        ),
    ]
    return shown
