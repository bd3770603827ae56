from django.urls import reverse

from emulation.models import Campaign


def test_it_copies_a_campaign_to_a_new_year(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    response = client.post(reverse("emulation:campaign-copy", args=[2018]), {"year": 2019})

    campaign = Campaign.objects.get(year=2019)
    assert (response.status_code, response.url) == (302, campaign.get_absolute_url())
    assert campaign.name == "Phong trào thi đua năm 2019"
    assert (campaign.phases.count(), campaign.deadlines.count(), campaign.targets.count()) == (2, 4, 8)


def test_it_refuses_copying_onto_an_existing_year_with_a_message(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    url = reverse("emulation:campaign-copy", args=[2018])
    client.post(url, {"year": 2019})

    response = client.post(url, {"year": 2019})

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == ["Đã có phong trào thi đua năm 2019."]
    assert Campaign.objects.count() == 2


def test_it_refuses_copy_by_a_secretary(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    response = client.post(reverse("emulation:campaign-copy", args=[2018]), {"year": 2019})

    assert response.status_code == 403
    assert not Campaign.objects.filter(year=2019).exists()


def test_it_edits_the_campaign_texts(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    data = {
        "name": "Phong trào thi đua năm 2018 (sửa)",
        "plan_number": "12/KH-STP",
        "plan_date": "2018-01-04",
        "theme": plan_2018.theme,
        "slogan": plan_2018.slogan,
        "legal_basis": plan_2018.legal_basis,
        "regime": "R2017",
        "document_profile": "TT01_2011",
    }

    response = client.post(reverse("emulation:campaign-update", args=[2018]), data)

    plan_2018.refresh_from_db()
    assert response.status_code == 302
    assert (plan_2018.name, plan_2018.plan_number, plan_2018.closed) == (data["name"], "12/KH-STP", False)


def test_it_refuses_campaign_edit_by_the_director(client, cast, plan_2018):
    client.force_login(cast["director"])

    response = client.post(reverse("emulation:campaign-update", args=[2018]), {"name": "X"})

    assert response.status_code == 403
    assert Campaign.objects.get(year=2018).name == "Phong trào thi đua năm 2018"


def test_the_standing_office_sets_phase_ones_nomination_deadline(client, cast, plan_2018):
    import datetime as dt
    import zoneinfo

    phase_one = plan_2018.phases.get(number=1)
    client.force_login(cast["standing_office"])

    client.post(
        reverse("emulation:deadline-edit", args=[2018]),
        {"kind": "nominations", "phase": phase_one.pk, "before": "2018-06-20"},
    )
    client.post(
        reverse("emulation:deadline-edit", args=[2018]),
        {"kind": "nominations", "phase": phase_one.pk, "before": "2018-06-25"},
    )

    deadline = plan_2018.deadlines.get(kind="nominations", phase=phase_one)
    assert deadline.due_at == dt.datetime(2018, 6, 25, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert plan_2018.deadlines.count() == 5


def test_a_secretary_cannot_move_a_deadline(client, cast, plan_2018):
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("emulation:deadline-edit", args=[2018]), {"kind": "registration", "before": "2018-12-31"}
    )

    assert response.status_code == 403
    assert plan_2018.deadlines.get(kind="registration").before_date.isoformat() == "2018-01-15"
