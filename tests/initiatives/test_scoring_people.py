"""Council logins stand for people: a staff member or a named person from outside the Department. Nobody
scores their own initiative, scoring waits until every member is linked, and after the round the
authors' unit sees the result and the anonymous distribution, not who gave what."""

from decimal import Decimal

import lxml.html
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from departments.models import Staff, User
from initiatives import selectors
from initiatives.models import EvaluationRound, Score
from initiatives.services import AuthorInput, council_member_link, round_close, score_cast
from tests.factories import StaffFactory, UserFactory
from tests.initiatives.conftest import BEFORE

OUTSIDER = {"full_name": "Trần Văn Ngoài", "workplace": "Sở Khoa học và Công nghệ"}


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def vote(initiative, member, *, novelty=8, yes=True):
    return score_cast(
        initiative=initiative, member=member, novelty=novelty, applicability=7, effect=9, recognise=yes
    )


def error_messages(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


def with_outside_author(unit):
    return [
        AuthorInput(staff=StaffFactory(unit=unit), share=Decimal(60)),
        AuthorInput(staff=None, share=Decimal(40), **OUTSIDER),
    ]


# --- Excluded by person ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Trần Văn Ngoài", "tran  van ngoai", "TRẦN VĂN NGOÀI"])
def test_an_outside_author_on_the_council_cannot_score_his_initiative(
    file_initiative, cast, council, unit, open_round, typed
):
    council_member_link(member=council[0], staff=None, outside_name=typed, by=cast["standing_office"])
    initiative = file_initiative(authors=with_outside_author(unit))
    evaluation_round = open_round(initiative, council[:3])

    with pytest.raises(PermissionDenied):
        vote(initiative, council[0])
    for member in council[1:3]:
        vote(initiative, member)
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])

    initiative.refresh_from_db()
    assert Score.objects.filter(member=council[0]).count() == 0
    assert (initiative.council_yes, initiative.council_members) == (2, 2)


def test_a_member_linked_in_the_product_to_an_authors_staff_record_cannot_score(
    file_initiative, cast, council, unit, open_round
):
    author = StaffFactory(unit=unit, code="VP-009")
    council_member_link(member=council[1], staff=author, outside_name="", by=cast["standing_office"])
    initiative = file_initiative(authors=[AuthorInput(staff=author, share=Decimal(100))])
    open_round(initiative, council[:3])

    with pytest.raises(PermissionDenied):
        vote(initiative, council[1])

    assert Staff.objects.get(pk=author.pk).user == council[1]
    assert User.objects.get(pk=council[1].pk).outside_name == ""
    assert Score.objects.count() == 0


def test_a_member_with_another_name_still_scores(file_initiative, cast, council, unit, open_round):
    initiative = file_initiative(authors=with_outside_author(unit))
    open_round(initiative, council[:3])

    score = vote(initiative, council[2])

    assert (score.member, Score.objects.count()) == (council[2], 1)


# --- Scoring waits until every member is linked ----------------------------------------------------------


def test_scoring_is_refused_until_each_member_is_linked(file_initiative, cast, council, open_round):
    unlinked = UserFactory(
        username="sangkien9", last_name="Lê Thị", first_name="Mơ", is_initiative_council=True, outside_name=""
    )
    initiative = file_initiative()
    evaluation_round = open_round(initiative, [council[0], unlinked])

    with pytest.raises(ValidationError) as error:
        vote(initiative, council[0])
    with pytest.raises(ValidationError) as closing:
        round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    council_member_link(member=unlinked, staff=None, outside_name="Lê Thị Mơ", by=cast["standing_office"])
    vote(initiative, council[0])

    message = (
        "Chưa thể chấm điểm: Thường trực Hội đồng chưa xác định các thành viên sau là cán bộ của Sở "
        "hay người ngoài Sở: Lê Thị Mơ."
    )
    assert (error.value.code, error.value.messages) == ("members_unlinked", [message])
    still_open = EvaluationRound.objects.get(pk=evaluation_round.pk).is_open
    assert (closing.value.code, still_open) == ("members_unlinked", True)
    assert Score.objects.filter(member=council[0]).count() == 1


