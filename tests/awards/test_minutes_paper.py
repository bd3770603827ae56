"""The council's minutes ("Biên bản họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín") and the
paper ballot form, as papers (core.papers): every part a biên bản must hold, the details the standing office
records and their checks, the refusals, and the ballot's secrecy."""

import datetime as dt
import io
import subprocess
from dataclasses import astuple
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from awards import selectors, services
from awards.models import CouncilSession
from awards.papers.minutes import (
    ballot_counts,
    ballot_form_paper,
    minutes_paper,
    threshold_text,
    votes_needed,
)
from core.papers.model import Paragraph, Table, plain_text
from core.papers.render import render
from emulation.models import Title
from tests.awards.conftest import BEFORE, HCM
from tests.awards.test_dossiers import to_vote
from tests.factories import UserFactory
from tests.readback import docx_text, pdf_text

Y, N, B = "yes", "no", "blank"
DAY = dt.date(2018, 11, 25)  # tests.awards.test_dossiers.to_vote holds the session on this day


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def at(hour, minute=0, day=DAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HCM)


@pytest.fixture
def members(db):
    """Four council members with their own names (the factory gives everyone the same)."""
    names = [("Trần Quốc", "Bảo"), ("Nguyễn Thị Kim", "Oanh"), ("Đàng Văn", "Lực"), ("Võ Minh", "Tuấn")]
    return [
        UserFactory(username=f"tv{i}", last_name=last, first_name=first, is_council_member=True)
        for i, (last, first) in enumerate(names, start=1)
    ]


@pytest.fixture
def people(registered):
    return {
        "anh": registered(full_name="Phạm Minh Anh", position="Phó Chánh Văn phòng"),
        "bich": registered(full_name="Võ Thị Bích"),
        "dung": registered(full_name="Huỳnh Thị Dung"),
    }


@pytest.fixture
def agenda(cast, members, people, complete_dossier):
    """LĐTT for Anh and Bích, TTLĐTT for the unit, Giấy khen for Dung, whose share the campaign counts on
    the members present; Tuấn is absent. Online ballot, still open."""
    Title.objects.filter(code="GK_GD").update(vote_base="present")
    dossier = complete_dossier(
        (people["anh"], "LDTT"), (people["bich"], "LDTT"), (None, "TTLDTT"), (people["dung"], "GK_GD")
    )
    session = to_vote(dossier, cast, members)
    services.session_attendance(session=session, present=members[:3], by=cast["standing_office"])
    return session


def record(session, by, **changes):
    members = {member.username: member for member in session.members.all()}
    details = {
        "starts_at": at(8),
        "ends_at": at(10, 30),
        "place": "Phòng họp Sở Tư pháp",
        "chair": members["tv1"],
        "chair_position": "Phó Giám đốc Sở, Phó Chủ tịch Hội đồng",
        "secretary": members["tv3"],
        "secretary_position": "Chánh Văn phòng Sở, Ủy viên thư ký",
        **changes,
    }
    services.session_minutes_record(session=session, by=by, **details)
    session.refresh_from_db()
    return session


PLAN = {
    "Phạm Minh Anh": [Y, Y, Y],
    "Võ Thị Bích": [Y, N, B],
    "Văn phòng Sở": [Y, Y, N],
    "Huỳnh Thị Dung": [Y, Y, N],
}


@pytest.fixture
def voted(cast, members, agenda):
    record(agenda, cast["standing_office"])
    nominees = list(selectors.session_nominees(agenda))
    for index, member in enumerate(members[:3]):
        choices = {nominee.pk: PLAN[nominee.name][index] for nominee in nominees}
        services.ballot_cast(session=agenda, member=member, choices=choices)
    return services.session_close(session=agenda, by=cast["standing_office"])


def lines(paper):
    return plain_text(paper).splitlines()


def paragraph(paper, lead):
    return next(block.text for block in paper.blocks if isinstance(block, Paragraph) and block.lead == lead)


def tables(paper):
    return [block for block in paper.blocks if isinstance(block, Table)]


# --- Every part of the minutes --------------------------------------------------------------------------


