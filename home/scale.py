"""The province-scale data set (`manage.py seed_scale`): about a thousand units and thirty thousand staff
with four years of records, one campaign carried through to the Director's decision, for the benchmarks
(bench/) and for trying pages at the size of a province.

Synthetic, and written with bulk_create in large batches: it bypasses the services, `save()` and the audit
signals, so no history of who typed what and no audit entry exist for these rows, and nothing here checks a
rule the services would (the data are shaped to be plausible, not checked). The demo's reference data (titles,
the 2018 plan, bonuses, criteria) are loaded first and the campaign is the plan's, or a copy of it for
another year, as the demo does. Everything comes from one random.Random(seed): the same arguments build
the same rows.
"""

import datetime as dt
import io
import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from awards.enums import DecisionKind, DirectorDecision, DossierKind, DossierState, RecordSource, RewardKind
from awards.models import CouncilSession, Decision, Dossier, DossierHistory, Nominee, RewardRecord
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
from departments.selectors import department_on
from emulation import demo
from emulation.enums import Authority, BlocKind, RegistrationState, TitleCode
from emulation.models import (
    BlocMember,
    Campaign,
    EmulationBloc,
    Registration,
    RegistrationHistory,
    RegistrationLine,
    Title,
)
from emulation.services import campaign_copy
from initiatives.enums import InitiativeKind, InitiativeScope, InitiativeState
from initiatives.models import EvaluationRound, Initiative, InitiativeAuthor, InitiativeHistory, Score
from notifications.enums import NotificationKind
from notifications.models import Notification

BATCH = 5000
PASSWORD = demo.DEMO_PASSWORD
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_UNIT_SIZE = 3
# The first unit is the biggest, about 2% of the staff at province size (≈ 600 of 30,000): the "big unit"
# of the benchmarks. Its weight against the mean weight of the others.
BIG_UNIT_WEIGHT = 28
COUNCIL_MEMBERS = 5
INITIATIVE_COUNCIL = 3