def test_a_score_posted_before_every_member_is_linked_is_refused_in_vietnamese(
    client, file_initiative, council, open_round
):
    unlinked = UserFactory(is_initiative_council=True, last_name="Lê Thị", first_name="Mơ", outside_name="")
    initiative = file_initiative()
    open_round(initiative, [council[0], unlinked])
    client.force_login(council[0])
    url = reverse("initiatives:initiative-detail", args=[initiative.pk])

    page = client.get(url)
    response = client.post(
        reverse("initiatives:initiative-score", args=[initiative.pk]),
        {"novelty": 8, "applicability": 7, "effect": 9, "recognise": "yes"},
        follow=True,
    )

    assert (page.context["can_score"], page.context["unlinked"]) == (False, [unlinked])
    assert error_messages(response) == [
        "Chưa thể chấm điểm: Thường trực Hội đồng chưa xác định các thành viên sau là cán bộ của Sở "
        "hay người ngoài Sở: Lê Thị Mơ."
    ]
    assert Score.objects.count() == 0


def test_a_score_posted_by_an_outside_author_on_the_council_is_forbidden(
    client, file_initiative, cast, council, unit, open_round
):
    council_member_link(
        member=council[0], staff=None, outside_name=OUTSIDER["full_name"], by=cast["standing_office"]
    )
    initiative = file_initiative(authors=with_outside_author(unit))
    open_round(initiative, council[:3])
    client.force_login(council[0])

    page = client.get(reverse("initiatives:initiative-detail", args=[initiative.pk]))
    response = client.post(
        reverse("initiatives:initiative-score", args=[initiative.pk]),
        {"novelty": 10, "applicability": 10, "effect": 10, "recognise": "yes"},
    )

    assert (page.context["excluded"], page.context["can_score"]) == (True, False)
    assert (response.status_code, Score.objects.count()) == (403, 0)


# --- Linking a council login to its person ---------------------------------------------------------------


def test_linking_to_staff_replaces_the_outside_name_and_the_previous_staff_record(cast, council, unit):
    first, second = StaffFactory(unit=unit), StaffFactory(unit=unit)
    office = cast["standing_office"]

    council_member_link(member=council[0], staff=first, outside_name="", by=office)
    council_member_link(member=council[0], staff=second, outside_name="", by=office)

    assert list(Staff.objects.filter(user=council[0])) == [second]
    assert User.objects.get(pk=council[0].pk).outside_name == ""
    council_member_link(member=council[0], staff=None, outside_name="  Võ  Minh Tuấn ", by=office)
    assert (
        Staff.objects.filter(user=council[0]).count(),
        User.objects.get(pk=council[0].pk).outside_name,
    ) == (
        0,
        "Võ Minh Tuấn",
    )


@pytest.mark.parametrize(
    ("person", "code", "message"),
    [
        (
            {"staff": None, "outside_name": " "},
            "no_person",
            "Chọn một cán bộ của Sở hoặc ghi họ tên người ngoài Sở (chỉ một trong hai).",
        ),
        (
            {"staff": "own", "outside_name": "Trần Văn Ngoài"},
            "no_person",
            "Chọn một cán bộ của Sở hoặc ghi họ tên người ngoài Sở (chỉ một trong hai).",
        ),
        (
            {"staff": "taken", "outside_name": ""},
            "staff_taken",
            "Hồ sơ cán bộ Phạm Văn Đã đã gắn với tài khoản khac.",
        ),
    ],
    ids=["none", "both", "taken"],
)
def test_a_bad_link_is_refused_and_nothing_written(cast, council, unit, person, code, message):
    taken = StaffFactory(unit=unit, full_name="Phạm Văn Đã", user=UserFactory(username="khac"))
    staff = {"own": StaffFactory(unit=unit), "taken": taken, None: None}[person["staff"]]

    with pytest.raises(ValidationError) as error:
        council_member_link(
            member=council[0], staff=staff, outside_name=person["outside_name"], by=cast["standing_office"]
        )

    assert (error.value.code, error.value.messages) == (code, [message])
    assert (
        Staff.objects.filter(user=council[0]).count(),
        User.objects.get(pk=council[0].pk).outside_name,
    ) == (
        0,
        "Nguyễn Thị Lan",
    )


