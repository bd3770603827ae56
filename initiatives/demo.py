"""Demo initiatives of 2018: filed by the units, scored by the demo council, mostly recognised.

Written as they stood at the end of 2018 (the deadlines are long past), keyed on their titles so that
running the seed again adds nothing.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from departments.models import User
from emulation.enums import CSTDCS_OR_HIGHER, TitleCode
from emulation.models import Campaign, RegistrationLine
from initiatives.enums import InitiativeKind, InitiativeScope, InitiativeState
from initiatives.models import EvaluationRound, Initiative, InitiativeAuthor, InitiativeHistory, Score

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FILED_ON = dt.datetime(2018, 10, 15, 9, 0, tzinfo=LOCAL_ZONE)
DECIDED_ON = dt.date(2018, 11, 15)

# Initiatives in the fields the plan names (II.2): civil status software, document review, legal aid…
TOPICS = [
    (
        "Số hóa sổ hộ tịch và tra cứu trên phần mềm đăng ký, quản lý hộ tịch",
        "Hộ tịch",
        InitiativeKind.TECH_APPLICATION,
    ),
    (
        "Quy trình kiểm tra văn bản quy phạm pháp luật qua mạng cộng tác viên",
        "Kiểm tra văn bản",
        InitiativeKind.MANAGEMENT,
    ),
    (
        "Mẫu phiếu trợ giúp pháp lý lưu động cho đồng bào dân tộc Chăm",
        "Trợ giúp pháp lý",
        InitiativeKind.OPERATIONAL,
    ),
    ("Sổ tay hướng dẫn chứng thực bản sao cho cán bộ cấp xã", "Chứng thực", InitiativeKind.OPERATIONAL),
    ("Bảng theo dõi hồ sơ công chứng bằng mã vạch", "Công chứng", InitiativeKind.TECHNICAL),
    (
        "Lịch phổ biến pháp luật theo mùa vụ cho các xã ven biển",
        "Phổ biến pháp luật",
        InitiativeKind.MANAGEMENT,
    ),
]
DESCRIPTION = "Giải pháp đã áp dụng thử tại đơn vị từ quý II năm 2018, rút ngắn thời gian xử lý công việc."
NOT_RECOGNISED = 5  # the last topic falls short of two-thirds


def initiatives_ensure(*, campaign: Campaign) -> None:
    if Initiative.objects.filter(campaign=campaign).exists():
        return
    office = User.objects.get(username="thuongtruc")
    director = User.objects.get(username="giamdoc")
    members = list(
        User.objects.filter(username__in=["sangkien1", "sangkien2", "sangkien3"]).order_by("username")
    )
    # The authors are the staff who registered for CSTĐCS or higher: they need a recognised initiative.
    fighters = list(
        RegistrationLine.objects.filter(
            registration__campaign=campaign, title__code__in=CSTDCS_OR_HIGHER
        ).select_related("staff__unit", "title", "registration")
    )
    evaluation_round = EvaluationRound.objects.create(
        campaign=campaign, name="Phiên xét công nhận sáng kiến năm 2018", opened_by=office
    )
    evaluation_round.members.set(members)
    for index, (title, field, kind) in enumerate(TOPICS):
        if index >= len(fighters):
            break
        line = fighters[index]
        recognised = index != NOT_RECOGNISED
        provincial = line.title.code == TitleCode.CSTD_TINH
        initiative = Initiative.objects.create(
            campaign=campaign,
            unit=line.staff.unit,
            title=title,
            field=field,
            kind=kind,
            first_applied_on=dt.date(2018, 3, 1),
            description=DESCRIPTION,
            conditions="Áp dụng được tại các đơn vị cùng lĩnh vực, không cần thêm kinh phí.",
            benefits="Giảm khoảng 30% thời gian xử lý hồ sơ; người dân hài lòng hơn.",
            state=InitiativeState.RECOGNISED if recognised else InitiativeState.NOT_RECOGNISED,
            council_yes=3 if recognised else 1,
            council_members=3,
            scope=(InitiativeScope.PROVINCIAL if provincial else InitiativeScope.BASE) if recognised else "",
            decision_number=f"{40 + index:02d}/QĐ-STP" if recognised else "",
            decision_date=DECIDED_ON if recognised else None,
            provincial_decision_number="2950/QĐ-UBND" if provincial else "",
            provincial_decision_date=dt.date(2018, 12, 14) if provincial else None,
            evaluation_round=evaluation_round,
        )
        InitiativeAuthor.objects.create(initiative=initiative, staff=line.staff, share=Decimal(100))
        Score.objects.bulk_create(
            Score(
                evaluation_round=evaluation_round,
                initiative=initiative,
                member=member,
                novelty=8,
                applicability=7,
                effect=8,
                recognise=recognised or position == 0,
            )
            for position, member in enumerate(members)
        )
        secretary = User.objects.filter(username=f"thuky-{initiative.unit.code.lower()}").first() or office
        final = InitiativeState.RECOGNISED if recognised else InitiativeState.NOT_RECOGNISED
        steps = [
            ("", InitiativeState.DRAFT, secretary, ""),
            (InitiativeState.DRAFT, InitiativeState.SUBMITTED, secretary, ""),
            (InitiativeState.SUBMITTED, InitiativeState.UNDER_EVALUATION, office, ""),
            (
                InitiativeState.UNDER_EVALUATION,
                final,
                director if recognised else office,
                initiative.decision_number,
            ),
        ]
        InitiativeHistory.objects.bulk_create(
            InitiativeHistory(
                initiative=initiative,
                actor=actor,
                at=FILED_ON + dt.timedelta(days=7 * step),
                from_state=old,
                to_state=new,
                comment=comment,
            )
            for step, (old, new, actor, comment) in enumerate(steps)
        )
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(
        closed_at=dt.datetime(2018, 11, 10, 16, 0, tzinfo=LOCAL_ZONE)
    )
