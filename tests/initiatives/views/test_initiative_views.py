import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from initiatives.models import Initiative, InitiativeAttachment
from initiatives.services import AuthorInput, initiative_recognise, round_close, score_cast
from tests.awards.conftest import PDF
from tests.exporting import export_report
from tests.factories import StaffFactory
from tests.initiatives.conftest import BEFORE, INITIATIVE_DATA


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_data(staff, **extra):
    data = {
        **INITIATIVE_DATA,
        "first_applied_on": "2018-03-01",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-staff": staff.pk,
        "form-0-share": "70",
        "form-1-full_name": "Trần Văn An",
        "form-1-workplace": "UBND xã Phước Dân",
        "form-1-share": "30",
    }
    return {**data, **extra}


def test_it_files_an_initiative_with_authors(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])

    response = client.post(reverse("initiatives:initiative-create"), form_data(staff))

    initiative = Initiative.objects.get()
    assert (response.status_code, response.url) == (302, initiative.get_absolute_url())
    assert [(a.name, a.share) for a in initiative.authors.all()] == [
        ("Nguyễn Thị Thu Hà", Decimal("70.00")),
        ("Trần Văn An", Decimal("30.00")),
    ]


def test_it_refuses_shares_not_adding_up_and_writes_nothing(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("initiatives:initiative-create"), form_data(staff, **{"form-1-share": "20"})
    )

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == [
        "Tỷ lệ đóng góp của các tác giả cộng lại là 90%; phải bằng 100%."
    ]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretary", 200),
        ("standing_office", 200),
        ("director", 200),
        ("initiative_council", 200),
        ("council_member", 403),
        ("administrator", 200),
    ],
)
def test_initiative_list_access(client, cast, plan_2018, role, expected):
    client.force_login(cast[role])

    assert client.get(reverse("initiatives:initiative-list")).status_code == expected


def test_secretary_sees_only_her_units_initiatives(client, cast, file_initiative, other_unit):
    mine = file_initiative()
    theirs = file_initiative(
        by=cast["standing_office"],
        authors=[AuthorInput(staff=StaffFactory(unit=other_unit), share=Decimal(100))],
    )
    Initiative.objects.filter(pk=theirs.pk).update(unit=other_unit)
    client.force_login(cast["secretary"])

    listed = list(client.get(reverse("initiatives:initiative-list")).context["paged"])
    other = client.get(reverse("initiatives:initiative-detail", args=[theirs.pk]))

    assert (listed, other.status_code) == ([mine], 404)


def test_a_member_sees_the_others_scores_only_after_scoring(
    client, cast, council, file_initiative, open_round
):
    initiative = file_initiative()
    open_round(initiative, council[:3])
    score_cast(initiative=initiative, member=council[0], novelty=9, applicability=8, effect=7, recognise=True)
    client.force_login(council[1])
    url = reverse("initiatives:initiative-detail", args=[initiative.pk])

    before = client.get(url).context["scores"]
    client.post(
        reverse("initiatives:initiative-score", args=[initiative.pk]),
        {"novelty": 5, "applicability": 5, "effect": 5, "recognise": "no"},
    )
    after = client.get(url).context["scores"]

    assert list(before) == []
    assert sorted((s.member.username, s.recognise) for s in after) == [
        ("sangkien1", True),
        ("sangkien2", False),
    ]


def test_round_progress_hides_votes_until_closed(client, cast, council, file_initiative, open_round):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council[:3])
    score_cast(initiative=initiative, member=council[0], novelty=9, applicability=8, effect=7, recognise=True)
    client.force_login(cast["standing_office"])
    url = reverse("initiatives:round-detail", args=[evaluation_round.pk])

    open_row = client.get(url).context["progress"][0]
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    closed_row = client.get(url).context["progress"][0]

    assert (open_row.scored, open_row.entitled, open_row.yes) == (1, 3, None)
    assert (closed_row.yes, closed_row.passed) == (1, False)