def test_only_the_standing_office_links_and_only_council_logins(cast):
    with pytest.raises(PermissionDenied):
        council_member_link(
            member=cast["initiative_council"], staff=None, outside_name="Ai Đó", by=cast["secretary"]
        )
    with pytest.raises(ValidationError) as error:
        council_member_link(
            member=cast["director"], staff=None, outside_name="Ai Đó", by=cast["standing_office"]
        )

    assert error.value.code == "not_council"
    assert User.objects.filter(outside_name="Ai Đó").count() == 0


# --- The council members page ----------------------------------------------------------------------------


def test_the_office_sees_each_council_member_and_who_is_not_linked(client, cast, unit):
    StaffFactory(unit=unit, full_name="Hồ Văn Cán", code="VP-005", user=cast["council_member"])
    User.objects.filter(pk=cast["initiative_council"].pk).update(outside_name="")
    client.force_login(cast["standing_office"])

    response = client.get(reverse("initiatives:member-list"))

    rows = lxml.html.fromstring(response.content).xpath('//table[@data-testid="members"]/tbody/tr')
    cells = [[" ".join(td.text_content().split()) for td in row.xpath("./td")][:3] for row in rows]
    assert cells == [
        ["hoidong", "Nguyễn Thị Lan", "Hồ Văn Cán (VP-005, Văn phòng Sở)"],
        ["sangkien", "Nguyễn Thị Lan", "chưa xác định"],
    ]


@pytest.mark.parametrize(
    ("role", "status"), [("secretary", 403), ("initiative_council", 403), ("director", 403)]
)
def test_the_council_members_page_is_for_the_standing_office(client, cast, role, status):
    client.force_login(cast[role])
    member = cast["initiative_council"]

    page = client.get(reverse("initiatives:member-list"))
    post = client.post(reverse("initiatives:member-link", args=[member.pk]), {"outside_name": "Kẻ Lạ"})

    assert (page.status_code, post.status_code) == (status, status)
    assert User.objects.get(pk=member.pk).outside_name == "Nguyễn Thị Lan"


def test_a_post_for_a_login_outside_the_councils_is_a_404(client, cast):
    client.force_login(cast["standing_office"])

    response = client.post(
        reverse("initiatives:member-link", args=[cast["secretary"].pk]), {"outside_name": "Kẻ Lạ"}
    )

    assert response.status_code == 404
    assert User.objects.get(pk=cast["secretary"].pk).outside_name == ""


@pytest.mark.parametrize(
    ("data", "message", "saved"),
    [
        ({"staff_code": "vp-005"}, None, ("VP-005", "")),
        ({"outside_name": "Đặng Thị Ngoài"}, None, (None, "Đặng Thị Ngoài")),
        ({"staff_code": "KHONG-CO"}, "Không có cán bộ nào mang mã KHONG-CO.", (None, "Nguyễn Thị Lan")),
        (
            {"staff_code": "VP-005", "outside_name": "Đặng Thị Ngoài"},
            "Chọn một cán bộ của Sở hoặc ghi họ tên người ngoài Sở (chỉ một trong hai).",
            (None, "Nguyễn Thị Lan"),
        ),
        ({"outside_name": "x" * 121}, None, None),
    ],
    ids=["staff", "outside", "unknown_code", "both", "too_long"],
)
def test_the_office_links_a_member_through_the_page(client, cast, unit, data, message, saved):
    StaffFactory(unit=unit, code="VP-005")
    member = cast["initiative_council"]
    client.force_login(cast["standing_office"])

    response = client.post(reverse("initiatives:member-link", args=[member.pk]), data, follow=True)

    linked = Staff.objects.filter(user=member).values_list("code", flat=True).first()
    errors = error_messages(response)
    if saved is None:  # too long: the form's own Vietnamese message
        assert (len(errors), linked, User.objects.get(pk=member.pk).outside_name) == (
            1,
            None,
            "Nguyễn Thị Lan",
        )
        return
    assert errors == ([message] if message else [])
    assert (linked, User.objects.get(pk=member.pk).outside_name) == saved


# --- What the authors' unit sees after the round ---------------------------------------------------------


