"""Staff pickers for the whole Department show each person's unit and group people by unit (issue 9)."""

import pytest
import time_machine
from django.urls import reverse

from awards.models import ExemplaryModel
from initiatives.forms import AuthorForm
from tests.factories import StaffFactory


@pytest.mark.django_db
def test_the_author_picker_groups_people_by_unit_with_the_unit_beside_each_name(unit, other_unit):
    StaffFactory(unit=unit, full_name="Nguyễn Văn An", code="VP-1")
    StaffFactory(unit=other_unit, full_name="Nguyễn Văn An", code="TT-1")
    choices = list(AuthorForm().fields["staff"].choices)
    groups = {label: [str(name) for _value, name in options] for label, options in choices[1:]}
    assert groups == {
        "Văn phòng Sở": ["Nguyễn Văn An (Văn phòng Sở)"],
        "Thanh tra Sở": ["Nguyễn Văn An (Thanh tra Sở)"],
    }
    html = AuthorForm().as_p()
    assert '<optgroup label="Thanh tra Sở">' in html


@pytest.mark.django_db
@time_machine.travel("2018-12-01 09:00 +0700", tick=False)
def test_an_exemplary_model_of_one_unit_cannot_name_a_person_of_another(
    client, plan_2018, cast, unit, other_staff
):
    client.force_login(cast["standing_office"])
    response = client.post(
        reverse("awards:exemplary-list", args=[2018]),
        {"unit": unit.pk, "staff": other_staff.pk, "description": "Điển hình"},
    )
    assert response.status_code == 200
    assert "Lê Văn Bình không làm việc tại đơn vị này." in response.content.decode()
    assert not ExemplaryModel.objects.exists()


@pytest.mark.django_db
def test_each_author_row_says_whose_inputs_they_are():
    from django.forms import formset_factory

    html = formset_factory(AuthorForm, extra=2)().as_p()
    assert 'aria-label="Cán bộ — tác giả 2"' in html
    assert 'aria-label="Tỷ lệ đóng góp (%) — tác giả 1"' in html
