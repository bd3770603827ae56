import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.models import Extension, Registration, Title
from tests.exporting import export_report
from tests.factories import StaffFactory, UnitFactory, UserFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM)
AFTER = dt.datetime(2018, 1, 15, 0, 0, tzinfo=HCM)
ROLES = ["secretary", "standing_office", "council_member", "initiative_council", "director", "administrator"]


def sheet_url(code="VP"):
    return reverse("emulation:registration-sheet", args=[2018, code])


def act(client, action, follow=False, **data):
    """POST a workflow action as the page does: with the version the page shows."""
    version = Registration.objects.get().version
    url = reverse(f"emulation:registration-{action}", args=[2018, "VP"])
    return client.post(url, {"version": version, **data}, follow=follow)


def sheet_data(staff, *, version="", collective="TTLDTT", title="LDTT"):
    titles = {t.code: t.pk for t in Title.objects.all()}
    return {
        "collective_title": titles[collective] if collective else "",
        "collective_reward": "",
        "commitment": "Phấn đấu hoàn thành xuất sắc nhiệm vụ",
        "version": version,
        f"title_{staff.pk}": titles[title] if title else "",
        f"reward_{staff.pk}": "",
        f"note_{staff.pk}": "",
    }


@time_machine.travel(BEFORE, tick=False)
def test_it_saves_the_whole_unit_on_one_page(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])

    response = client.post(sheet_url(), sheet_data(staff))

    registration = Registration.objects.get()
    assert (response.status_code, response.url) == (302, registration.get_absolute_url())
    assert (registration.unit.code, registration.collective_title.code) == ("VP", "TTLDTT")
    assert list(registration.lines.values_list("staff__code", "title__code")) == [("VP-001", "LDTT")]


@time_machine.travel(AFTER, tick=False)
def test_it_refuses_saving_after_the_deadline_with_the_reason(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])

    response = client.post(sheet_url(), sheet_data(staff))

    assert response.status_code == 200
    errors = list(response.context["form"].non_field_errors())
    assert len(errors) == 1
    assert errors[0].startswith(
        "Đã hết thời hạn “Đơn vị gửi đăng ký danh hiệu thi đua” (trước ngày 15/01/2018)"
    )
    assert Registration.objects.count() == 0


@time_machine.travel(AFTER, tick=False)
def test_it_shows_the_sheet_read_only_after_the_deadline(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])

    response = client.get(sheet_url())

    assert (response.context["can_edit"], response.context["status"].is_open) == (False, False)
    assert response.context["form"].fields["collective_title"].disabled is True


@time_machine.travel(BEFORE, tick=False)
def test_it_refuses_a_stale_form(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))
    client.post(sheet_url(), sheet_data(staff, version=1, title="CSTDCS"))

    response = client.post(sheet_url(), sheet_data(staff, version=1, collective="TTLDXS"))

    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    registration = Registration.objects.get()
    assert (registration.collective_title.code, registration.lines.get().title.code) == ("TTLDTT", "CSTDCS")


@time_machine.travel(BEFORE, tick=False)
def test_it_refuses_a_collective_title_for_a_person(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])

    response = client.post(sheet_url(), sheet_data(staff, title="TTLDXS"))

    assert response.status_code == 200
    assert f"title_{staff.pk}" in response.context["form"].errors
    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE, tick=False)
def test_it_refuses_a_forged_line_for_another_units_staff(client, cast, plan_2018, staff, other_staff):
    client.force_login(cast["secretary"])
    data = {**sheet_data(staff), f"title_{other_staff.pk}": Title.objects.get(code="LDTT").pk}

    response = client.post(sheet_url(), data)

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == [
        "Bảng đăng ký có dòng của người không có trên trang này: chưa lưu gì."
    ]
    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE, tick=False)
def test_it_hides_another_units_sheet_from_a_secretary(client, cast, plan_2018, staff, other_staff):
    client.force_login(cast["secretary"])

    get = client.get(sheet_url("TTRA"))
    post = client.post(sheet_url("TTRA"), sheet_data(other_staff))

    assert (get.status_code, post.status_code) == (404, 404)
    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE, tick=False)
def test_the_standing_office_cannot_fill_in_a_units_sheet(client, cast, plan_2018, staff):
    client.force_login(cast["standing_office"])

    response = client.post(sheet_url(), sheet_data(staff))

    assert response.status_code == 403
    assert Registration.objects.count() == 0