# fmt: off
UNIT_PATTERNS = [  # kind, name, head, deputy, default post
    (UnitKind.DIVISION, "Phòng Tư pháp", "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"),
    (UnitKind.AFFILIATE, "Trung tâm Trợ giúp pháp lý", "Giám đốc Trung tâm", "Phó Giám đốc Trung tâm",
     "Trợ giúp viên pháp lý"),
    (UnitKind.AFFILIATE, "Phòng Công chứng", "Trưởng phòng Công chứng", "Phó Trưởng phòng Công chứng",
     "Công chứng viên"),
    (UnitKind.DIVISION, "Phòng Hành chính tư pháp", "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"),
    (UnitKind.AFFILIATE, "Trung tâm Dịch vụ đấu giá tài sản", "Giám đốc Trung tâm", "Phó Giám đốc Trung tâm",
     "Đấu giá viên"),
    (UnitKind.DIVISION, "Phòng Phổ biến, giáo dục pháp luật", "Trưởng phòng", "Phó Trưởng phòng",
     "Chuyên viên"),
    (UnitKind.OFFICE, "Văn phòng", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên"),
    (UnitKind.DIVISION, "Thanh tra", "Chánh Thanh tra", "Phó Chánh Thanh tra", "Thanh tra viên"),
    (UnitKind.AFFILIATE, "Trung tâm Hòa giải thương mại", "Giám đốc Trung tâm", "Phó Giám đốc Trung tâm",
     "Hòa giải viên"),
    (UnitKind.DIVISION, "Phòng Bổ trợ tư pháp", "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"),
]
PLACES = [
    "thành phố Nha Trang", "thành phố Cam Ranh", "thị xã Ninh Hòa", "huyện Vạn Ninh", "huyện Diên Khánh",
    "huyện Khánh Vĩnh", "huyện Khánh Sơn", "huyện Cam Lâm", "huyện Trường Sa",
    "thành phố Phan Rang - Tháp Chàm",
    "huyện Ninh Phước", "huyện Ninh Hải", "huyện Ninh Sơn", "huyện Bác Ái", "huyện Thuận Bắc",
    "huyện Thuận Nam", "phường Vĩnh Hải", "phường Vĩnh Phước", "phường Lộc Thọ", "phường Phước Long",
    "xã Cam Hải Đông", "xã Suối Tiên", "xã Ninh Ích", "xã Vĩnh Lương", "xã Phước Dinh",
    "xã Nhơn Hải", "xã Lâm Sơn", "xã Phước Hà", "xã Công Hải", "xã Mỹ Sơn",
]
TOPICS = [
    ("Số hóa sổ hộ tịch và tra cứu trên phần mềm đăng ký, quản lý hộ tịch", "Hộ tịch",
     InitiativeKind.TECH_APPLICATION),
    ("Quy trình kiểm tra văn bản quy phạm pháp luật qua mạng cộng tác viên", "Kiểm tra văn bản",
     InitiativeKind.MANAGEMENT),
    ("Mẫu phiếu trợ giúp pháp lý lưu động cho đồng bào dân tộc", "Trợ giúp pháp lý",
     InitiativeKind.OPERATIONAL),
    ("Sổ tay hướng dẫn chứng thực bản sao cho cán bộ cấp xã", "Chứng thực", InitiativeKind.OPERATIONAL),
    ("Bảng theo dõi hồ sơ công chứng bằng mã vạch", "Công chứng", InitiativeKind.TECHNICAL),
    ("Lịch phổ biến pháp luật theo mùa vụ cho các xã ven biển", "Phổ biến pháp luật",
     InitiativeKind.MANAGEMENT),
    ("Tiếp nhận hồ sơ lý lịch tư pháp qua dịch vụ công trực tuyến", "Lý lịch tư pháp",
     InitiativeKind.TECH_APPLICATION),
    ("Quy trình hòa giải ở cơ sở theo nhóm tranh chấp thường gặp", "Hòa giải cơ sở",
     InitiativeKind.MANAGEMENT),
]
# fmt: on
LINE_WEIGHTS = {"none": 3, "line": 97}  # a few people on the roll put no line on the sheet
CSTDCS_PERCENT = 15  # of a unit's registrants at most (the cap), rounded down
EXCELLENT_UNIT_SHARE = 0.2  # units that register for Tập thể LĐXS (the others Tập thể LĐTT)
BLOC_SHARE = 0.6  # units in an emulation bloc
BLOC_SIZE = 25
SESSION_SHARE = 0.92  # dossiers on the council's agenda; the others wait, submitted or accepted


@dataclass
class ScaleResult:
    campaign: Campaign
    counts: dict[str, int]
    accounts: list[tuple[str, str, str]]  # username, role, unit name


@dataclass
class _Person:
    """What the builder needs to know of a staff member after the insert."""

    pk: int
    unit_index: int
    code: str
    is_leader: bool
    recruited_on: dt.date
    left_on: dt.date | None
    grades: dict[int, str] = field(default_factory=dict)


@dataclass
class _Context:
    rng: random.Random
    year: int
    campaign: Campaign
    titles: dict[str, Title]
    units: list[Unit] = field(default_factory=list)
    people: list[_Person] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    secretaries: dict[int, User] = field(default_factory=dict)  # unit pk -> the unit's secretary
    counts: dict[str, int] = field(default_factory=dict)
    excellent: set[int] = field(default_factory=set)  # pks of the units registered for Tập thể LĐXS

    @property
    def history_years(self) -> range:
        return range(self.year - 3, self.year + 1)

    def at(self, month: int, day: int, hour: int = 9, *, year: int | None = None) -> dt.datetime:
        return dt.datetime(year or self.year, month, day, hour, tzinfo=HCM)


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


def _insert(model: type[models.Model], rows: Iterable[models.Model | dict]) -> int:
    """Write rows in batches without holding them all at once; returns how many were written. A row is a
    model instance or a dict of field values by attname ("staff_id"), the other fields taking their
    defaults. On PostgreSQL through COPY (the rows need no primary key back); elsewhere bulk_create."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {f.attname: now if getattr(f, "auto_now", False) else f.get_default() for f in fields}
    with connection.cursor() as cursor:
        copy = getattr(cursor, "copy_expert", None) if connection.vendor == "postgresql" else None
        total = 0
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            if copy is None:
                model.objects.bulk_create(
                    [row if isinstance(row, models.Model) else model(**{**defaults, **row}) for row in batch],
                    batch_size=BATCH,
                )
            else:
                copy(_copy_statement(model, fields), _copy_text(batch, fields, defaults))
            total += len(batch)
    return total


def _copy_statement(model: type[models.Model], fields: list) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):  # a datetime too: isoformat keeps its offset
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _copy_text(batch: list, fields: list, defaults: dict) -> io.StringIO:
    """The batch in PostgreSQL's COPY text format. Fields auto_now take the time of the write, as
    bulk_create's pre_save would give them."""
    names = [f.attname for f in fields]
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False)]
    lines = []
    for row in batch:
        values = {name: getattr(row, name) for name in names} if isinstance(row, models.Model) else row
        values = {**defaults, **values, **{name: defaults[name] for name in stamped}}
        lines.append("\t".join(_copy_value(values[name]) for name in names))
    return io.StringIO("\n".join(lines) + "\n")


