"""The access matrix: each role × each page × own / other unit."""

import pytest
from django.urls import reverse

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404

ROLES = [
    "secretary",
    "standing_office",
    "council_member",
    "initiative_council",
    "director",
    "administrator",
]

# page name -> (url builder, {role: (own unit status, other unit status)})
UNIT_PAGES = {
    "unit-detail": lambda s: reverse("departments:unit-detail", args=[s.unit.code]),
    "staff-create": lambda s: reverse("departments:staff-create", args=[s.unit.code]),
    "staff-detail": lambda s: reverse("departments:staff-detail", args=[s.pk]),
    "staff-update": lambda s: reverse("departments:staff-update", args=[s.pk]),
    "staffyear-create": lambda s: reverse("departments:staffyear-create", args=[s.pk]),
}

EXPECTED = {
    "secretary": {
        "unit-detail": (OK, NOT_FOUND),
        "staff-create": (OK, NOT_FOUND),
        "staff-detail": (OK, NOT_FOUND),
        "staff-update": (OK, NOT_FOUND),
        "staffyear-create": (OK, NOT_FOUND),
    },
    "standing_office": dict.fromkeys(UNIT_PAGES, (OK, OK)),
    "administrator": dict.fromkeys(UNIT_PAGES, (OK, OK)),
    "director": {
        "unit-detail": (OK, OK),
        "staff-create": (FORBIDDEN, FORBIDDEN),
        "staff-detail": (OK, OK),
        "staff-update": (FORBIDDEN, FORBIDDEN),
        "staffyear-create": (FORBIDDEN, FORBIDDEN),
    },
    "council_member": dict.fromkeys(UNIT_PAGES, (FORBIDDEN, FORBIDDEN)),
    "initiative_council": dict.fromkeys(UNIT_PAGES, (FORBIDDEN, FORBIDDEN)),
}

GLOBAL_PAGES = {
    "home": (lambda c: reverse("home"), dict.fromkeys(ROLES, OK)),
    "unit-list": (
        lambda c: reverse("departments:unit-list"),
        {**dict.fromkeys(ROLES, OK), "council_member": FORBIDDEN, "initiative_council": FORBIDDEN},
    ),
    "campaign-list": (lambda c: reverse("emulation:campaign-list"), dict.fromkeys(ROLES, OK)),
    "campaign-detail": (
        lambda c: reverse("emulation:campaign-detail", args=[c.year]),
        dict.fromkeys(ROLES, OK),
    ),
    "campaign-copy": (
        lambda c: reverse("emulation:campaign-copy", args=[c.year]),
        {**dict.fromkeys(ROLES, FORBIDDEN), "standing_office": OK, "administrator": OK},
    ),
    "campaign-update": (
        lambda c: reverse("emulation:campaign-update", args=[c.year]),
        {**dict.fromkeys(ROLES, FORBIDDEN), "standing_office": OK, "administrator": OK},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(UNIT_PAGES))
def test_unit_page_access_by_role_and_unit(client, cast, staff, other_staff, role, page):
    client.force_login(cast[role])
    own, other = EXPECTED[role][page]

    own_status = client.get(UNIT_PAGES[page](staff)).status_code
    other_status = client.get(UNIT_PAGES[page](other_staff)).status_code

    assert (own_status, other_status) == (own, other)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(GLOBAL_PAGES))
def test_global_page_access_by_role(client, cast, plan_2018, role, page):
    url, expected = GLOBAL_PAGES[page]
    client.force_login(cast[role])

    assert client.get(url(plan_2018)).status_code == expected[role]


@pytest.mark.parametrize("page", list(UNIT_PAGES))
def test_unit_pages_redirect_anonymous_to_login(client, staff, page):
    response = client.get(UNIT_PAGES[page](staff))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_secretary_cannot_post_staff_into_another_unit(client, cast, staff, other_unit):
    client.force_login(cast["secretary"])
    data = {
        "code": "TTRA-099",
        "full_name": "Phạm Văn Cường",
        "gender": "male",
        "unit": other_unit.pk,
        "employment_type": "civil_servant",
        "recruited_on": "2015-01-01",
    }

    response = client.post(reverse("departments:staff-create", args=[other_unit.code]), data)

    assert response.status_code == NOT_FOUND
    assert not other_unit.staff.filter(code="TTRA-099").exists()


def test_secretary_forged_unit_field_stays_in_own_unit(client, cast, unit, other_unit):
    client.force_login(cast["secretary"])
    data = {
        "code": "VP-099",
        "full_name": "Phạm Văn Cường",
        "gender": "male",
        "unit": other_unit.pk,  # forged: the field is disabled for a secretary
        "employment_type": "civil_servant",
        "recruited_on": "2015-01-01",
    }

    client.post(reverse("departments:staff-create", args=[unit.code]), data)

    assert list(unit.staff.values_list("code", flat=True)) == ["VP-099"]
    assert other_unit.staff.count() == 0
