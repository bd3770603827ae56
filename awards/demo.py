"""Demo awards through awards.services: the reward history of the years before the system, and the 2018
year-end round as it ended. The caller opens the plan's deadlines (emulation.demo.deadlines_ahead).

- `rewards_ensure`: 2015–2017 as the standing office types them in from the archive — LĐTT for those graded
  HTTNV or better, and CSTĐCS in 2016 and 2017 for the provincial candidate, so the three-years rule has
  something to read. Keyed on (year, title, person): running the seed again adds nothing.
- `decisions_ensure`: each unit's phase-2 dossier with the people who meet the criteria and its documents,
  submitted and accepted; the council's secret ballot; the Director's approvals (two CSTĐCS rejected, over
  their units' 15% cap); decision 01/QĐ-STP (the Director's titles) and tờ trình 01/TTr-STP (those decided
  higher up) with the province's answer; two exemplary models. Written once: nothing is added when the
  campaign has dossiers.
"""

import datetime as dt
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.eligibility import campaign_eligibility
from awards.enums import Choice, DecisionKind, DocumentKind, DossierKind, DossierState, Verdict
from awards.models import Dossier, Nominee, RewardRecord
from awards.selectors import report_form_for, session_nominees
from awards.services import (
    ballot_cast,
    decision_issue,
    document_attach,
    dossier_save,
    dossier_transition,
    exemplary_council_agrees,
    exemplary_propose,
    exemplary_select,
    nominee_add,
    nominee_decide,
    nominee_record_higher_result,
    reward_record_add,
    session_close,
    session_minutes_record,
    session_open,
)
from departments.enums import TaskGrade
from departments.models import Staff, StaffYear, Unit, UnitYear, User
from departments.services import unit_year_save
from emulation.enums import CSTDCS_OR_HIGHER, TitleCode
from emulation.models import Campaign, RegistrationLine, Title
from initiatives.enums import InitiativeState
from initiatives.models import InitiativeAuthor, ResearchAuthor

HISTORY_YEARS = (2015, 2016, 2017)
GOOD_GRADES = (TaskGrade.EXCELLENT, TaskGrade.GOOD)
# One blank A4 page, the smallest PDF core.uploads parses and takes: the demo documents are placeholders.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)
MEETING_ON = dt.date(2018, 11, 12)
COUNCIL_ON = dt.date(2018, 12, 5)
SUBMITTED_ON = dt.date(2018, 12, 7)
DECIDED_ON = dt.date(2018, 12, 10)
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE_DECISION = ("215/QĐ-UBND", dt.date(2019, 1, 25))
# Registered within the 15% cap, over it at the year's end, when fewer of the unit reach LĐTT (VP: 12, room
# for one CSTĐCS; HCTP: 5, none). The Director keeps each unit within its cap and the leaders under 70% of
# the CSTĐCS (the plan's target), else decision 01/QĐ-STP cannot be issued.
CAP = (
    "vượt tỷ lệ 15% Chiến sĩ thi đua cơ sở trên số Lao động tiên tiến của đơn vị "
    "(Nghị định 91/2017/NĐ-CP, Điều 9, khoản 3)"
)
REJECTED = {
    "VP-003": f"Không đồng ý: {CAP}; ưu tiên công chức không giữ chức vụ lãnh đạo.",
    # CSTĐCS by her research topic; her unit's six LĐTT allow none.
    "DGTS-006": f"Không đồng ý: {CAP}.",
}
EXEMPLARY = "Điển hình tiên tiến trong công tác trợ giúp pháp lý lưu động cho đồng bào dân tộc Chăm năm 2018."


def rewards_ensure(*, campaign: Campaign) -> None:
    office = User.objects.get(username="thuongtruc")
    titles = {title.code: title for title in Title.objects.all()}
    existing = set(
        RewardRecord.objects.filter(staff__isnull=False).values_list("year", "title__code", "staff_id")
    )
    wanted = [
        (record.year, TitleCode.LDTT, record.staff, f"{record.year % 100:02d}")
        for record in StaffYear.objects.filter(
            year__in=HISTORY_YEARS, task_grade__in=GOOD_GRADES, discipline="none"
        ).select_related("staff")
    ]
    for line in RegistrationLine.objects.filter(
        registration__campaign=campaign, title__code=TitleCode.CSTD_TINH
    ).select_related("staff"):
        wanted += [(year, TitleCode.CSTDCS, line.staff, f"{year % 100 + 10:02d}") for year in (2016, 2017)]
    for year, code, person, number in wanted:
        if (year, code, person.pk) not in existing:
            reward_record_add(
                by=office,
                year=year,
                title=titles[code],
                staff=person,
                decision_number=f"{number}/QĐ-STP",
                decision_date=dt.date(year, 12, 20),
                issued_by="Giám đốc Sở Tư pháp",
                note="Nhập từ hồ sơ lưu trữ",
            )


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _dossier(*, campaign: Campaign, unit: Unit, judgements: list, titles: dict[str, Title], office: User):
    """The unit's phase-2 dossier, complete, submitted by its secretary and accepted by the office."""
    secretary = User.objects.get(username=f"thuky-{unit.code.lower()}")
    dossier = dossier_save(
        by=secretary,
        campaign=campaign,
        unit=unit,
        data={"kind": DossierKind.PHASE, "phase": campaign.phases.last(), "meeting_date": MEETING_ON},
    )
    for kind, name in ((DocumentKind.SUBMISSION, "to-trinh.pdf"), (DocumentKind.MINUTES, "bien-ban-hop.pdf")):
        document_attach(dossier=dossier, kind=kind, uploaded=_pdf(name), by=secretary)
    initiatives = {
        author.staff_id: author.initiative
        for author in InitiativeAuthor.objects.filter(
            initiative__campaign=campaign, initiative__state=InitiativeState.RECOGNISED, staff__unit=unit
        ).select_related("initiative")
    }
    research = {
        author.staff_id: author.research
        for author in ResearchAuthor.objects.filter(
            research__campaign=campaign, research__applied=True, staff__unit=unit
        ).select_related("research")
    }
    for judgement in judgements:
        fighter = judgement.title in CSTDCS_OR_HIGHER
        initiative = initiatives.get(judgement.staff_id) if fighter else None
        nominee = nominee_add(
            dossier=dossier,
            by=secretary,
            title=titles[judgement.title],
            staff=Staff.objects.get(pk=judgement.staff_id) if judgement.staff_id else None,
            initiative=initiative,
            # The research route: a fighter without an initiative rests on the research accepted and applied.
            research=research.get(judgement.staff_id) if fighter and initiative is None else None,
        )
        document_attach(
            dossier=dossier,
            kind=report_form_for(dossier, nominee),
            uploaded=_pdf("bao-cao-thanh-tich.pdf"),
            nominee=nominee,
            by=secretary,
        )
    dossier_transition(dossier=dossier, to_state=DossierState.SUBMITTED, by=secretary)
    return dossier_transition(dossier=dossier, to_state=DossierState.ACCEPTED, by=office)