@pytest.fixture
def closed_round(file_initiative, cast, council, open_round):
    initiative = file_initiative()
    evaluation_round = open_round(initiative, council[:3])
    for member, novelty, yes in zip(council[:3], (10, 6, 2), (True, True, False), strict=True):
        score_cast(
            initiative=initiative,
            member=member,
            novelty=novelty,
            applicability=novelty,
            effect=novelty,
            recognise=yes,
            comment=f"Nhận xét {novelty}",
        )
    round_close(evaluation_round=evaluation_round, by=cast["standing_office"])
    initiative.refresh_from_db()
    return initiative


def test_the_authors_unit_sees_the_result_and_the_distribution_not_who_gave_what(client, cast, closed_round):
    for member, name in zip(
        closed_round.evaluation_round.members.order_by("pk"), ("Một", "Hai", "Ba"), strict=True
    ):
        User.objects.filter(pk=member.pk).update(last_name="Kiều", first_name=name)
    client.force_login(cast["secretary"])

    response = client.get(reverse("initiatives:initiative-detail", args=[closed_round.pk]))

    html = response.content.decode()
    assert response.context["scores"] == []
    assert [word in html for word in ("Kiều", "Nhận xét")] == [False, False]
    distribution = response.context["distribution"]
    assert (distribution.recognise, distribution.not_recognise, distribution.average) == (
        2,
        1,
        Decimal("6.00"),
    )
    assert [(str(label), count) for label, count in distribution.bands] == [
        ("từ 9 đến 10 điểm", 1),
        ("từ 7 đến dưới 9 điểm", 0),
        ("từ 5 đến dưới 7 điểm", 1),
        ("dưới 5 điểm", 1),
    ]
    table = lxml.html.fromstring(html).xpath('//table[@data-testid="distribution"]//td')
    assert [" ".join(td.text_content().split()) for td in table] == [
        "từ 9 đến 10 điểm", "1", "từ 7 đến dưới 9 điểm", "0", "từ 5 đến dưới 7 điểm", "1", "dưới 5 điểm", "1",
        "Công nhận", "2", "Không công nhận", "1",
    ]  # fmt: skip


@pytest.mark.parametrize("role", ["standing_office", "council"])
def test_the_council_and_the_office_still_see_the_full_table(client, cast, council, closed_round, role):
    client.force_login(cast["standing_office"] if role == "standing_office" else council[1])

    response = client.get(reverse("initiatives:initiative-detail", args=[closed_round.pk]))

    rows = [(s.member, s.novelty, s.recognise) for s in response.context["scores"]]
    assert rows == [(council[0], 10, True), (council[1], 6, True), (council[2], 2, False)]
    assert 'data-testid="scores"' in response.content.decode()


def test_while_the_round_is_open_the_authors_unit_sees_no_scores(
    client, cast, council, file_initiative, open_round
):
    initiative = file_initiative()
    open_round(initiative, council[:3])
    vote(initiative, council[0])
    client.force_login(cast["secretary"])

    response = client.get(reverse("initiatives:initiative-detail", args=[initiative.pk]))

    assert (response.context["scores"], response.context["distribution"]) == ([], None)


def test_every_council_member_of_the_demo_is_linked(db):
    from emulation.demo import accounts_ensure, units_ensure

    accounts_ensure(units=units_ensure())

    council = User.objects.filter(username__regex=r"^(sangkien|hoidong)\d$")
    assert council.count() == 6
    assert selectors.unlinked_members(council) == []
    assert User.objects.get(username="sangkien1").outside_name == "Võ Minh Tuấn"


def test_the_home_of_an_outside_author_on_the_council_does_not_ask_him_to_score_it(
    file_initiative, cast, council, unit, open_round
):
    from home.selectors import work_queue

    council_member_link(
        member=council[0], staff=None, outside_name="Trần Văn Ngoài", by=cast["standing_office"]
    )
    own = file_initiative(authors=with_outside_author(unit))
    other = file_initiative()
    open_round(own, council[:3])
    open_round(other, council[:3])
    council[0].refresh_from_db()  # as the home page reads its user

    def to_score(member):
        items = [
            item for item in work_queue(member, own.campaign) if item.label == "Sáng kiến chờ bạn chấm điểm"
        ]
        return items[0].count if items else 0

    assert to_score(council[0]) == 1
    assert to_score(council[1]) == 2