@time_machine.travel(BEFORE, tick=False)
def test_the_flow_submit_return_resubmit_accept(client, cast, plan_2018, staff):
    secretary, office = cast["secretary"], cast["standing_office"]
    client.force_login(secretary)
    client.post(sheet_url(), sheet_data(staff))
    act(client, "submit")
    client.force_login(office)
    act(client, "return", comment="Bổ sung cam kết")
    client.force_login(secretary)
    client.post(sheet_url(), sheet_data(staff, version=3, title="CSTDCS"))
    act(client, "submit")
    client.force_login(office)

    act(client, "accept")

    registration = Registration.objects.get()
    assert registration.state == "accepted"
    assert [(h.actor.username, h.from_state, h.to_state, h.comment) for h in registration.history.all()] == [
        ("thuky", "", "draft", ""),
        ("thuky", "draft", "submitted", ""),
        ("thuongtruc", "submitted", "returned", "Bổ sung cam kết"),
        ("thuky", "returned", "submitted", ""),
        ("thuongtruc", "submitted", "accepted", ""),
    ]
    page = client.get(sheet_url()).content.decode()
    assert "Bổ sung cam kết" in page


@time_machine.travel(BEFORE, tick=False)
def test_accept_by_a_secretary_is_forbidden(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))
    act(client, "submit")

    response = act(client, "accept")

    assert response.status_code == 403
    assert Registration.objects.get().state == "submitted"


@time_machine.travel(BEFORE, tick=False)
def test_accepting_a_draft_is_refused_with_a_message(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))
    client.force_login(cast["standing_office"])

    response = act(client, "accept", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Bản đăng ký này đang ở trạng thái “Bản nháp”, không thể chuyển sang “Đã tiếp nhận”."
    ]
    assert Registration.objects.get().state == "draft"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretary", 403),
        ("standing_office", 200),
        ("council_member", 403),
        ("initiative_council", 403),
        ("director", 200),
        ("administrator", 200),
    ],
)
def test_overview_and_report_access(client, cast, plan_2018, role, expected):
    client.force_login(cast[role])

    pages = [
        reverse("emulation:registration-overview", args=[2018]),
        reverse("emulation:extension-list", args=[2018])
        if role != "director" and role != "administrator"
        else None,
    ]
    report = export_report(client, 2018, "registrations", "xlsx")

    assert [client.get(url).status_code for url in pages if url] == [expected] * len([u for u in pages if u])
    assert report.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    # The administrator grants no extension: a superuser holds only the administrator's permissions.
    [(r, 403) for r in ROLES if r != "standing_office"] + [("standing_office", 200)],
)
def test_extensions_page_only_for_the_standing_office(client, cast, plan_2018, role, expected):
    client.force_login(cast[role])

    assert client.get(reverse("emulation:extension-list", args=[2018])).status_code == expected


@time_machine.travel(BEFORE, tick=False)
def test_it_grants_and_revokes_an_extension(client, cast, plan_2018, unit):
    client.force_login(cast["standing_office"])
    deadline = plan_2018.deadlines.get(kind="registration")

    client.post(
        reverse("emulation:extension-list", args=[2018]),
        {
            "deadline": deadline.pk,
            "unit": unit.pk,
            "due_at": "2018-01-20T17:00",
            "reason": "Đơn vị mới sáp nhập",
        },
    )
    extension = Extension.objects.get()
    client.post(reverse("emulation:extension-revoke", args=[2018, extension.pk]))

    extension.refresh_from_db()
    assert extension.due_at == dt.datetime(2018, 1, 20, 17, 0, tzinfo=HCM)
    assert (extension.granted_by, extension.reason, extension.revoked_by) == (
        cast["standing_office"],
        "Đơn vị mới sáp nhập",
        cast["standing_office"],
    )