def test_minutes_hold_time_place_chair_secretary_and_attendance_by_name(voted):
    paper = minutes_paper(voted)

    assert (paper.kind, paper.summary, paper.number) == (
        "BIÊN BẢN",
        "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín",
        "Số:      /BB-HĐTĐKT",
    )
    assert (paper.issuer.governing_body, paper.issuer.name) == (
        "SỞ TƯ PHÁP",
        "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
    )
    assert paper.place_and_date == "Ninh Thuận, ngày 25 tháng 11 năm 2018"
    assert (
        paragraph(paper, "Thời gian:") == "bắt đầu lúc 08 giờ 00 phút; kết thúc lúc 10 giờ 30 phút cùng ngày."
    )
    assert paragraph(paper, "Địa điểm:") == "Phòng họp Sở Tư pháp."
    assert paragraph(paper, "Chủ tọa:") == "Trần Quốc Bảo, Phó Giám đốc Sở, Phó Chủ tịch Hội đồng."
    assert paragraph(paper, "Thư ký:") == "Đàng Văn Lực, Chánh Văn phòng Sở, Ủy viên thư ký."
    assert paragraph(paper, "Thành phần:") == (
        "Hội đồng có 4 thành viên được triệu tập; có mặt 3 thành viên, vắng mặt 1 thành viên."
    )
    assert paragraph(paper, "Thành viên có mặt (3):") == "Trần Quốc Bảo; Đàng Văn Lực; Nguyễn Thị Kim Oanh."
    assert paragraph(paper, "Thành viên vắng mặt (1):") == "Võ Minh Tuấn."
    assert paragraph(paper, "Ban kiểm phiếu:") == (
        "không lập (bỏ phiếu kín trực tuyến; kết quả do hệ thống tổng hợp khi kết thúc bỏ phiếu)."
    )
    assert [(s.caption, s.name) for s in paper.signatures] == [
        ("THƯ KÝ", "Đàng Văn Lực"),
        ("CHỦ TỌA", "Trần Quốc Bảo"),
    ]
    assert paper.filename == f"bien-ban-hop-hoi-dong-{voted.pk}"
    assert "DỰ THẢO" not in plain_text(paper)


def test_minutes_give_the_threshold_of_each_title_with_its_base(voted):
    thresholds = tables(minutes_paper(voted))[0]

    assert [c.header for c in thresholds.columns] == [
        "STT",
        "Danh hiệu thi đua, hình thức khen thưởng",
        "Tỷ lệ phiếu đồng ý cần đạt",
        "Số thành viên làm căn cứ",
        "Số phiếu đồng ý tối thiểu",
    ]
    assert thresholds.rows == [
        [1, "Lao động tiên tiến", "Trên 50% tổng số thành viên Hội đồng", 4, 3],
        [2, "Tập thể lao động tiên tiến", "Trên 50% tổng số thành viên Hội đồng", 4, 3],
        [3, "Giấy khen của Giám đốc Sở", "Trên 50% số thành viên có mặt", 3, 2],
    ]


def test_threshold_of_the_provincial_fighter_is_ninety_percent_of_all_members(plan_2018):
    fighter = Title.objects.get(code="CSTD_TINH")

    assert threshold_text(fighter) == "Từ 90% tổng số thành viên Hội đồng trở lên"
    assert [votes_needed(fighter, members=members, present=3) for members in (3, 5, 10, 11)] == [3, 5, 9, 10]


def test_minutes_give_each_nominees_votes_and_result_grouped_by_title(voted):
    results = tables(minutes_paper(voted))[1]

    assert [c.header for c in results.columns] == [
        "STT",
        "Họ và tên (tập thể)",
        "Đơn vị",
        "Đồng ý",
        "Tỷ lệ đồng ý (%)",
        "Không đồng ý",
        "Để trống",
        "Kết quả",
    ]
    assert [(group.heading, group.rows) for group in results.groups] == [
        (
            "I. Lao động tiên tiến",
            [
                [1, "Phạm Minh Anh", "Văn phòng Sở", 3, 75, 0, 0, "Đạt"],
                [2, "Võ Thị Bích", "Văn phòng Sở", 1, 25, 1, 1, "Không đạt"],
            ],
        ),
        ("II. Tập thể lao động tiên tiến", [[3, "Văn phòng Sở", "Văn phòng Sở", 2, 50, 1, 0, "Không đạt"]]),
        (
            "III. Giấy khen của Giám đốc Sở",
            [[4, "Huỳnh Thị Dung", "Văn phòng Sở", 2, Decimal("66.7"), 1, 0, "Đạt"]],
        ),
    ]