def test_it_attaches_a_pdf_and_serves_it_only_to_those_who_see_the_initiative(
    client, cast, media, file_initiative
):
    initiative = file_initiative(submit=False)
    client.force_login(cast["secretary"])

    client.post(
        reverse("initiatives:attachment-upload", args=[initiative.pk]),
        {"file": SimpleUploadedFile("bao-cao.pdf", PDF)},
    )

    attachment = InitiativeAttachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "bao-cao.pdf",
        "application/pdf",
        len(PDF),
    )
    assert "bao-cao" not in attachment.file.name
    download = reverse("initiatives:attachment-download", args=[attachment.pk])
    assert b"".join(client.get(download).streaming_content) == PDF
    client.force_login(cast["other_secretary"])
    assert client.get(download).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"<html>not a pdf</html>"),
        ("empty.pdf", b""),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
    ],
)
def test_it_refuses_a_bad_file_with_a_message(client, cast, media, file_initiative, name, content):
    initiative = file_initiative(submit=False)
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("initiatives:attachment-upload", args=[initiative.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )

    assert len([m for m in response.context["messages"] if m.level_tag == "error"]) == 1
    assert InitiativeAttachment.objects.count() == 0
    assert list(media.rglob("*.*")) == []


def test_it_refuses_a_file_over_the_limit(client, cast, media, settings, file_initiative):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    initiative = file_initiative(submit=False)
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("initiatives:attachment-upload", args=[initiative.pk]),
        {"file": SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024))},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Tệp quá lớn: dung lượng tối đa là 1 MB."]
    assert InitiativeAttachment.objects.count() == 0


def test_export_lists_recognised_initiatives_with_authors_and_decision(
    cast, council, file_initiative, tmp_path, open_round
):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council[:3])
    for member in council[:3]:
        score_cast(initiative=initiative, member=member, novelty=9, applicability=8, effect=7, recognise=True)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    initiative.refresh_from_db()
    initiative_recognise(
        initiative=initiative,
        decision_number="15/QĐ-STP",
        decision_date=dt.date(2018, 10, 20),
        by=cast["director"],
    )
    output = tmp_path / "sang-kien.xlsx"

    call_command(
        "export_report", "initiatives", "--campaign", "2018", "--format", "xlsx", "--output", str(output)
    )

    sheet = load_workbook(io.BytesIO(output.read_bytes())).active
    row = [cell.value for cell in sheet[9]]
    author = initiative.authors.get()
    assert row[:8] == [
        1,
        "Số hóa sổ hộ tịch tại cấp xã",
        "Hộ tịch",
        f"{author.name} (100%)",
        "Văn phòng Sở",
        "15/QĐ-STP",
        "20/10/2018",
        "Cấp cơ sở",
    ]


def test_round_progress_shows_the_weighted_average_once_closed(
    client, cast, council, file_initiative, open_round
):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council[:2])
    score_cast(
        initiative=initiative, member=council[0], novelty=10, applicability=5, effect=5, recognise=True
    )
    score_cast(initiative=initiative, member=council[1], novelty=6, applicability=8, effect=7, recognise=True)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    client.force_login(cast["standing_office"])

    row = client.get(reverse("initiatives:round-detail", args=[evaluation_round.pk])).context["progress"][0]

    # weights 40/30/30: (10·40 + 5·30 + 5·30)/100 = 7.00 and (6·40 + 8·30 + 7·30)/100 = 6.90
    assert row.average == Decimal("6.95")


