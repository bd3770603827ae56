"""The campaign carried through: blocs, sheets, initiatives, reward history, dossiers, ballot, decision."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from awards.enums import DecisionKind, DirectorDecision, DossierKind, DossierState, RecordSource, RewardKind
from awards.models import CouncilSession, Decision, Dossier, DossierHistory, Nominee, RewardRecord
from departments.enums import TaskGrade
from departments.models import (
    User,
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
)
from home.scale.context import (
    BLOC_SHARE,
    BLOC_SIZE,
    COUNCIL_MEMBERS,
    CSTDCS_PERCENT,
    EXCELLENT_UNIT_SHARE,
    INITIATIVE_COUNCIL,
    LINE_WEIGHTS,
    SESSION_SHARE,
    TOPICS,
    Context,
    Person,
    count,
)
from home.scale.writing import BATCH, insert
from initiatives.demo import DETAILS as INITIATIVE_DETAILS
from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.models import EvaluationRound, Initiative, InitiativeAuthor, InitiativeHistory, Score
from notifications.enums import NotificationKind
from notifications.models import Notification

# --- The campaign: blocs, registration sheets ---------------------------------------------------------


def build_blocs(ctx: Context) -> None:
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
    count(ctx, "blocs", len(blocs))
    count(ctx, "bloc_members", insert(BlocMember, rows))


@dataclass
class Line:
    person: Person
    code: str  # the title's code


def build_registrations(ctx: Context) -> tuple[dict[int, list[Line]], set[int]]:
    """Every unit's sheet, submitted and accepted: LĐTT for most of those on the roll in January, CSTĐCS
    for 15% of them rounded down (the best graded of last year first), a CSTĐ cấp tỉnh in about one unit of
    twenty; Tập thể LĐXS for a fifth of the units. Returns the lines per unit index and the pks of the
    units that registered for Tập thể LĐXS."""
    rng, titles, year = ctx.rng, ctx.titles, ctx.year
    on_roll = dt.date(year, 1, 15)
    by_unit: dict[int, list[Person]] = {}
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
    lines: dict[int, list[Line]] = {}
    for unit_index, people in by_unit.items():
        last_year = ctx.year - 1
        best = sorted(people, key=lambda p: (p.grades.get(last_year) != TaskGrade.EXCELLENT, p.code))
        fighters = len(people) * CSTDCS_PERCENT // 100
        chosen = {p.pk for p in best[:fighters]}
        provincial = best[0].pk if fighters and rng.random() < 0.05 else None
        lines[unit_index] = [
            Line(
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
    count(ctx, "registrations", len(sheets))
    count(ctx, "registration_lines", insert(RegistrationLine, rows))
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
    insert(RegistrationHistory, history)
    Campaign.objects.filter(pk=ctx.campaign.pk).update(
        registrations_sent_on=dt.date(year, 2, 7),
        registrations_sent_reference="12/BC-STP",
        registrations_sent_by=office,
    )
    return lines, excellent


# --- Initiatives ----------------------------------------------------------------------------------------


def build_initiatives(ctx: Context, lines: dict[int, list[Line]]) -> dict[int, Initiative]:
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
                description=INITIATIVE_DETAILS["description"],
                conditions=INITIATIVE_DETAILS["conditions"],
                benefits=INITIATIVE_DETAILS["benefits"],
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
    count(ctx, "initiatives", len(filed))
    count(ctx, "initiative_authors", insert(InitiativeAuthor, authors))
    count(ctx, "scores", insert(Score, scores))
    insert(InitiativeHistory, history)
    return recognised


def _initiative_step(initiative, actor, at, from_state, to_state) -> InitiativeHistory:
    return InitiativeHistory(
        initiative=initiative, actor=actor, at=at, from_state=from_state, to_state=to_state
    )


# --- Reward history, dossiers, the council, the decision ------------------------------------------------


def build_reward_history(ctx: Context, lines: dict[int, list[Line]]) -> None:
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

    count(ctx, "reward_records", insert(RewardRecord, rows()))


def build_dossiers(ctx: Context, lines: dict[int, list[Line]], recognised: dict[int, Initiative]) -> None:
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
        if dossier.state != DossierState.SUBMITTED:
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
    count(ctx, "dossiers", len(dossiers))
    count(ctx, "nominees", insert(Nominee, rows))
    count(ctx, "reward_records", insert(RewardRecord, records))
    insert(DossierHistory, history)


def _dossier_step(dossier, actor, at, from_state, to_state) -> DossierHistory:
    return DossierHistory(dossier=dossier, actor=actor, at=at, from_state=from_state, to_state=to_state)


def _record_of(ctx: Context, nominee: Nominee, dossier: Dossier, director: User) -> RewardRecord:
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


def build_notifications(ctx: Context) -> None:
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
    count(ctx, "notifications", insert(Notification, rows))