def test_online_ballot_counts_are_computed_from_attendance_and_receipts(voted):
    paper = minutes_paper(voted)

    assert astuple(ballot_counts(voted)) == (3, 3, 3, 0, 0, True)
    assert "Số phiếu phát ra: 3; số phiếu thu về: 3; số phiếu hợp lệ: 3; số phiếu không hợp lệ: 0." in (
        plain_text(paper)
    )


def test_minutes_conclude_with_who_passed(voted):
    text = plain_text(minutes_paper(voted))

    assert (
        "Căn cứ kết quả bỏ phiếu kín, Hội đồng Thi đua – Khen thưởng Sở Tư pháp thống nhất: 2/4 trường hợp "
        "đạt tỷ lệ phiếu đồng ý theo quy định (danh sách dưới đây); đề nghị Giám đốc Sở Tư pháp xét, quyết "
        "định khen thưởng theo thẩm quyền hoặc trình cấp có thẩm quyền khen thưởng năm 2018."
    ) in text
    assert "- Lao động tiên tiến (1): Phạm Minh Anh." in text
    assert "- Giấy khen của Giám đốc Sở (1): Huỳnh Thị Dung." in text
    assert "Tập thể lao động tiên tiến (" not in text
    assert "Cuộc họp kết thúc vào lúc 10 giờ 30 phút cùng ngày." in text


def test_minutes_never_say_how_a_member_voted(voted, members):
    """A member's name appears only where attendance, chair, secretary and signatures put it."""
    text_lines = lines(minutes_paper(voted))
    named = {line for line in text_lines for member in members if str(member) in line}

    assert named == {
        "Chủ tọa: Trần Quốc Bảo, Phó Giám đốc Sở, Phó Chủ tịch Hội đồng.",
        "Thư ký: Đàng Văn Lực, Chánh Văn phòng Sở, Ủy viên thư ký.",
        "Thành viên có mặt (3): Trần Quốc Bảo; Đàng Văn Lực; Nguyễn Thị Kim Oanh.",
        "Thành viên vắng mặt (1): Võ Minh Tuấn.",
        "Trần Quốc Bảo",
        "Đàng Văn Lực",
    }


# --- An open ballot: a draft ----------------------------------------------------------------------------


def test_minutes_of_an_open_ballot_print_as_a_draft_without_results(cast, agenda, members):
    record(agenda, cast["standing_office"], ends_at=None)
    nominee = selectors.session_nominees(agenda).first()
    choices = {n.pk: Y for n in selectors.session_nominees(agenda)}
    services.ballot_cast(session=agenda, member=members[0], choices=choices)

    paper = minutes_paper(agenda)

    assert paper.blocks[0].text == (
        "DỰ THẢO – Phiên bỏ phiếu chưa kết thúc: kết quả dưới đây chưa phải kết quả chính thức."
    )
    assert paper.filename == f"du-thao-bien-ban-hop-hoi-dong-{agenda.pk}"
    assert {tuple(row[3:]) for row in tables(paper)[1].rows} == {(None, None, None, None, "Chưa kết thúc")}
    assert nominee.name in plain_text(paper)
    assert "(Kết luận được ghi khi phiên bỏ phiếu kết thúc.)" in plain_text(paper)
    assert paragraph(paper, "Thời gian:") == "bắt đầu lúc 08 giờ 00 phút; kết thúc lúc …………… cùng ngày."


# --- Refusals -------------------------------------------------------------------------------------------


def test_minutes_without_chair_and_secretary_are_refused_naming_both(agenda):
    with pytest.raises(ValidationError) as error:
        minutes_paper(agenda)

    assert error.value.messages == ["Chưa thể in biên bản. Còn thiếu: tên chủ tọa; tên thư ký."]


