"""Demo reward history for the years before the system (2015–2017): LĐTT for those graded HTTNV or
better, and CSTĐCS in 2016 and 2017 for the demo's provincial candidate, so the three-years rule has
something to read. Keyed on (year, title, person): running the seed again adds nothing."""

import datetime as dt

from awards.enums import RecordSource
from awards.models import RewardRecord
from departments.enums import TaskGrade
from departments.models import StaffYear, User
from emulation.enums import TitleCode
from emulation.models import RegistrationLine, Title

HISTORY_YEARS = (2015, 2016, 2017)
GOOD_GRADES = (TaskGrade.EXCELLENT, TaskGrade.GOOD)


def rewards_ensure(*, campaign) -> None:
    office = User.objects.get(username="thuongtruc")
    titles = {title.code: title for title in Title.objects.all()}
    existing = set(
        RewardRecord.objects.filter(staff__isnull=False).values_list("year", "title__code", "staff_id")
    )
    new = []
    for record in StaffYear.objects.filter(
        year__in=HISTORY_YEARS, task_grade__in=GOOD_GRADES, discipline="none"
    ):
        if (record.year, TitleCode.LDTT, record.staff_id) not in existing:
            new.append(
                _record(
                    record.year, titles[TitleCode.LDTT], record.staff_id, office, f"{record.year % 100:02d}"
                )
            )
    provincial = RegistrationLine.objects.filter(
        registration__campaign=campaign, title__code=TitleCode.CSTD_TINH
    )
    for line in provincial:
        for year in (2016, 2017):
            if (year, TitleCode.CSTDCS, line.staff_id) not in existing:
                new.append(
                    _record(year, titles[TitleCode.CSTDCS], line.staff_id, office, f"{year % 100 + 10:02d}")
                )
    RewardRecord.objects.bulk_create(new)


def _record(year: int, title: Title, staff_id: int, office: User, number: str) -> RewardRecord:
    return RewardRecord(
        year=year,
        title=title,
        staff_id=staff_id,
        decision_number=f"{number}/QĐ-STP",
        decision_date=dt.date(year, 12, 20),
        issued_by="Giám đốc Sở Tư pháp",
        source=RecordSource.MANUAL,
        note="Nhập từ hồ sơ lưu trữ",
        entered_by=office,
    )


DECIDED_ON = dt.date(2018, 12, 10)


def decisions_ensure(*, campaign) -> None:
    """The 2018 year-end round, as it ended: each unit's phase-2 dossier with the people who meet the
    criteria, voted by the demo council, approved by the Director and decided in 01/QĐ-STP (the
    Director's titles) and 01/TTr-STP (those decided higher up). Written once."""
    from awards.eligibility import campaign_eligibility
    from awards.enums import Choice, DecisionKind, DirectorDecision, DossierKind, DossierState
    from awards.models import (
        BallotChoice,
        BallotReceipt,
        CouncilSession,
        Decision,
        Dossier,
        DossierHistory,
        Nominee,
    )
    from emulation.enums import Authority

    if Dossier.objects.filter(campaign=campaign).exists():
        return
    office = User.objects.get(username="thuongtruc")
    director = User.objects.get(username="giamdoc")
    members = list(User.objects.filter(username__in=["hoidong1", "hoidong2", "hoidong3"]))
    titles = {title.code: title for title in Title.objects.all()}
    phase = campaign.phases.order_by("-number").first()
    session = CouncilSession.objects.create(
        campaign=campaign,
        name="Phiên họp Hội đồng Thi đua - Khen thưởng Sở xét khen thưởng năm 2018",
        held_on=dt.date(2018, 12, 5),
        opened_by=office,
        closed_at=dt.datetime(2018, 12, 5, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    )
    session.members.set(members)
    session.present.set(members)
    decision = Decision.objects.create(
        campaign=campaign,
        kind=DecisionKind.DECISION,
        number=1,
        year=2018,
        issuer=campaign.department_abbreviation,
        issued_on=DECIDED_ON,
        signer="Lê Văn Hòa",
        created_by=director,
    )
    submission = Decision.objects.create(
        campaign=campaign,
        kind=DecisionKind.SUBMISSION,
        number=1,
        year=2018,
        issuer=campaign.department_abbreviation,
        issued_on=dt.date(2018, 12, 7),
        signer="Lê Văn Hòa",
        created_by=director,
    )
    judged = [j for j in campaign_eligibility(campaign) if j.verdict == "pass"]
    dossiers = {}
    for judgement in judged:
        if judgement.unit_id not in dossiers:
            dossiers[judgement.unit_id] = Dossier.objects.create(
                campaign=campaign,
                unit_id=judgement.unit_id,
                kind=DossierKind.PHASE,
                phase=phase,
                state=DossierState.DECIDED,
                meeting_date=dt.date(2018, 11, 12),
                council_session=session,
                submitted_at=dt.datetime(2018, 11, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            )
        title = titles[judgement.title]
        in_authority = title.decided_by == Authority.DIRECTOR
        grade = (
            StaffYear.objects.filter(staff_id=judgement.staff_id, year=campaign.year)
            .values_list("task_grade", flat=True)
            .first()
        )
        nominee = Nominee.objects.create(
            task_grade=grade or "",
            dossier=dossiers[judgement.unit_id],
            staff_id=judgement.staff_id,
            title=title,
            votes_yes=3,
            votes_no=0,
            votes_blank=0,
            votes_base=3,
            council_passed=True,
            director_decision=DirectorDecision.APPROVED,
            decision=decision if in_authority else submission,
        )
        BallotChoice.objects.bulk_create(
            BallotChoice(session=session, nominee=nominee, choice=Choice.YES) for _ in members
        )
        if in_authority:
            RewardRecord.objects.get_or_create(
                year=campaign.year,
                title=title,
                staff_id=judgement.staff_id,
                unit_id=None if judgement.staff_id else judgement.unit_id,
                defaults={
                    "decision_number": decision.reference,
                    "decision_date": DECIDED_ON,
                    "issued_by": "Giám đốc Sở Tư pháp",
                    "source": RecordSource.DECISION,
                    "entered_by": director,
                },
            )
    BallotReceipt.objects.bulk_create(BallotReceipt(session=session, member=member) for member in members)
    for dossier in dossiers.values():
        steps = [
            ("", DossierState.DRAFT),
            (DossierState.DRAFT, DossierState.SUBMITTED),
            (DossierState.SUBMITTED, DossierState.ACCEPTED),
            (DossierState.ACCEPTED, DossierState.AT_COUNCIL),
            (DossierState.AT_COUNCIL, DossierState.VOTED),
            (DossierState.VOTED, DossierState.DECIDED),
        ]
        DossierHistory.objects.bulk_create(
            DossierHistory(
                dossier=dossier,
                actor=office,
                from_state=old,
                to_state=new,
                at=dt.datetime(2018, 11, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
                + dt.timedelta(days=5 * step),
            )
            for step, (old, new) in enumerate(steps)
        )
