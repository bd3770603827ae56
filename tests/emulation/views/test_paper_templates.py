"""The standing office's page of the papers' texts: every kind with its text in force and its placeholders,
a new version from a date, refused when it names a placeholder the paper does not fill."""

import datetime as dt

import pytest
from django.urls import reverse

from core.papers.templates import TEMPLATE_KINDS, render_template
from emulation.models import PaperTemplate

LIST = reverse("emulation:papertemplate-list")
ARTICLE_1 = reverse("emulation:papertemplate-edit", args=["decision-article-1"])
VALUES = {
    "hinh_thuc": "danh hiệu “Lao động tiên tiến”",
    "danh_hieu": "Lao động tiên tiến",
    "doi_tuong": "05 cá nhân",
    "so_ca_nhan": "05",
    "so_tap_the": "00",
    "nam": 2018,
    "ten_so": "Sở Tư pháp",
}


def test_it_lists_every_kind_with_its_text_in_force(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    response = client.get(LIST)

    assert response.status_code == 200
    kinds = {item.kind: item for item in response.context["kinds"]}
    assert {"decision-article-1", "decision-article-3", "submission-closing"} <= set(kinds)
    article_1 = kinds["decision-article-1"]
    ldtt = next(text for text in article_1.texts if text.key == "LDTT")
    assert (ldtt.text, ldtt.valid_from) == (TEMPLATE_KINDS["decision-article-1"].default, None)
    assert "{hinh_thuc}" in response.content.decode()


@pytest.mark.parametrize("role", ["secretary", "director", "council_member"])
def test_it_is_the_standing_offices_page(client, cast, role):
    client.force_login(cast[role])

    assert (client.get(LIST).status_code, client.post(ARTICLE_1, {}).status_code) == (403, 403)


def test_it_saves_a_version_that_papers_of_its_date_use(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    text = "Công nhận {hinh_thuc} năm {nam} cho {doi_tuong} thuộc {ten_so};"

    response = client.post(
        ARTICLE_1, {"key": "LDTT", "valid_from": "2018-12-01", "text": text, "note": "Theo góp ý"}
    )

    assert (response.status_code, response.url) == (302, ARTICLE_1)
    saved = PaperTemplate.objects.get()
    assert (saved.kind, saved.key, saved.valid_from, saved.text) == (
        "decision-article-1",
        "LDTT",
        dt.date(2018, 12, 1),
        text,
    )
    # A paper dated from that day prints the new text; one dated before, and another title, the default.
    on = render_template("decision-article-1", dt.date(2018, 12, 10), VALUES, key="LDTT")
    before = render_template("decision-article-1", dt.date(2018, 11, 30), VALUES, key="LDTT")
    other = render_template("decision-article-1", dt.date(2018, 12, 10), VALUES, key="CSTDCS")
    assert on == "Công nhận danh hiệu “Lao động tiên tiến” năm 2018 cho 05 cá nhân thuộc Sở Tư pháp;"
    assert before == other == "Tặng danh hiệu “Lao động tiên tiến” năm 2018 cho 05 cá nhân;"


def test_it_refuses_an_unknown_placeholder_with_the_reason(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    response = client.post(
        ARTICLE_1,
        {"key": "LDTT", "valid_from": "2018-12-01", "text": "Tặng {hinh_thuc} cho {ho_ten_giam_doc};"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == [
        "Không có chỗ điền {ho_ten_giam_doc}. Các chỗ điền được dùng: {danh_hieu}, {doi_tuong}, "
        "{hinh_thuc}, {nam}, {so_ca_nhan}, {so_tap_the}, {ten_so}."
    ]
    assert PaperTemplate.objects.count() == 0


def test_it_refuses_a_per_title_text_without_its_title(client, cast, plan_2018):
    client.force_login(cast["standing_office"])

    response = client.post(ARTICLE_1, {"key": "", "valid_from": "2018-12-01", "text": "Tặng {hinh_thuc};"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["key"]
    assert PaperTemplate.objects.count() == 0


def test_it_refuses_a_second_version_of_the_same_day(client, cast, plan_2018):
    client.force_login(cast["standing_office"])
    data = {"valid_from": "2019-01-01", "text": "{ten_so} kính trình {cap_tren} quyết định./."}
    url = reverse("emulation:papertemplate-edit", args=["submission-closing"])
    client.post(url, data)

    response = client.post(url, data)

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == [
        "Văn bản này đã có một phiên bản áp dụng từ ngày đó."
    ]
    assert PaperTemplate.objects.filter(kind="submission-closing", key="").count() == 1


def test_it_does_not_know_a_kind_that_is_not_registered(client, cast):
    client.force_login(cast["standing_office"])

    response = client.get(reverse("emulation:papertemplate-edit", args=["no-such-kind"]))

    assert response.status_code == 404


def test_the_campaign_page_links_the_texts_for_the_standing_office_only(client, cast, plan_2018):
    campaign_page = reverse("emulation:campaign-detail", args=[2018])
    shown = {}
    for role in ("standing_office", "secretary"):
        client.force_login(cast[role])
        shown[role] = f'href="{LIST}"' in client.get(campaign_page).content.decode()

    assert shown == {"standing_office": True, "secretary": False}