def test_final_minutes_need_the_time_and_place(cast, agenda):
    record(agenda, cast["standing_office"], starts_at=None, ends_at=None, place="")
    closed = services.session_close(session=agenda, by=cast["standing_office"])

    with pytest.raises(ValidationError) as error:
        minutes_paper(closed)

    assert error.value.messages == [
        "Chưa thể in biên bản. Còn thiếu: thời gian bắt đầu và kết thúc cuộc họp; địa điểm cuộc họp."
    ]


def test_final_minutes_of_a_paper_ballot_need_the_count_and_the_committee(
    cast, members, people, complete_dossier
):
    session = to_vote(complete_dossier((people["anh"], "LDTT")), cast, members, paper_ballot=True)
    record(session, cast["standing_office"])
    nominee = selectors.session_nominees(session).get()
    closed = services.session_close(
        session=session, by=cast["standing_office"], paper_tally={nominee.pk: (4, 0, 0)}
    )

    with pytest.raises(ValidationError) as error:
        minutes_paper(closed)

    assert error.value.messages == [
        "Chưa thể in biên bản. Còn thiếu: ban kiểm phiếu; số phiếu phát ra, thu về, hợp lệ và không hợp lệ."
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": at(7, 59)}, "Cuộc họp phải kết thúc sau khi bắt đầu."),
        (
            {"starts_at": at(8, day=DAY + dt.timedelta(days=1)), "ends_at": None},
            "Giờ bắt đầu và kết thúc cuộc họp phải trong ngày họp của phiên (25/11/2018).",
        ),
        ({"chair": "outsider"}, "Chủ tọa phải là thành viên của phiên họp: Lê Văn Ngoài không phải."),
        ({"secretary": "tv1"}, "Chủ tọa và thư ký phải là hai người khác nhau."),
        (
            {"counters": ["tv1", "tv4"], "counting_head": "tv1"},
            "Chỉ thành viên có mặt mới được kiểm phiếu: Võ Minh Tuấn.",
        ),
        (
            {"counters": ["tv1", "tv2"], "counting_head": "tv3"},
            "Trưởng ban kiểm phiếu phải là một thành viên của ban.",
        ),
        ({"counters": ["tv1", "tv2"]}, "Chọn trưởng ban kiểm phiếu."),
        (
            {"ballots_issued": 3},
            "Số phiếu của bỏ phiếu trực tuyến được tính từ các phiếu đã bỏ, không nhập tay.",
        ),
        ({"written_voters": ["tv4"]}, "Phiếu gửi bằng văn bản chỉ được tính khi bỏ phiếu giấy."),
    ],
)
def test_details_that_do_not_fit_the_session_are_refused_and_nothing_is_saved(
    cast, agenda, members, changes, message
):
    users = {member.username: member for member in members}
    users["outsider"] = UserFactory(last_name="Lê Văn", first_name="Ngoài", is_council_member=True)
    resolved = {
        name: [users[v] for v in value]
        if isinstance(value, list)
        else users.get(value, value)
        if isinstance(value, str)
        else value
        for name, value in changes.items()
    }

    with pytest.raises(ValidationError) as error:
        record(agenda, cast["standing_office"], **resolved)

    assert error.value.messages == [message]
    agenda.refresh_from_db()
    assert (agenda.chair, agenda.place, agenda.starts_at, list(agenda.counters.all())) == (None, "", None, [])


# --- A paper ballot -------------------------------------------------------------------------------------


@pytest.fixture
def paper_session(cast, members, people, complete_dossier):
    """A paper ballot on Anh's LĐTT; Tuấn is absent and voted in writing."""
    session = to_vote(complete_dossier((people["anh"], "LDTT")), cast, members, paper_ballot=True)
    services.session_attendance(session=session, present=members[:3], by=cast["standing_office"])
    return session


def paper_counts(**changes):
    return {"ballots_issued": 3, "ballots_collected": 3, "ballots_valid": 2, "ballots_invalid": 1, **changes}


