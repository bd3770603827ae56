"""The awards documents read back from the files: the nominations list, a decision's annex, the list of
decisions and the council's minutes (which never say who voted how)."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
import time_machine
from django.core.management import call_command
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from awards import selectors, services
from awards.enums import DossierState
from awards.exports import decision_document, decisions_document, minutes_document, nominations_document
from awards.models import Nominee
from core.documents import document_pdf, document_xlsx
from tests.awards.conftest import BEFORE
from tests.awards.test_dossiers import recognised_initiative, submit, to_vote, vote_all

NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils is not installed (apt-get install poppler-utils): PDF text cannot be read back.",
)
HEADER_ROW = 8
Y, N, B = "yes", "no", "blank"


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def sheet_of(document):
    return load_workbook(io.BytesIO(document_xlsx(document))).active


def body(sheet, width):
    """The table rows under the header, up to the first empty row."""
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=width, values_only=True):
        if all(value is None for value in row):
            break
        rows.append(list(row))
    return rows


def pdf_text(document, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(document_pdf(document))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def people(registered):
    return {
        "anh": registered(full_name="Phạm Minh Anh", position="Phó Chánh Văn phòng"),
        "bich": registered(full_name="Võ Thị Bích"),
        "cuong": registered(full_name="Đặng Quốc Cường"),
        "dung": registered(full_name="Huỳnh Thị Dung"),
    }


@pytest.fixture
def council(cast, councillors, people, complete_dossier, plan_2018):
    """One dossier at the council: Anh LĐTT 3/3, Bích LĐTT 1/3, the unit TTLĐTT 2/3, Dung Giấy khen 3/3,
    Cường Bằng khen UBND 3/3. The ballot is still open."""
    dossier = complete_dossier(
        (people["dung"], "GK_GD"),
        (people["cuong"], "BK_UBND"),
        (None, "TTLDTT"),
        (people["anh"], "LDTT", recognised_initiative(plan_2018, people["anh"])),
        (people["bich"], "LDTT"),
    )
    session = to_vote(dossier, cast, councillors)
    plan = {
        people["anh"].pk: [Y, Y, Y],
        people["bich"].pk: [Y, N, B],
        None: [Y, Y, N],
        people["dung"].pk: [Y, Y, Y],
        people["cuong"].pk: [Y, Y, Y],
    }
    return session, plan


@pytest.fixture
def voted(cast, councillors, council):
    session, plan = council
    vote_all(session, councillors, lambda index, nominee: plan[nominee.staff_id][index])
    return services.session_close(session=session, by=cast["standing_office"])


@pytest.fixture
def decided(cast, voted, plan_2018):
    """The Director approves all but Bích (the council rejected her); the decision names Anh, the unit and
    Dung, the tờ trình names Cường."""
    for nominee in selectors.session_nominees(voted):
        services.nominee_decide(nominee=nominee, approve=nominee.council_passed, by=cast["director"])
    submission = services.decision_issue(
        campaign=plan_2018,
        kind="submission",
        issued_on=dt.date(2018, 12, 1),
        signer="Lê Văn Hòa",
        by=cast["director"],
    )
    decision = services.decision_issue(
        campaign=plan_2018,
        kind="decision",
        issued_on=dt.date(2018, 12, 10),
        signer="Lê Văn Hòa",
        by=cast["director"],
    )
    return decision, submission


# --- Danh sách đề nghị khen thưởng ----------------------------------------------------------------------


def test_nominations_list_the_submitted_nominees_with_their_vote_share(
    cast, voted, people, registered, complete_dossier, plan_2018
):
    weak = registered(full_name="Ngô Văn Em", grade="HTNV")
    overridden = complete_dossier((weak, "LDTT"), phase=1)  # one dossier per unit and phase
    services.nominee_override(
        nominee=overridden.nominees.get(), reason="Hoàn cảnh đặc biệt", by=cast["standing_office"]
    )
    submit(overridden, cast)
    complete_dossier((registered(full_name="Trịnh Văn Nháp"), "GK_GD"), kind="ad_hoc")  # a draft: not listed
    initiative = Nominee.objects.get(staff=people["anh"]).initiative

    sheet = sheet_of(nominations_document(plan_2018))

    voted_state = str(DossierState.VOTED.label)
    override = _("Passed by the standing office: %(reason)s") % {"reason": "Hoàn cảnh đặc biệt"}
    assert sheet["A3"].value == "Số:      /DS-STP"
    assert re.findall(r"\d{4}", sheet["A5"].value) == ["2018"]
    assert body(sheet, 9) == [
        [
            1,
            "Phạm Minh Anh",
            "Phó Chánh Văn phòng",
            "Văn phòng Sở",
            "Lao động tiên tiến",
            "HTTNV",
            f"{initiative.title} (1/QĐ-STP)",
            "100%",
            voted_state,
        ],
        [
            2,
            "Võ Thị Bích",
            "Chuyên viên",
            "Văn phòng Sở",
            "Lao động tiên tiến",
            "HTTNV",
            None,
            "33,3%",
            voted_state,
        ],
        [
            3,
            "Văn phòng Sở",
            None,
            "Văn phòng Sở",
            "Tập thể lao động tiên tiến",
            None,
            None,
            "66,7%",
            voted_state,
        ],
        [
            4,
            "Huỳnh Thị Dung",
            "Chuyên viên",
            "Văn phòng Sở",
            "Giấy khen của Giám đốc Sở",
            "HTTNV",
            None,
            "100%",
            voted_state,
        ],
        [
            5,
            "Đặng Quốc Cường",
            "Chuyên viên",
            "Văn phòng Sở",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "HTTNV",
            None,
            "100%",
            voted_state,
        ],
        [
            6,
            "Ngô Văn Em",
            "Chuyên viên",
            "Văn phòng Sở",
            "Lao động tiên tiến",
            "HTNV",
            None,
            None,
            f"{DossierState.SUBMITTED.label}; {override}",
        ],
    ]


def test_nominations_of_one_unit(voted, plan_2018, unit, other_unit):
    mine = sheet_of(nominations_document(plan_2018, unit=unit))
    theirs = sheet_of(nominations_document(plan_2018, unit=other_unit))

    assert (mine["A6"].value, len(body(mine, 9))) == ("Văn phòng Sở", 5)
    assert (theirs["A6"].value, body(theirs, 9)) == ("Thanh tra Sở", [])


# --- The decision's annex -------------------------------------------------------------------------------


def test_decision_annex_lists_the_rewarded_by_title_with_the_reference(decided):
    decision, _submission = decided

    sheet = sheet_of(decision_document(decision))

    assert sheet["A3"].value == "Số: 01/QĐ-STP"
    assert "01/QĐ-STP" in sheet["A6"].value
    assert "10/12/2018" in sheet["A6"].value
    assert "Sở Tư pháp" in sheet["A6"].value
    assert sheet.cell(row=3, column=3).value == "Ninh Thuận, ngày 10 tháng 12 năm 2018"
    assert body(sheet, 5) == [
        [1, "Phạm Minh Anh", "Phó Chánh Văn phòng", "Văn phòng Sở", "Lao động tiên tiến"],
        [2, "Văn phòng Sở", None, "Văn phòng Sở", "Tập thể lao động tiên tiến"],
        [3, "Huỳnh Thị Dung", "Chuyên viên", "Văn phòng Sở", "Giấy khen của Giám đốc Sở"],
    ]
    notes = [sheet.cell(row=row, column=1).value for row in (HEADER_ROW + 5, HEADER_ROW + 6)]
    assert re.findall(r"\d+", notes[0]) == ["2", "1"]  # two people, one collective
    assert notes[1].endswith("Lê Văn Hòa")
    assert sheet.cell(row=HEADER_ROW + 8, column=3).value == "GIÁM ĐỐC"


def test_submission_annex_lists_what_goes_to_the_higher_level(decided):
    decision, submission = decided

    sheet = sheet_of(decision_document(submission))

    assert sheet["A3"].value == "Số: 01/TTr-STP"
    assert sheet["A5"].value != sheet_of(decision_document(decision))["A5"].value
    assert "01/TTr-STP" in sheet["A6"].value
    assert "01/12/2018" in sheet["A6"].value
    assert body(sheet, 5) == [
        [1, "Đặng Quốc Cường", "Chuyên viên", "Văn phòng Sở", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
    ]


def test_decisions_list_counts_each_documents_nominees(decided, plan_2018, other_unit):
    all_units = sheet_of(decisions_document(plan_2018))
    theirs = sheet_of(decisions_document(plan_2018, unit=other_unit))

    assert body(all_units, 6) == [
        [1, "01/TTr-STP", "01/12/2018", _("Submission"), "Lê Văn Hòa", 1],
        [2, "01/QĐ-STP", "10/12/2018", _("Decision"), "Lê Văn Hòa", 3],
        # The total is a formula over the rows (its value, 4, is what a spreadsheet shows).
        [None, _("Total"), None, None, None, "=SUBTOTAL(9,F9:F10)"],
    ]
    assert body(theirs, 6) == [[None, _("Total"), None, None, None, 0]]


# --- The council's minutes ------------------------------------------------------------------------------


def test_minutes_give_each_nominees_tally_as_numbers(voted):
    sheet = sheet_of(minutes_document(voted))

    subtitle = sheet["A6"].value
    assert sheet["A3"].value == "Số:      /BB-STP"
    assert subtitle.startswith("Phiên họp tháng 11, ")
    assert re.findall(r"\d+", subtitle.split("25/11/2018", 1)[1]) == ["3", "3", "3"]
    assert sheet.cell(row=3, column=5).value == "Ninh Thuận, ngày 25 tháng 11 năm 2018"
    passed, failed = _("Passed"), _("Not passed")
    assert body(sheet, 9) == [
        [1, "Phạm Minh Anh", "Văn phòng Sở", "Lao động tiên tiến", 3, 0, 0, 100, passed],
        [2, "Võ Thị Bích", "Văn phòng Sở", "Lao động tiên tiến", 1, 1, 1, 33.3, failed],
        [3, "Văn phòng Sở", "Văn phòng Sở", "Tập thể lao động tiên tiến", 2, 1, 0, 66.7, passed],
        [4, "Huỳnh Thị Dung", "Văn phòng Sở", "Giấy khen của Giám đốc Sở", 3, 0, 0, 100, passed],
        [
            5,
            "Đặng Quốc Cường",
            "Văn phòng Sở",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            3,
            0,
            0,
            100,
            passed,
        ],
    ]
    assert [sheet.cell(row=HEADER_ROW + 1, column=c).data_type for c in (5, 6, 7, 8)] == ["n"] * 4


def test_minutes_of_an_open_ballot_show_no_partial_tally(council, councillors):
    session, plan = council
    for member in councillors[:2]:
        index = councillors.index(member)
        choices = {n.pk: plan[n.staff_id][index] for n in selectors.session_nominees(session)}
        services.ballot_cast(session=session, member=member, choices=choices)

    sheet = sheet_of(minutes_document(session))

    assert re.findall(r"\d+", sheet["A6"].value.split("25/11/2018", 1)[1]) == ["3", "3", "2"]
    assert [row[4:] for row in body(sheet, 9)] == [[None] * 5] * 5


def test_minutes_of_a_paper_ballot_do_not_count_receipts(cast, councillors, people, complete_dossier):
    session = to_vote(complete_dossier((people["anh"], "LDTT")), cast, councillors, paper_ballot=True)
    nominee = selectors.session_nominees(session).get()
    session = services.session_close(
        session=session, by=cast["standing_office"], paper_tally={nominee.pk: (2, 1, 0)}
    )

    sheet = sheet_of(minutes_document(session))

    assert re.findall(r"\d+", sheet["A6"].value.split("25/11/2018", 1)[1]) == ["3", "3"]
    assert body(sheet, 9) == [
        [1, "Phạm Minh Anh", "Văn phòng Sở", "Lao động tiên tiến", 2, 1, 0, 66.7, _("Passed")]
    ]


@NEEDS_POPPLER
def test_minutes_pdf_has_the_title_and_tallies_and_names_no_member(voted, councillors, tmp_path):
    text = pdf_text(minutes_document(voted), tmp_path)

    lines = {name: next(line for line in text.splitlines() if name in line) for name in ("Anh", "Bích")}
    assert _("MINUTES AND RESULTS OF THE SECRET BALLOT") in text
    assert "Phiên họp tháng 11" in text
    assert re.findall(r"\b\d+(?:,\d)?\b", lines["Anh"]) == ["1", "3", "0", "0", "100"]
    assert re.findall(r"\b\d+(?:,\d)?\b", lines["Bích"]) == ["2", "1", "1", "1", "33,3"]
    for member in councillors:
        assert member.username not in text
        assert member.get_full_name() not in text
        assert str(member) not in text


# --- The command ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "builder"), [("nominations", nominations_document), ("decisions", decisions_document)]
)
def test_export_report_command_writes_the_awards_lists(decided, plan_2018, tmp_path, kind, builder):
    output = tmp_path / f"{kind}.xlsx"

    call_command("export_report", kind, "--campaign", "2018", "--format", "xlsx", "--output", str(output))

    from_command = load_workbook(output).active
    assert [[c.value for c in row] for row in from_command.iter_rows(min_row=HEADER_ROW)] == [
        [c.value for c in row] for row in sheet_of(builder(plan_2018)).iter_rows(min_row=HEADER_ROW)
    ]
    assert len(body(from_command, 2)) == {"nominations": 5, "decisions": 3}[kind]