def unit_grades_ensure(*, campaign: Campaign, office: User) -> None:
    """The standing office grades each unit for the year before the dossiers: those registered for TTLĐXS
    completed their tasks excellently, the others well (what TTLĐTT and TTLĐXS are judged on)."""
    graded = set(UnitYear.objects.filter(year=campaign.year).values_list("unit_id", flat=True))
    for sheet in campaign.registrations.select_related("unit", "collective_title").order_by("pk"):
        if sheet.unit_id in graded:
            continue
        excellent = sheet.collective_title and sheet.collective_title.code == TitleCode.TTLDXS
        unit_year_save(
            unit=sheet.unit,
            year=campaign.year,
            task_grade=TaskGrade.EXCELLENT if excellent else TaskGrade.GOOD,
            note="",
            by=office,
            version=None,
        )


def decisions_ensure(*, campaign: Campaign) -> None:
    if Dossier.objects.filter(campaign=campaign).exists():
        return
    office = User.objects.get(username="thuongtruc")
    unit_grades_ensure(campaign=campaign, office=office)
    director = User.objects.get(username="giamdoc")
    signer = f"{director.last_name} {director.first_name}"
    members = list(
        User.objects.filter(username__in=["hoidong1", "hoidong2", "hoidong3"]).order_by("username")
    )
    titles = {title.code: title for title in Title.objects.all()}
    passing = [j for j in campaign_eligibility(campaign) if j.verdict == Verdict.PASS]
    dossiers = [
        _dossier(
            campaign=campaign,
            unit=unit,
            judgements=[j for j in passing if j.unit_id == unit.pk],
            titles=titles,
            office=office,
        )
        for unit in Unit.objects.filter(pk__in={j.unit_id for j in passing}).order_by("display_order")
    ]
    session = session_open(
        campaign=campaign,
        name="Phiên họp Hội đồng Thi đua - Khen thưởng Sở xét khen thưởng năm 2018",
        held_on=COUNCIL_ON,
        members=members,
        dossiers=dossiers,
        by=office,
    )
    # What the minutes hold besides the ballot (an online ballot: its count is computed).
    session_minutes_record(
        session=session,
        by=office,
        starts_at=dt.datetime.combine(COUNCIL_ON, dt.time(8, 0), tzinfo=HCM),
        ends_at=dt.datetime.combine(COUNCIL_ON, dt.time(10, 30), tzinfo=HCM),
        place="Phòng họp Sở Tư pháp",
        chair=members[0],
        chair_position="Phó Giám đốc Sở, Phó Chủ tịch Hội đồng",
        secretary=members[2],
        secretary_position="Chánh Văn phòng Sở, Ủy viên thư ký Hội đồng",
    )
    agenda = [nominee.pk for nominee in session_nominees(session)]
    for member in members:
        ballot_cast(session=session, member=member, choices=dict.fromkeys(agenda, Choice.YES))
    session_close(session=session, by=office)
    for nominee in session_nominees(session):
        reason = REJECTED.get(nominee.staff.code if nominee.staff else "", "")
        nominee_decide(nominee=nominee, approve=not reason, by=director, comment=reason)
    for kind, issued_on in ((DecisionKind.SUBMISSION, SUBMITTED_ON), (DecisionKind.DECISION, DECIDED_ON)):
        decision_issue(campaign=campaign, kind=kind, issued_on=issued_on, signer=signer, by=director)
    number, decided_on = PROVINCE_DECISION
    for nominee in Nominee.objects.filter(dossier__campaign=campaign, decision__kind=DecisionKind.SUBMISSION):
        nominee_record_higher_result(
            nominee=nominee, approved=True, decision_number=number, decided_on=decided_on, by=office
        )
    # The CSTĐ cấp tỉnh and the unit are the year's exemplary models (plan II.2.6).
    fighter = Nominee.objects.get(dossier__campaign=campaign, title__code=TitleCode.CSTD_TINH).staff
    for staff in (None, fighter):
        model = exemplary_propose(
            campaign=campaign, unit=fighter.unit, staff=staff, description=EXEMPLARY, by=office
        )
        exemplary_council_agrees(model=model, agreed_on=COUNCIL_ON, by=office)
        exemplary_select(model=model, by=director)