def test_a_paper_ballots_count_and_committee_print_in_the_minutes(cast, members, paper_session):
    record(
        paper_session,
        cast["standing_office"],
        counters=members[1:3],
        counting_head=members[1],
        written_voters=[members[3]],
        **paper_counts(),
    )
    nominee = selectors.session_nominees(paper_session).get()
    closed = services.session_close(
        session=paper_session, by=cast["standing_office"], paper_tally={nominee.pk: (3, 0, 0)}
    )

    paper = minutes_paper(closed)

    assert paragraph(paper, "Ban kiểm phiếu:") == "Trưởng ban: Nguyễn Thị Kim Oanh; thành viên: Đàng Văn Lực."
    assert paragraph(paper, "Thành viên vắng mặt (1):") == "Võ Minh Tuấn – có phiếu bầu gửi bằng văn bản."
    assert (
        "Số phiếu phát ra: 3; số phiếu thu về: 3; số phiếu hợp lệ: 2; số phiếu không hợp lệ: 1. Số phiếu bầu "
        "của thành viên vắng mặt gửi bằng văn bản: 1."
    ) in plain_text(paper)
    assert tables(paper)[1].rows == [[1, "Phạm Minh Anh", "Văn phòng Sở", 3, 75, 0, 0, "Đạt"]]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"ballots_collected": 4, "ballots_valid": 4, "ballots_invalid": 0},
            "Số phiếu thu về (4) nhiều hơn số phiếu phát ra (3).",
        ),
        (
            {"ballots_invalid": 0},
            "Số phiếu hợp lệ (2) và không hợp lệ (0) phải cộng lại bằng số phiếu thu về (3).",
        ),
        (
            {"ballots_issued": 4, "ballots_collected": 3},
            "Số phiếu phát ra (4) nhiều hơn số thành viên có mặt (3).",
        ),
    ],
)
def test_an_inconsistent_paper_count_is_refused_and_nothing_is_saved(cast, paper_session, changes, message):
    with pytest.raises(ValidationError) as error:
        record(paper_session, cast["standing_office"], **paper_counts(**changes))

    assert error.value.messages == [message]
    assert CouncilSession.objects.filter(pk=paper_session.pk).values_list(
        "ballots_issued", "place"
    ).get() == (
        None,
        "",
    )


def test_a_tally_beyond_the_valid_ballots_and_those_in_writing_is_refused(cast, paper_session):
    nominee = selectors.session_nominees(paper_session).get()
    services.session_close(
        session=paper_session, by=cast["standing_office"], paper_tally={nominee.pk: (3, 0, 0)}
    )

    with pytest.raises(ValidationError) as error:
        record(paper_session, cast["standing_office"], **paper_counts())

    assert error.value.messages == [
        "Kết quả kiểm phiếu của Phạm Minh Anh có nhiều phiếu hơn số phiếu hợp lệ và số phiếu gửi bằng văn "
        "bản."
    ]


def test_votes_in_writing_let_the_tally_count_an_absent_member(cast, members, paper_session):
    nominee = selectors.session_nominees(paper_session).get()
    with pytest.raises(ValidationError) as before:
        services.session_close(
            session=paper_session, by=cast["standing_office"], paper_tally={nominee.pk: (4, 0, 0)}
        )
    record(paper_session, cast["standing_office"], written_voters=[members[3]])

    services.session_close(
        session=paper_session, by=cast["standing_office"], paper_tally={nominee.pk: (4, 0, 0)}
    )

    assert before.value.code == "too_many"
    nominee.refresh_from_db()
    assert (nominee.votes_yes, nominee.votes_base, nominee.council_passed) == (4, 4, True)