@time_machine.travel(dt.datetime(2018, 2, 6, 9, 0, tzinfo=HCM), tick=False)
def test_it_records_that_the_summary_was_sent(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    client.post(
        reverse("emulation:registrations-sent", args=[2018]),
        {"sent_on": "2018-02-05", "reference": "05/BC-STP"},
    )

    plan_2018.refresh_from_db()
    assert (plan_2018.registrations_sent_on, plan_2018.registrations_sent_reference) == (
        dt.date(2018, 2, 5),
        "05/BC-STP",
    )


@time_machine.travel(dt.datetime(2018, 2, 1, 9, tzinfo=HCM), tick=False)
def test_home_warns_the_standing_office_until_the_summary_is_sent(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    before = client.get(reverse("home")).context["report_warning"]
    client.post(reverse("emulation:registrations-sent", args=[2018]), {"sent_on": "2018-02-01"})
    after = client.get(reverse("home")).context["report_warning"]

    assert (before[0].kind, before[1], after) == ("report_home_affairs", 8, None)


@pytest.mark.parametrize("count", [1, 50])
def test_overview_query_count_does_not_grow_with_units(
    client, cast, plan_2018, django_assert_num_queries, count
):
    for unit in UnitFactory.create_batch(count):
        StaffFactory(unit=unit)
    client.force_login(cast["director"])

    # The same number for 1 and for 50 units: nothing is fetched per unit (one is the legal parameters;
    # since issue 10 one reads the year's memberships, the staff of the campaign year; one is the navbar
    # bell's unread count; the blocs of the filters; with filters, the units filtered).
    with django_assert_num_queries(14):
        client.get(reverse("emulation:registration-overview", args=[2018]))
    with django_assert_num_queries(15):
        client.get(reverse("emulation:registration-overview", args=[2018]), {"q": "phòng", "state": "draft"})


def overview_codes(client, **query):
    response = client.get(reverse("emulation:registration-overview", args=[2018]), query)
    return [row.unit.code for row in response.context["paged"]]


@time_machine.travel(BEFORE, tick=False)
def test_the_overview_is_paged_and_keeps_the_departments_totals(client, cast, plan_2018, settings):
    settings.LIST_PAGE_SIZE = 1
    client.force_login(cast["standing_office"])

    response = client.get(reverse("emulation:registration-overview", args=[2018]), {"page": 2})

    assert (len(response.context["paged"].page), response.context["paged"].page.paginator.count) == (1, 2)
    assert response.context["totals"]["units"] == 2
    assert overview_codes(client, page=1) != overview_codes(client, page=2)


@time_machine.travel(BEFORE, tick=False)
def test_the_overview_filters_by_unit_state_and_bloc(client, cast, plan_2018, staff, other_unit):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))
    client.force_login(cast["standing_office"])
    client.post(
        reverse("emulation:bloc-create", args=[2018]),
        {"name": "Khối thanh tra", "kind": "bloc", "note": "", f"member_{other_unit.pk}": "on"},
    )
    bloc = plan_2018.blocs.get()

    assert overview_codes(client, q="thanh tra") == ["TTRA"]
    assert overview_codes(client, state="draft") == ["VP"]
    assert overview_codes(client, state="not_started") == ["TTRA"]
    assert overview_codes(client, bloc=bloc.pk) == ["TTRA"]
    assert overview_codes(client, q="vp", state="not_started") == []


@time_machine.travel(AFTER, tick=False)
def test_the_overview_shows_each_units_deadline_with_its_extension(client, cast, plan_2018, unit):
    deadline = plan_2018.deadlines.get(kind="registration")
    Extension.objects.create(
        deadline=deadline,
        unit=unit,
        due_at=AFTER + dt.timedelta(days=2),
        reason="Sáp nhập",
        granted_by=cast["standing_office"],
    )
    client.force_login(cast["standing_office"])

    response = client.get(reverse("emulation:registration-overview", args=[2018]))

    states = {row.unit.code: row.deadline.state for row in response.context["paged"]}
    assert states == {"VP": "extended", "TTRA": "closed"}


@time_machine.travel(BEFORE, tick=False)
def test_a_returned_sheet_shows_the_comment_and_can_be_sent_again(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))
    act(client, "submit")
    client.force_login(cast["standing_office"])
    act(client, "return", comment="Thiếu cam kết của đơn vị")
    client.force_login(cast["secretary"])

    response = client.get(sheet_url())

    assert response.status_code == 200
    assert response.context["returned_comment"] == "Thiếu cam kết của đơn vị"
    assert (response.context["can_edit"], response.context["actions"]["submit"]) == (True, True)


@time_machine.travel(BEFORE, tick=False)
def test_the_unit_withdraws_a_sheet_before_review(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))
    act(client, "submit")

    act(client, "withdraw")

    assert Registration.objects.get().state == "draft"


@time_machine.travel(BEFORE, tick=False)
def test_an_action_without_the_pages_version_is_refused(client, cast, plan_2018, staff):
    client.force_login(cast["secretary"])
    client.post(sheet_url(), sheet_data(staff))

    response = client.post(reverse("emulation:registration-submit", args=[2018, "VP"]), follow=True)

    assert Registration.objects.get().state == "draft"
    assert [m.level_tag for m in response.context["messages"]] == ["success", "error"]  # saved, then refused


@time_machine.travel(BEFORE, tick=False)
def test_the_sheet_reads_the_titles_once_whatever_the_unit_size(client, cast, plan_2018, unit):
    client.force_login(cast["secretary"])
    counts = []
    for more in (1, 49):
        StaffFactory.create_batch(more, unit=unit)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(sheet_url())
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 25
    assert 'aria-label="Danh hiệu thi đua — ' in response.content.decode()
    assert "sheet-pages" not in response.content.decode()  # 50 people: one page, as before


