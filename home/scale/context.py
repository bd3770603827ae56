"""What the builders of the scale set share: its sizes and shares, and the context they fill in."""

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from departments.enums import UnitKind
from departments.models import (
    Unit,
    User,
)
from emulation import demo
from emulation.models import (
    Campaign,
    Title,
)
from initiatives.enums import InitiativeKind

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
class Person:
    """What the builder needs to know of a staff member after the insert."""

    pk: int
    unit_index: int
    code: str
    is_leader: bool
    recruited_on: dt.date
    left_on: dt.date | None
    grades: dict[int, str] = field(default_factory=dict)


@dataclass
class Context:
    rng: random.Random
    year: int
    campaign: Campaign
    titles: dict[str, Title]
    units: list[Unit] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    secretaries: dict[int, User] = field(default_factory=dict)  # unit pk -> the unit's secretary
    counts: dict[str, int] = field(default_factory=dict)
    excellent: set[int] = field(default_factory=set)  # pks of the units registered for Tập thể LĐXS

    @property
    def history_years(self) -> range:
        return range(self.year - 3, self.year + 1)

    def at(self, month: int, day: int, hour: int = 9, *, year: int | None = None) -> dt.datetime:
        return dt.datetime(year or self.year, month, day, hour, tzinfo=HCM)


def count(ctx: Context, name: str, number: int) -> None:
    ctx.counts[name] = ctx.counts.get(name, 0) + number
