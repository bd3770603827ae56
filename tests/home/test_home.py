import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_login_page_is_in_vietnamese(client, db):
    html = client.get(reverse("login")).content.decode()

    assert "<title>Đăng nhập · Thi đua</title>" in html
    assert "Tên đăng nhập" in html
    assert "Mật khẩu" in html
    assert "Thi đua, khen thưởng" in html


def test_login_with_wrong_password_says_so_in_vietnamese(client, cast):
    response = client.post(reverse("login"), {"username": "thuky", "password": "sai"})

    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()


def test_home_redirects_anonymous_to_login(client, db):
    response = client.get(reverse("home"))

    assert (response.status_code, response.url) == (302, "/login/?next=/")


@time_machine.travel(dt.datetime(2018, 1, 10, 9, 0, tzinfo=HCM), tick=False)
def test_home_shows_campaign_phase_and_deadlines_with_days_left(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.context["campaign"] == plan_2018
    assert response.context["phase"].number == 1
    assert [(d.kind, s.days_left()) for d, s in response.context["deadlines"]] == [
        ("registration", 4),
        ("report_home_affairs", 30),
        ("initiatives", 294),
        ("nominations", 313),
    ]
    assert "Phong trào thi đua năm 2018" in html
    assert "Đợt thứ nhất (01/01/2018 – 11/06/2018)" in html
    assert "trước ngày 15/01/2018" in html
    assert "còn 4 ngày" in html
    assert "Đơn vị của tôi" in html


@time_machine.travel(dt.datetime(2018, 1, 14, 23, 59, tzinfo=HCM), tick=False)
def test_home_on_the_last_day_says_so(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    html = client.get(reverse("home")).content.decode()

    assert "hôm nay là ngày cuối cùng" in html


@time_machine.travel(dt.datetime(2018, 1, 15, 0, 0, tzinfo=HCM), tick=False)
def test_home_drops_a_deadline_at_the_instant_it_closes(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    deadlines = client.get(reverse("home")).context["deadlines"]

    assert [d.kind for d, _ in deadlines] == ["report_home_affairs", "initiatives", "nominations"]


@time_machine.travel(dt.datetime(2018, 6, 11, 8, 0, tzinfo=HCM), tick=False)
def test_home_on_the_shared_boundary_day_shows_the_later_phase(client, cast, plan_2018):
    client.force_login(cast["director"])

    assert client.get(reverse("home")).context["phase"].number == 2


@pytest.mark.django_db
def test_home_without_any_campaign_says_so(client, cast):
    client.force_login(cast["standing_office"])

    html = client.get(reverse("home")).content.decode()

    assert "Chưa có phong trào thi đua nào" in html