def _count(ctx: _Context, name: str, number: int) -> None:
    ctx.counts[name] = ctx.counts.get(name, 0) + number


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


def _units(ctx: _Context, sizes: list[int]) -> list[tuple]:
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
    _count(ctx, "units", len(rows))
    return patterns


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


def _staff(ctx: _Context, sizes: list[int], patterns: list[tuple]) -> None:
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
            born = demo._random_date(rng, earliest, year - (40 if is_leader else 25))
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
            people.append(_Person(0, unit_index, code, is_leader, recruited, left))
    _insert(Staff, rows)
    pks = dict(Staff.objects.values_list("code", "pk"))
    for person in people:
        person.pk = pks[person.code]
    ctx.people = people
    _count(ctx, "staff", len(people))
    _count(
        ctx,
        "memberships",
        _insert(
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


def _staff_years(ctx: _Context) -> None:
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

    _count(ctx, "staff_years", _insert(StaffYear, rows()))


def _unit_years(ctx: _Context, excellent: set[int]) -> None:
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
    _count(ctx, "unit_years", _insert(UnitYear, rows))


# --- Accounts -----------------------------------------------------------------------------------------


def _accounts(ctx: _Context, sizes: list[int]) -> list[tuple[str, str, str]]:
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
    _insert(User, rows)
    ctx.users = {user.username: user for user in User.objects.filter(is_secretary=False)}
    ctx.secretaries = {user.unit_id: user for user in User.objects.filter(is_secretary=True)}
    _count(ctx, "users", len(rows))
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


# --- The campaign: blocs, registration sheets ---------------------------------------------------------


def _blocs(ctx: _Context) -> None:
    members = [unit for unit in ctx.units if ctx.rng.random() < BLOC_SHARE]
    chunks = [members[start : start + BLOC_SIZE] for start in range(0, len(members), BLOC_SIZE)]
    blocs = EmulationBloc.objects.bulk_create(
        [
            EmulationBloc(
                campaign=ctx.campaign,
                name=f"{'Khối' if n % 2 else 'Cụm'} thi đua số {n}",
                kind=BlocKind.BLOC if n % 2 else BlocKind.CLUSTER,
            )
            for n in range(1, len(chunks) + 1)
        ]
    )
    rows = [
        BlocMember(bloc=bloc, campaign=ctx.campaign, unit=unit, rank=rank)
        for bloc, chunk in zip(blocs, chunks, strict=True)
        for rank, unit in enumerate(chunk, start=1)
    ]
    _count(ctx, "blocs", len(blocs))
    _count(ctx, "bloc_members", _insert(BlocMember, rows))


@dataclass
class _Line:
    person: _Person
    code: str  # the title's code


def _registrations(ctx: _Context) -> tuple[dict[int, list[_Line]], set[int]]:
    """Every unit's sheet, submitted and accepted: LĐTT for most of those on the roll in January, CSTĐCS
    for 15% of them rounded down (the best graded of last year first), a CSTĐ cấp tỉnh in about one unit of
    twenty; Tập thể LĐXS for a fifth of the units. Returns the lines per unit index and the pks of the
    units that registered for Tập thể LĐXS."""
    rng, titles, year = ctx.rng, ctx.titles, ctx.year
    on_roll = dt.date(year, 1, 15)
    by_unit: dict[int, list[_Person]] = {}
    for person in ctx.people:
        if person.recruited_on < on_roll and rng.random() * 100 >= LINE_WEIGHTS["none"]:
            by_unit.setdefault(person.unit_index, []).append(person)
    excellent = {unit.pk for unit in ctx.units if rng.random() < EXCELLENT_UNIT_SHARE}
    sheets = Registration.objects.bulk_create(
        [
            Registration(
                campaign=ctx.campaign,
                unit=unit,
                state=RegistrationState.ACCEPTED,
                collective_title=titles[TitleCode.TTLDXS if unit.pk in excellent else TitleCode.TTLDTT],
                commitment=demo.COMMITMENT.replace(str(demo.SOURCE_YEAR), str(year)),
                submitted_at=ctx.at(1, 10),
            )
            for unit in ctx.units
        ],
        batch_size=BATCH,
    )
    lines: dict[int, list[_Line]] = {}
    for unit_index, people in by_unit.items():
        last_year = ctx.year - 1
        best = sorted(people, key=lambda p: (p.grades.get(last_year) != TaskGrade.EXCELLENT, p.code))
        fighters = len(people) * CSTDCS_PERCENT // 100
        chosen = {p.pk for p in best[:fighters]}
        provincial = best[0].pk if fighters and rng.random() < 0.05 else None
        lines[unit_index] = [
            _Line(
                p,
                TitleCode.CSTD_TINH if p.pk == provincial else TitleCode.CSTDCS if p.pk in chosen else "LDTT",
            )
            for p in people
        ]
    rows = (
        {
            "registration_id": sheets[unit_index].pk,
            "staff_id": line.person.pk,
            "title_id": titles[line.code].pk,
            "reward_id": titles[TitleCode.GK_GD].pk if line.code != TitleCode.LDTT else None,
        }
        for unit_index, unit_lines in lines.items()
        for line in unit_lines
    )
    _count(ctx, "registrations", len(sheets))
    _count(ctx, "registration_lines", _insert(RegistrationLine, rows))
    office = ctx.users["thuongtruc"]
    history = []
    for sheet in sheets:
        history.append(
            RegistrationHistory(
                registration=sheet,
                actor=ctx.secretaries[sheet.unit_id],
                at=ctx.at(1, 10),
                from_state=RegistrationState.DRAFT,
                to_state=RegistrationState.SUBMITTED,
            )
        )
        history.append(
            RegistrationHistory(
                registration=sheet,
                actor=office,
                at=ctx.at(1, 20),
                from_state=RegistrationState.SUBMITTED,
                to_state=RegistrationState.ACCEPTED,
            )
        )
    _insert(RegistrationHistory, history)
    Campaign.objects.filter(pk=ctx.campaign.pk).update(
        registrations_sent_on=dt.date(year, 2, 7),
        registrations_sent_reference="12/BC-STP",
        registrations_sent_by=office,
    )
    return lines, excellent


# --- Initiatives ----------------------------------------------------------------------------------------


def _initiatives(ctx: _Context, lines: dict[int, list[_Line]]) -> dict[int, Initiative]:
    """One initiative for each CSTĐCS and CSTĐ cấp tỉnh registrant, some with colleagues as co-authors,
    scored in one closed round of the initiative council; most recognised (those of a CSTĐ cấp tỉnh also
    at provincial level), a few not, a few still waiting. Returns the recognised initiative of each main
    author (staff pk)."""
    rng, year = ctx.rng, ctx.year
    office, director = ctx.users["thuongtruc"], ctx.users["giamdoc"]
    members = [ctx.users[f"sangkien{n}"] for n in range(1, INITIATIVE_COUNCIL + 1)]
    evaluation_round = EvaluationRound.objects.create(
        campaign=ctx.campaign,
        name=f"Phiên xét công nhận sáng kiến năm {year}",
        opened_by=office,
        closed_at=ctx.at(11, 10),
    )
    evaluation_round.members.set(members)
    filed = []  # (initiative, main author line, colleagues, state)
    for unit_index, unit_lines in lines.items():
        unit = ctx.units[unit_index]
        colleagues = [line.person for line in unit_lines if line.code == TitleCode.LDTT]
        for number, line in enumerate(unit_lines):
            if line.code == TitleCode.LDTT:
                continue
            roll = rng.random()
            state = (
                InitiativeState.SUBMITTED
                if roll < 0.05
                else InitiativeState.NOT_RECOGNISED
                if roll < 0.11 and line.code != TitleCode.CSTD_TINH
                else InitiativeState.RECOGNISED
            )
            topic, field_name, kind = TOPICS[(unit_index + number) % len(TOPICS)]
            co_authors = rng.sample(colleagues, k=min(len(colleagues), rng.choice((0, 0, 1, 2))))
            provincial = state == InitiativeState.RECOGNISED and line.code == TitleCode.CSTD_TINH
            judged = state != InitiativeState.SUBMITTED
            yes = (3 if state == InitiativeState.RECOGNISED else 1) if judged else None
            initiative = Initiative(
                campaign=ctx.campaign,
                unit=unit,
                title=f"{topic} tại {unit.name} ({line.person.code})",
                field=field_name,
                kind=kind,
                first_applied_on=dt.date(year, rng.randint(1, 6), 1),
                description=demo_initiative_text("description"),
                conditions=demo_initiative_text("conditions"),
                benefits=demo_initiative_text("benefits"),
                state=state,
                council_yes=yes,
                council_members=INITIATIVE_COUNCIL if judged else None,
                scope=(InitiativeScope.PROVINCIAL if provincial else InitiativeScope.BASE)
                if state == InitiativeState.RECOGNISED
                else "",
                decision_number="45/QĐ-STP" if state == InitiativeState.RECOGNISED else "",
                decision_date=dt.date(year, 11, 15) if state == InitiativeState.RECOGNISED else None,
                provincial_decision_number="2950/QĐ-UBND" if provincial else "",
                provincial_decision_date=dt.date(year, 11, 19) if provincial else None,
                evaluation_round=evaluation_round if judged else None,
            )
            filed.append((initiative, line, co_authors))
    # bulk_create, not _insert: the authors and scores need the initiatives' primary keys.
    Initiative.objects.bulk_create([initiative for initiative, _line, _co in filed], batch_size=BATCH)
    authors, scores, history = [], [], []
    recognised = {}
    for initiative, line, co_authors in filed:
        shares = {0: [100], 1: [60, 40], 2: [50, 30, 20]}[len(co_authors)]
        for person, share in zip([line.person, *co_authors], shares, strict=True):
            authors.append(InitiativeAuthor(initiative=initiative, staff_id=person.pk, share=Decimal(share)))
        secretary = ctx.secretaries[initiative.unit_id]
        history.append(_initiative_step(initiative, secretary, ctx.at(10, 1), "", InitiativeState.SUBMITTED))
        if initiative.state == InitiativeState.SUBMITTED:
            continue
        history.append(
            _initiative_step(
                initiative,
                office,
                ctx.at(10, 20),
                InitiativeState.SUBMITTED,
                InitiativeState.UNDER_EVALUATION,
            )
        )
        for position, member in enumerate(members):
            scores.append(
                Score(
                    evaluation_round=evaluation_round,
                    initiative=initiative,
                    member=member,
                    novelty=rng.randint(6, 10),
                    applicability=rng.randint(6, 10),
                    effect=rng.randint(6, 10),
                    recognise=position < initiative.council_yes,
                    scored_at=ctx.at(11, 5),
                )
            )
        closer = director if initiative.state == InitiativeState.RECOGNISED else office
        history.append(
            _initiative_step(
                initiative, closer, ctx.at(11, 15), InitiativeState.UNDER_EVALUATION, initiative.state
            )
        )
        if initiative.state == InitiativeState.RECOGNISED:
            recognised[line.person.pk] = initiative
    _count(ctx, "initiatives", len(filed))
    _count(ctx, "initiative_authors", _insert(InitiativeAuthor, authors))
    _count(ctx, "scores", _insert(Score, scores))
    _insert(InitiativeHistory, history)
    return recognised


def _initiative_step(initiative, actor, at, from_state, to_state) -> InitiativeHistory:
    return InitiativeHistory(
        initiative=initiative, actor=actor, at=at, from_state=from_state, to_state=to_state
    )


def demo_initiative_text(name: str) -> str:
    from initiatives.demo import DETAILS

    return DETAILS[name]


# --- Reward history, dossiers, the council, the decision ------------------------------------------------


def _reward_history(ctx: _Context, lines: dict[int, list[_Line]]) -> None:
    """The three years before the campaign as typed in from the archive: LĐTT for those graded well or
    excellently, CSTĐCS for most of the year's fighters in each of those years (so CSTĐ cấp tỉnh has three
    years to read), a Bằng khen of the province now and then, and the units' collective titles."""
    rng, titles = ctx.rng, ctx.titles
    office = ctx.users["thuongtruc"]
    fighters = {line.person.pk for unit_lines in lines.values() for line in unit_lines if line.code != "LDTT"}
    good = (TaskGrade.EXCELLENT, TaskGrade.GOOD)
    entered = ctx.at(1, 5)

    def record(year: int, code: str, *, staff=None, unit=None) -> dict:
        return {
            "year": year,
            "title_id": titles[code].pk,
            "staff_id": staff,
            "unit_id": unit.pk if unit else None,
            "decision_number": f"{year % 100 + (10 if code != 'LDTT' else 0):02d}/QĐ-STP",
            "decision_date": dt.date(year, 12, 20),
            "issued_by": "Giám đốc Sở Tư pháp"
            if titles[code].decided_by == Authority.DIRECTOR
            else "UBND tỉnh",
            "note": "Nhập từ hồ sơ lưu trữ",
            "entered_by_id": office.pk,
            "entered_at": entered,
        }

    def rows() -> Iterator[dict]:
        for person in ctx.people:
            for year in range(ctx.year - 3, ctx.year):
                if person.grades.get(year) not in good:
                    continue
                yield record(year, TitleCode.LDTT, staff=person.pk)
                if person.pk in fighters and rng.random() < 0.9:
                    yield record(year, TitleCode.CSTDCS, staff=person.pk)
                elif rng.random() < 0.004:
                    yield record(year, TitleCode.BK_UBND, staff=person.pk)
        for unit in ctx.units:
            for year in range(ctx.year - 3, ctx.year):
                code = TitleCode.TTLDXS if rng.random() < 0.2 else TitleCode.TTLDTT
                yield record(year, code, unit=unit)

    _count(ctx, "reward_records", _insert(RewardRecord, rows()))


def _dossiers(ctx: _Context, lines: dict[int, list[_Line]], recognised: dict[int, Initiative]) -> None:
    """Each unit's phase dossier: the unit's collective title, its fighters with a recognised initiative,
    a Giấy khen for a few and a Bằng khen for fewer. Most dossiers went to the council's secret ballot
    (closed), the Director decided, decision NN/QĐ-STP carries the titles within the Director's authority
    and a tờ trình the others, with the province's answer; the rest wait, submitted or accepted."""
    rng, year = ctx.rng, ctx.year
    office, director = ctx.users["thuongtruc"], ctx.users["giamdoc"]
    members = [ctx.users[f"hoidong{n}"] for n in range(1, COUNCIL_MEMBERS + 1)]
    phase = ctx.campaign.phases.order_by("number").last()
    held_on = dt.date(year, 12, 5)
    session = CouncilSession.objects.create(
        campaign=ctx.campaign,
        name=f"Phiên họp Hội đồng Thi đua - Khen thưởng Sở xét khen thưởng năm {year}",
        held_on=held_on,
        opened_by=office,
        closed_at=ctx.at(12, 5, 11),
        starts_at=ctx.at(12, 5, 8),
        ends_at=ctx.at(12, 5, 10),
        place="Phòng họp Sở Tư pháp",
        chair=members[0],
        chair_position="Phó Giám đốc Sở, Phó Chủ tịch Hội đồng",
        secretary=members[-1],
        secretary_position="Chánh Văn phòng Sở, Ủy viên thư ký Hội đồng",
    )
    session.members.set(members)
    session.present.set(members)
    issuer = department_on(dt.date(year, 12, 10)).abbreviation
    decisions = {
        kind: Decision.objects.create(
            campaign=ctx.campaign,
            kind=kind,
            number=1,
            year=year,
            issuer=issuer,
            issued_on=dt.date(year, 12, 10 if kind == DecisionKind.DECISION else 7),
            signer=f"{director.last_name} {director.first_name}",
            created_by=director,
        )
        for kind in (DecisionKind.DECISION, DecisionKind.SUBMISSION)
    }
    dossiers, plans = [], []
    for unit_index, unit in enumerate(ctx.units):
        unit_lines = lines.get(unit_index, [])
        on_agenda = rng.random() < SESSION_SHARE
        state = (
            DossierState.DECIDED if on_agenda else rng.choice((DossierState.SUBMITTED, DossierState.ACCEPTED))
        )
        size = len(unit_lines) + 1
        dossiers.append(
            Dossier(
                campaign=ctx.campaign,
                unit=unit,
                kind=DossierKind.PHASE,
                phase=phase,
                state=state,
                meeting_date=dt.date(year, 11, 12),
                meeting_present=size,
                meeting_total=size,
                achievement="Hoàn thành xuất sắc các chỉ tiêu, nhiệm vụ được giao trong năm.",
                council_session=session if on_agenda else None,
                submitted_at=ctx.at(11, 18),
            )
        )
        nominees = [(None, TitleCode.TTLDXS if unit.pk in ctx.excellent else TitleCode.TTLDTT)]
        for line in unit_lines:
            if line.code != TitleCode.LDTT and line.person.pk in recognised:
                nominees.append((line.person, line.code))
            elif rng.random() < 0.02:
                nominees.append((line.person, TitleCode.GK_GD))
            elif rng.random() < 0.004:
                nominees.append((line.person, TitleCode.BK_UBND))
        plans.append(nominees)
    Dossier.objects.bulk_create(dossiers, batch_size=BATCH)  # the nominees need their primary keys
    rows, records, history = [], [], []
    decided_at = ctx.at(12, 8)
    for dossier, nominees in zip(dossiers, plans, strict=True):
        secretary = ctx.secretaries[dossier.unit_id]
        history.append(_dossier_step(dossier, secretary, ctx.at(11, 18), "", DossierState.SUBMITTED))
        if dossier.state == DossierState.SUBMITTED:
            pass
        else:
            history.append(
                _dossier_step(dossier, office, ctx.at(11, 25), DossierState.SUBMITTED, DossierState.ACCEPTED)
            )
        if dossier.state == DossierState.DECIDED:
            for from_state, to_state, actor, at in (
                (DossierState.ACCEPTED, DossierState.AT_COUNCIL, office, ctx.at(12, 1)),
                (DossierState.AT_COUNCIL, DossierState.VOTED, office, ctx.at(12, 5, 11)),
                (DossierState.VOTED, DossierState.DECIDED, director, ctx.at(12, 10)),
            ):
                history.append(_dossier_step(dossier, actor, at, from_state, to_state))
        for person, code in nominees:
            title = ctx.titles[code]
            nominee = Nominee(
                dossier=dossier,
                staff_id=person.pk if person else None,
                title=title,
                task_grade=person.grades.get(year, "") if person else "",
                initiative=recognised.get(person.pk) if person and code != TitleCode.GK_GD else None,
                meeting_votes=dossier.meeting_present,
            )
            if dossier.state == DossierState.DECIDED:
                no = 1 if rng.random() < 0.03 else 0
                yes = COUNCIL_MEMBERS - no
                passed = yes * 100 > title.vote_percent * COUNCIL_MEMBERS
                nominee.votes_yes, nominee.votes_no, nominee.votes_blank = yes, no, 0
                nominee.votes_base = COUNCIL_MEMBERS
                nominee.council_passed = passed
                nominee.director_decision = DirectorDecision.APPROVED if passed else DirectorDecision.REJECTED
                nominee.director_decided_by = director
                nominee.director_decided_at = decided_at
                if passed:
                    in_authority = title.decided_by == Authority.DIRECTOR
                    kind = DecisionKind.DECISION if in_authority else DecisionKind.SUBMISSION
                    nominee.decision = decisions[kind]
                    if not in_authority:
                        nominee.higher_result = DirectorDecision.APPROVED
                        nominee.higher_decision_number = "215/QĐ-UBND"
                    records.append(_record_of(ctx, nominee, dossier, director))
            rows.append(nominee)
    _count(ctx, "dossiers", len(dossiers))
    _count(ctx, "nominees", _insert(Nominee, rows))
    _count(ctx, "reward_records", _insert(RewardRecord, records))
    _insert(DossierHistory, history)


def _dossier_step(dossier, actor, at, from_state, to_state) -> DossierHistory:
    return DossierHistory(dossier=dossier, actor=actor, at=at, from_state=from_state, to_state=to_state)


def _record_of(ctx: _Context, nominee: Nominee, dossier: Dossier, director: User) -> RewardRecord:
    """The reward history row decision_issue (or the province's answer to the tờ trình) writes."""
    decision = nominee.decision
    in_authority = decision.kind == DecisionKind.DECISION
    return RewardRecord(
        year=ctx.year,
        title=nominee.title,
        staff_id=nominee.staff_id,
        unit=None if nominee.staff_id else dossier.unit,
        decision_number=decision.reference if in_authority else nominee.higher_decision_number,
        decision_date=decision.issued_on if in_authority else dt.date(ctx.year + 1, 1, 25),
        issued_by=nominee.title.get_decided_by_display(),
        source=RecordSource.DECISION,
        kind=RewardKind.ANNUAL,
        entered_by=director,
        entered_at=ctx.at(12, 10),
    )


def _notifications(ctx: _Context) -> None:
    """What the workflow would have told the accounts the benchmarks log in with."""
    link = ctx.campaign.get_absolute_url()
    rows = []
    for username in ("giamdoc", "thuongtruc", "hoidong1", "sangkien1"):
        for number in range(1, 41):
            rows.append(
                Notification(
                    recipient=ctx.users[username],
                    kind=NotificationKind.DECISION_ISSUED,
                    subject=f"Thông báo số {number} của phong trào thi đua năm {ctx.year}",
                    text="Dữ liệu tổng hợp quy mô tỉnh.",
                    link=link,
                    created_at=ctx.at(12, 10),
                    read_at=None if number > 30 else ctx.at(12, 11),
                )
            )
    _count(ctx, "notifications", _insert(Notification, rows))


# --- The whole set --------------------------------------------------------------------------------------


def _campaign(year: int) -> Campaign:
    demo.load_plan()
    plan = Campaign.objects.get(year=demo.SOURCE_YEAR)
    return plan if year == demo.SOURCE_YEAR else campaign_copy(source=plan, year=year)


@transaction.atomic
def seed_scale(*, units: int, staff: int, seed: int, year: int = demo.SOURCE_YEAR) -> ScaleResult:
    """Build the province-scale set into an empty database (scale_refusal() is "" — the caller checks). Raises
    ValidationError (nothing written) for an invalid year. Writes with bulk_create: no audit entries."""
    rng = random.Random(seed)
    campaign = _campaign(year)
    titles = {title.code: title for title in Title.objects.all()}
    ctx = _Context(rng=rng, year=year, campaign=campaign, titles=titles)
    sizes = unit_sizes(rng, units=units, staff=staff)
    patterns = _units(ctx, sizes)
    _staff(ctx, sizes, patterns)
    _staff_years(ctx)
    accounts = _accounts(ctx, sizes)
    _blocs(ctx)
    lines, excellent = _registrations(ctx)
    ctx.excellent = excellent
    _unit_years(ctx, excellent)
    recognised = _initiatives(ctx, lines)
    _reward_history(ctx, lines)
    _dossiers(ctx, lines, recognised)
    _notifications(ctx)
    return ScaleResult(campaign=campaign, counts=ctx.counts, accounts=accounts)
