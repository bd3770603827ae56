"""Dates no plan writes (year 1, year 9999) are refused with a Vietnamese message: a deadline of 01/01/0001
was saved and then every page that shows deadlines answered 500, so it could not even be undone (issue 15)."""

import pytest
from django.urls import reverse

from emulation.models import Deadline


@pytest.mark.django_db
@pytest.mark.parametrize("before", ["0001-01-01", "9999-12-31", "2016-12-31", "2020-01-01"])
def test_a_deadline_far_from_its_year_is_refused(client, cast, plan_2018, before):
    client.force_login(cast["standing_office"])
    response = client.post(
        reverse("emulation:deadline-edit", args=[2018]), {"kind": "registration", "before": before}
    )
    assert response.status_code == 200
    assert (
        "Thời hạn của phong trào năm 2018 phải trong khoảng từ 01/01/2017 đến 31/12/2019."
        in response.content.decode()
    )
    assert (
        Deadline.objects.get(campaign=plan_2018, kind="registration").before_date.isoformat() == "2018-01-15"
    )
    for url in (
        reverse("home"),
        plan_2018.get_absolute_url(),
        reverse("emulation:deadline-edit", args=[2018]),
    ):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("due_at", ["9999-12-31T23:59", "2020-01-01T00:00"])
def test_an_extension_beyond_the_next_year_is_refused(client, cast, plan_2018, unit, due_at):
    client.force_login(cast["standing_office"])
    deadline = plan_2018.deadlines.get(kind="registration")
    response = client.post(
        reverse("emulation:extension-list", args=[2018]),
        {"deadline": deadline.pk, "unit": unit.pk, "due_at": due_at, "reason": "Đi công tác"},
    )
    assert response.status_code == 200
    assert "chậm nhất đến ngày 31/12/2019" in response.content.decode()
    assert not deadline.extensions.exists()