def test_secretary_downloads_her_units_initiatives(client, cast, file_initiative, other_unit):
    file_initiative()
    client.force_login(cast["secretary"])

    response = export_report(client, 2018, "initiatives", "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert (response.status_code, sheet["A6"].value) == (200, "Văn phòng Sở")


def test_an_author_from_outside_the_department_shows_on_the_page(client, cast, file_initiative, staff):
    outsider = AuthorInput(
        staff=None,
        share=Decimal(40),
        full_name="Trần Văn Ngoài",
        workplace="Sở Tài chính",
        position="Chuyên viên",
    )
    initiative = file_initiative(authors=[AuthorInput(staff=staff, share=Decimal(60)), outsider])
    client.force_login(cast["standing_office"])

    response = client.get(reverse("initiatives:initiative-detail", args=[initiative.pk]))

    assert response.status_code == 200
    assert [(a.name, a.place, a.job) for a in response.context["authors"]][1] == (
        "Trần Văn Ngoài",
        "Sở Tài chính",
        "Chuyên viên",
    )


def test_the_list_filters_by_state_and_field(client, cast, file_initiative):
    submitted = file_initiative()
    draft = file_initiative(submit=False)
    client.force_login(cast["standing_office"])

    by_state = client.get(reverse("initiatives:initiative-list"), {"state": "submitted"}).context["paged"]
    by_field = client.get(reverse("initiatives:initiative-list"), {"field": "no such field"}).context["paged"]
    everything = client.get(reverse("initiatives:initiative-list")).context["paged"]

    assert (list(by_state), list(by_field), set(everything)) == ([submitted], [], {submitted, draft})


def test_the_edit_page_of_a_sent_initiative_sends_to_its_page_instead_of_a_form(
    client, cast, file_initiative
):
    """A form whose save would be refused is not shown (issue 9): the page says why."""
    sent = file_initiative()
    draft = file_initiative(submit=False)
    client.force_login(cast["secretary"])

    response = client.get(reverse("initiatives:initiative-update", args=[sent.pk]), follow=True)
    assert response.redirect_chain == [(sent.get_absolute_url(), 302)]
    assert "không thể sửa nữa (Đã gửi)" in response.content.decode()
    assert client.get(reverse("initiatives:initiative-update", args=[draft.pk])).status_code == 200


def file_many(plan_2018, unit, count):
    """`count` initiatives of `unit` at once, each with two authors (what a list shows of each)."""
    for number in range(count):
        initiative = Initiative.objects.create(
            campaign=plan_2018, unit=unit, **{**INITIATIVE_DATA, "title": f"Sáng kiến {number:03d}"}
        )
        for share in (60, 40):
            initiative.authors.create(staff=StaffFactory(unit=unit), share=share)


@pytest.mark.parametrize("count", [1, 50])
def test_initiative_list_query_count_does_not_grow_with_rows(
    client, cast, plan_2018, unit, django_assert_num_queries, count
):
    file_many(plan_2018, unit, count)
    client.force_login(cast["standing_office"])

    # session, user, units of the filter, current campaign, filing units, count, page, its authors and their
    # staff, the report's availability, +1 the navbar bell: the same for 1 and 50 rows.
    with django_assert_num_queries(12, exact=False):
        response = client.get(reverse("initiatives:initiative-list"), {"unit": unit.code})

    assert len(response.context["paged"].page) == count


def test_initiative_list_is_paged_and_keeps_its_filters(client, cast, plan_2018, unit, settings):
    settings.LIST_PAGE_SIZE = 2
    file_many(plan_2018, unit, 5)
    client.force_login(cast["standing_office"])

    response = client.get(reverse("initiatives:initiative-list"), {"unit": unit.code, "page": 3})

    assert [i.title for i in response.context["paged"]] == ["Sáng kiến 004"]
    assert response.context["paged"].query == f"unit={unit.code}"
    assert f'href="?unit={unit.code}&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_round_detail_query_count_does_not_grow_with_rows(
    client, cast, council, plan_2018, unit, open_round, django_assert_num_queries, count
):
    file_many(plan_2018, unit, count)
    Initiative.objects.update(state="submitted")
    evaluation_round = open_round(Initiative.objects.first(), council[:3])
    evaluation_round.initiatives.add(*Initiative.objects.all())
    client.force_login(cast["standing_office"])

    with django_assert_num_queries(15, exact=False):
        response = client.get(reverse("initiatives:round-detail", args=[evaluation_round.pk]))

    assert len(response.context["progress"]) == count


def test_round_detail_is_paged_and_filtered(
    client, cast, council, plan_2018, unit, other_unit, open_round, settings
):
    settings.LIST_PAGE_SIZE = 2
    file_many(plan_2018, unit, 3)
    Initiative.objects.create(campaign=plan_2018, unit=other_unit, **{**INITIATIVE_DATA, "title": "Một cửa"})
    Initiative.objects.update(state="submitted")
    evaluation_round = open_round(Initiative.objects.first(), council[:3])
    evaluation_round.initiatives.add(*Initiative.objects.all())
    client.force_login(cast["standing_office"])
    url = reverse("initiatives:round-detail", args=[evaluation_round.pk])

    def titles(**query):
        return [row.initiative.title for row in client.get(url, query).context["progress"]]

    assert (titles(), titles(page=2)) == (["Sáng kiến 000", "Sáng kiến 001"], ["Sáng kiến 002", "Một cửa"])
    assert titles(unit="thanh tra") == ["Một cửa"]
    assert titles(q="001") == ["Sáng kiến 001"]
    assert titles(state="submitted", unit=unit.code) == ["Sáng kiến 001", "Sáng kiến 002"]