def test_only_absent_members_vote_in_writing_and_they_cannot_then_be_recorded_present(
    cast, members, paper_session
):
    with pytest.raises(ValidationError) as present_writer:
        record(paper_session, cast["standing_office"], written_voters=[members[0]])
    record(
        paper_session,
        cast["standing_office"],
        written_voters=[members[3]],
        counters=[members[1]],
        counting_head=members[1],
    )

    with pytest.raises(ValidationError) as attendance:
        services.session_attendance(session=paper_session, present=members, by=cast["standing_office"])
    with pytest.raises(ValidationError) as counter_absent:
        services.session_attendance(session=paper_session, present=[members[0]], by=cast["standing_office"])

    assert present_writer.value.messages == [
        "Chỉ thành viên vắng mặt mới được bỏ phiếu bằng văn bản: Trần Quốc Bảo."
    ]
    assert attendance.value.messages == [
        "Đã bỏ phiếu bằng văn bản với tư cách vắng mặt nên không thể ghi nhận có mặt: Võ Minh Tuấn."
    ]
    assert counter_absent.value.messages == [
        "Là thành viên ban kiểm phiếu nên không thể ghi nhận vắng mặt: Nguyễn Thị Kim Oanh."
    ]
    assert set(paper_session.present.all()) == set(members[:3])


# --- Names are text -------------------------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://x","y")', "<img src=file:///etc/passwd>", "http://127.0.0.1"]


def test_member_names_with_markup_formulas_and_links_stay_text(cast, voted, members):
    for member, name in zip(members, INJECTIONS, strict=False):
        member.last_name, member.first_name = name, ""
        member.save()
    CouncilSession.objects.filter(pk=voted.pk).update(place=INJECTIONS[1], chair_position=INJECTIONS[0])

    paper = minutes_paper(CouncilSession.objects.get(pk=voted.pk))

    assert paragraph(paper, "Chủ tọa:") == f"{INJECTIONS[0]}, {INJECTIONS[0]}."
    assert paragraph(paper, "Địa điểm:") == f"{INJECTIONS[1]}."
    assert paragraph(paper, "Thành viên có mặt (3):") == f"{INJECTIONS[2]}; {INJECTIONS[0]}; {INJECTIONS[1]}."
    assert [s.name for s in paper.signatures] == [INJECTIONS[2], INJECTIONS[0]]


# --- The ballot form ------------------------------------------------------------------------------------


def test_the_ballot_form_lists_every_nominee_by_title_and_no_voter(agenda, members):
    paper = ballot_form_paper(agenda)
    text = plain_text(paper)

    assert (paper.kind, paper.summary) == (
        "PHIẾU BẦU",
        "Bình xét danh hiệu thi đua, hình thức khen thưởng năm 2018",
    )
    assert [[c.header for c in t.columns] for t in tables(paper)] == [
        ["STT", "Họ và tên (tập thể)", "Đơn vị", "Đồng ý", "Không đồng ý"]
    ] * 3
    assert [t.rows for t in tables(paper)] == [
        [[1, "Phạm Minh Anh", "Văn phòng Sở", "", ""], [2, "Võ Thị Bích", "Văn phòng Sở", "", ""]],
        [[1, "Văn phòng Sở", "Văn phòng Sở", "", ""]],
        [[1, "Huỳnh Thị Dung", "Văn phòng Sở", "", ""]],
    ]
    assert [b.text for b in paper.blocks if isinstance(b, Paragraph) and b.bold] == [
        "I. Lao động tiên tiến",
        "II. Tập thể lao động tiên tiến",
        "III. Giấy khen của Giám đốc Sở",
    ]
    assert "Không ghi tên người bầu vào phiếu." in text
    assert paper.signatures == []
    assert not any(str(member) in text for member in members)


# --- Read back from the files ---------------------------------------------------------------------------


def test_minutes_read_back_from_pdf_docx_and_xlsx(voted, tmp_path):
    paper = minutes_paper(voted)

    pdf = pdf_text(render(paper, "pdf"))
    word = docx_text(render(paper, "docx"))
    book = load_workbook(io.BytesIO(render(paper, "xlsx")))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]

    for text in (pdf, word):
        for part in (
            "BIÊN BẢN",
            "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín",
            "08 giờ 00 phút",
            "Phòng họp Sở Tư pháp",
            "Trần Quốc Bảo, Phó Giám đốc Sở, Phó Chủ tịch Hội đồng",
            "Đàng Văn Lực, Chánh Văn phòng Sở, Ủy viên thư ký",
            "Võ Minh Tuấn",
            "Trên 50% số thành viên có mặt",
            "Số phiếu phát ra: 3; số phiếu thu về: 3; số phiếu hợp lệ: 3; số phiếu không hợp lệ: 0.",
            "Huỳnh Thị Dung",
            "THƯ KÝ",
            "CHỦ TỌA",
        ):
            assert part in text, part
    assert [sheet.title for sheet in book.worksheets] == ["Tỷ lệ phiếu cần đạt", "Kết quả bỏ phiếu"]
    assert {"Phạm Minh Anh", "Võ Thị Bích", "Huỳnh Thị Dung", "Trên 50% tổng số thành viên Hội đồng"} <= set(
        cells
    )