@time_machine.travel(BEFORE, tick=False)
def test_saving_a_sheet_keeps_its_query_count_whatever_the_unit_size(client, plan_2018):
    ldtt = Title.objects.get(code="LDTT").pk
    counts = []
    for size in (1, 1, 50):  # the first one warms the caches (content types, the audit chain)
        unit = UnitFactory()
        people = StaffFactory.create_batch(size, unit=unit)
        client.force_login(UserFactory(is_secretary=True, unit=unit))
        data = sheet_data(people[0]) | {f"title_{person.pk}": ldtt for person in people}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(sheet_url(unit.code), data)
        counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            client.post(sheet_url(unit.code), {**data, "version": 1})
        counts.append(len(queries))
        assert (response.status_code, Registration.objects.get(unit=unit).lines.count()) == (302, size)

    # Creating the sheet, and saving it again unchanged, cost the same for 1 and 50 people (a changed line
    # costs its entry in the audit trail).
    assert (counts[2], counts[3]) == (counts[4], counts[5])


def big_sheet(unit, settings, size=7, per_page=3):
    settings.SHEET_PAGE_SIZE = per_page
    StaffFactory.create_batch(size, unit=unit)
    return list(unit.staff.order_by("position_rank", "-is_leader", "sort_key", "pk"))


def page_data(client, page, *, version="", title="LDTT"):
    """What the browser posts for `page` of the sheet: the page's rows, each with `title`."""
    form = client.get(sheet_url(), {"page": page}).context["form"]
    titles = {t.code: t.pk for t in Title.objects.all()}
    data = {
        "collective_title": titles["TTLDTT"],
        "collective_reward": "",
        "commitment": "",
        "version": version,
    }
    data["shown"] = form["shown"].value()
    for person in form.staff:
        data |= {f"title_{person.pk}": titles[title], f"reward_{person.pk}": "", f"note_{person.pk}": ""}
    return data


@time_machine.travel(BEFORE, tick=False)
def test_a_big_units_sheet_is_paged(client, cast, plan_2018, unit, settings):
    people = big_sheet(unit, settings)
    client.force_login(cast["secretary"])

    response = client.get(sheet_url(), {"page": 2})

    assert [person.pk for person, *_fields in response.context["form"].rows()] == [p.pk for p in people[3:6]]
    assert response.context["paged"].page.paginator.num_pages == 3
    assert "Người thứ 4–6 trên tổng số 7" in response.content.decode()


@time_machine.travel(BEFORE, tick=False)
def test_saving_a_page_keeps_the_other_pages_lines(client, cast, plan_2018, unit, settings):
    people = big_sheet(unit, settings)
    client.force_login(cast["secretary"])
    client.post(sheet_url() + "?page=1", page_data(client, 1, title="CSTDCS"))

    response = client.post(sheet_url() + "?page=2", page_data(client, 2, version=1))

    assert (response.status_code, response.url) == (302, sheet_url() + "?page=2")
    lines = dict(Registration.objects.get().lines.values_list("staff_id", "title__code"))
    assert lines == {p.pk: "CSTDCS" for p in people[:3]} | {p.pk: "LDTT" for p in people[3:6]}


@time_machine.travel(BEFORE, tick=False)
def test_a_line_for_someone_on_another_page_is_refused(client, cast, plan_2018, unit, settings):
    people = big_sheet(unit, settings)
    client.force_login(cast["secretary"])
    client.post(sheet_url() + "?page=1", page_data(client, 1, title="CSTDCS"))
    data = page_data(client, 2, version=1) | {f"title_{people[0].pk}": Title.objects.get(code="LDTT").pk}

    response = client.post(sheet_url() + "?page=2", data)

    assert list(response.context["form"].non_field_errors()) == [
        "Bảng đăng ký có dòng của người không có trên trang này: chưa lưu gì."
    ]
    registration = Registration.objects.get()
    assert registration.version == 1
    assert dict(registration.lines.values_list("staff_id", "title__code")) == {
        p.pk: "CSTDCS" for p in people[:3]
    }


@time_machine.travel(BEFORE, tick=False)
def test_a_page_whose_people_changed_is_refused(client, cast, plan_2018, unit, settings):
    big_sheet(unit, settings)
    client.force_login(cast["secretary"])
    data = page_data(client, 2)
    StaffFactory(unit=unit, sort_key="")  # sorts first: every page shifts by one

    response = client.post(sheet_url() + "?page=2", data)

    assert list(response.context["form"].non_field_errors()) == [
        "Danh sách người của trang này đã thay đổi từ khi mở trang: chưa lưu gì. Hãy tải lại trang."
    ]
    assert Registration.objects.count() == 0
