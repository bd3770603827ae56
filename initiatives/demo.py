"""Demo initiatives of 2018, through initiatives.services: filed and submitted by the units' secretaries,
scored in one round of the demo council, recognised by the Director (one falls short of the majority and
is not), one of them also at provincial level. The caller opens the plan's deadlines
(emulation.demo.deadlines_ahead). Written once: nothing is added when the campaign has initiatives.
"""

import datetime as dt
from decimal import Decimal

from departments.models import User
from emulation.enums import CSTDCS_OR_HIGHER, TitleCode
from emulation.models import Campaign, RegistrationLine
from initiatives.enums import InitiativeKind, InitiativeState, ResearchKind, ResearchLevel
from initiatives.models import Initiative
from initiatives.services import (
    AuthorInput,
    initiative_recognise,
    initiative_record_provincial,
    initiative_save,
    initiative_transition,
    research_save,
    round_close,
    round_open,
    score_cast,
)

DECIDED_ON = dt.date(2018, 11, 15)
RESEARCH_ACCEPTED_ON = dt.date(2018, 9, 28)
# Before the nominations close (20/11): the CSTĐ cấp tỉnh candidate's dossier needs it to be submitted.
PROVINCIAL_ON = dt.date(2018, 11, 19)

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
DETAILS = {
    "first_applied_on": dt.date(2018, 3, 1),
    "description": DESCRIPTION,
    "conditions": "Áp dụng được tại các đơn vị cùng lĩnh vực, không cần thêm kinh phí.",
    "benefits": "Giảm khoảng 30% thời gian xử lý hồ sơ; người dân hài lòng hơn.",
}
NOT_RECOGNISED = 5  # the last topic gets one vote of three, short of two-thirds


def initiatives_ensure(*, campaign: Campaign) -> None:
    if Initiative.objects.filter(campaign=campaign).exists():
        return
    office = User.objects.get(username="thuongtruc")
    director = User.objects.get(username="giamdoc")
    members = list(
        User.objects.filter(username__in=["sangkien1", "sangkien2", "sangkien3"]).order_by("username")
    )
    # The authors are the staff who registered for CSTĐCS or higher: they need a recognised initiative.
    fighters = RegistrationLine.objects.filter(
        registration__campaign=campaign, title__code__in=CSTDCS_OR_HIGHER
    ).select_related("staff__unit", "title")
    filed = []
    for (title, field, kind), line in zip(TOPICS, fighters, strict=False):
        secretary = User.objects.get(username=f"thuky-{line.staff.unit.code.lower()}")
        initiative = initiative_save(
            campaign=campaign,
            unit=line.staff.unit,
            by=secretary,
            data={"title": title, "field": field, "kind": kind, **DETAILS},
            authors=[AuthorInput(staff=line.staff, share=Decimal(100))],
        )
        initiative_transition(initiative=initiative, to_state=InitiativeState.SUBMITTED, by=secretary)
        filed.append((initiative, line.title.code == TitleCode.CSTD_TINH))
    evaluation_round = round_open(
        campaign=campaign,
        name="Phiên xét công nhận sáng kiến năm 2018",
        members=members,
        initiatives=[initiative for initiative, _provincial in filed],
        by=office,
    )
    for index, (initiative, _provincial) in enumerate(filed):
        for position, member in enumerate(members):
            score_cast(
                initiative=initiative,
                member=member,
                novelty=8,
                applicability=7,
                effect=8,
                recognise=index != NOT_RECOGNISED or position == 0,
            )
    round_close(evaluation_round=evaluation_round, by=office)
    for index, (initiative, provincial) in enumerate(filed):
        if index == NOT_RECOGNISED:
            continue  # round_close has already recorded it as not recognised, with the tally
        initiative.refresh_from_db()  # the council's tally, kept by round_close
        initiative = initiative_recognise(
            initiative=initiative,
            decision_number=f"{40 + index:02d}/QĐ-STP",
            decision_date=DECIDED_ON,
            by=director,
        )
        if provincial:
            initiative_record_provincial(
                initiative=initiative, decision_number="2950/QĐ-UBND", decision_date=PROVINCIAL_ON, by=office
            )

    _research_ensure(campaign=campaign, fighters=list(fighters), office=office)


def _research_ensure(*, campaign: Campaign, fighters: list, office: User) -> None:
    """One accepted and applied research topic, by the last CSTĐCS registrant and a colleague of hers
    (the research route of the Chiến sĩ thi đua titles)."""
    if not fighters:
        return
    author = fighters[-1].staff
    colleague = author.unit.staff.exclude(pk=author.pk).filter(left_on__isnull=True).first()
    authors = [AuthorInput(staff=author, share=Decimal(70 if colleague else 100))]
    if colleague:
        authors.append(AuthorInput(staff=colleague, share=Decimal(30)))
    research_save(
        by=office,
        campaign=campaign,
        unit=author.unit,
        data={
            "title": "Giải pháp nâng cao hiệu quả hòa giải ở cơ sở tại các xã vùng đồng bào dân tộc",
            "kind": ResearchKind.TOPIC,
            "level": ResearchLevel.BASE,
            "acceptance_decision_number": "38/QĐ-STP",
            "accepted_on": RESEARCH_ACCEPTED_ON,
            "applied": True,
            "application_note": "Áp dụng tại các xã của huyện Ninh Phước từ tháng 10/2018.",
        },
        authors=authors,
    )