def test_names_that_look_like_formulas_or_markup_stay_text_in_every_file(cast, voted, members, tmp_path):
    for member, name in zip(members, INJECTIONS, strict=False):
        member.last_name, member.first_name = name, ""
        member.save()
    paper = minutes_paper(CouncilSession.objects.get(pk=voted.pk))

    pdf = pdf_text(render(paper, "pdf"))
    word = docx_text(render(paper, "docx"))
    book = load_workbook(io.BytesIO(render(paper, "xlsx")))

    for name in INJECTIONS:
        assert name in pdf, name
        assert name in word, name
    formulas = [
        c.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f" and "HYPERLINK" in str(c.value)
    ]
    assert formulas == []


def test_the_ballot_form_reads_back_with_every_nominee(agenda, tmp_path):
    paper = ballot_form_paper(agenda)

    for text in (
        " ".join(pdf_text(render(paper, "pdf")).split()),
        docx_text(render(paper, "docx")),
    ):
        for part in ("PHIẾU BẦU", "Phạm Minh Anh", "Võ Thị Bích", "Huỳnh Thị Dung", "Đồng ý", "Không đồng ý"):
            assert part in text, part


def test_votes_in_writing_need_a_title_counted_on_all_members(cast, members, paper_session):
    Title.objects.filter(code="LDTT").update(vote_base="present")

    with pytest.raises(ValidationError) as error:
        record(paper_session, cast["standing_office"], written_voters=[members[3]])

    assert error.value.messages == [
        "Phiếu gửi bằng văn bản chỉ được tính cho danh hiệu tính trên tổng số thành viên Hội đồng."
    ]
    assert list(paper_session.written_voters.all()) == []


def test_votes_in_writing_do_not_count_for_a_title_counted_on_members_present(
    cast, members, people, complete_dossier
):
    Title.objects.filter(code="GK_GD").update(vote_base="present")
    dossier = complete_dossier((people["anh"], "LDTT"), (people["dung"], "GK_GD"))
    session = to_vote(dossier, cast, members, paper_ballot=True)
    services.session_attendance(session=session, present=members[:3], by=cast["standing_office"])
    record(session, cast["standing_office"], written_voters=[members[3]])
    by_title = {n.title.code: n.pk for n in selectors.session_nominees(session)}

    with pytest.raises(ValidationError) as error:
        services.session_close(
            session=session,
            by=cast["standing_office"],
            paper_tally={by_title["LDTT"]: (4, 0, 0), by_title["GK_GD"]: (4, 0, 0)},
        )
    closed = services.session_close(
        session=session,
        by=cast["standing_office"],
        paper_tally={by_title["LDTT"]: (4, 0, 0), by_title["GK_GD"]: (3, 0, 0)},
    )

    assert error.value.code == "too_many"
    assert {n.title.code: (n.votes_yes, n.votes_base) for n in selectors.session_nominees(closed)} == {
        "LDTT": (4, 4),
        "GK_GD": (3, 3),
    }


def test_the_signatures_stand_side_by_side_with_the_names_under_them(voted, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(render(minutes_paper(voted), "pdf"))
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()

    captions = next(line for line in layout if "THƯ KÝ" in line)
    names = [line for line in layout if "Đàng Văn Lực" in line and "Trần Quốc Bảo" in line][-1]
    assert captions.split() == ["THƯ", "KÝ", "CHỦ", "TỌA"]
    assert names.split() == ["Đàng", "Văn", "Lực", "Trần", "Quốc", "Bảo"]
    assert layout.index(names) > layout.index(captions)
