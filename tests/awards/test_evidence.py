"""The evidence of a nominee (a recognised initiative or an accepted, applied research result) and the rule
one initiative, one reward (CV 5007/BNV-TĐKT): not again for a reward of the same or a lower level."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import selectors, services
from awards.enums import EVIDENCE_LEVEL_OF_AUTHORITY, EvidenceLevel
from awards.enums import DossierState as D
from awards.exports import nominations_document
from awards.models import Nominee
from emulation.enums import Authority
from initiatives.models import ResearchAuthor, ResearchResult
from initiatives.selectors import evidence_uses
from initiatives.services import AuthorInput, research_save
from tests.awards.conftest import BEFORE, pdf, title
from tests.awards.test_dossiers import recognised_initiative, to_vote, vote_all
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _before_the_deadline():
    with time_machine.travel(BEFORE, tick=False):
        yield


def research_of(campaign, person, *, applied=True, share=100, recorded_by):
    research = ResearchResult.objects.create(
        campaign=campaign,
        unit=person.unit,
        title=f"Đề tài {person.pk}",
        kind="topic",
        level="base",
        acceptance_decision_number="5/QĐ-STP",
        accepted_on=dt.date(2018, 9, 1),
        applied=applied,
        application_note="Áp dụng tại Văn phòng Sở" if applied else "",
        recorded_by=recorded_by,
    )
    ResearchAuthor.objects.create(research=research, staff=person, share=Decimal(share))
    return research


def ad_hoc(complete_dossier):
    return complete_dossier(kind="ad_hoc")


def test_every_authority_has_an_evidence_level():
    assert {Authority(a) for a in EVIDENCE_LEVEL_OF_AUTHORITY} == set(Authority)


def test_a_nominee_with_own_applied_research_is_saved(cast, registered, complete_dossier, plan_2018):
    person = registered("CSTDCS")
    research = research_of(plan_2018, person, recorded_by=cast["standing_office"])
    dossier = complete_dossier()

    nominee = services.nominee_add(
        dossier=dossier, by=cast["secretary"], title=title("CSTDCS"), staff=person, research=research
    )

    assert Nominee.objects.get(pk=nominee.pk).research == research


def test_a_nominee_with_research_of_someone_else_is_refused(cast, registered, complete_dossier, plan_2018):
    person, author = registered("CSTDCS"), registered("LDTT")
    research = research_of(plan_2018, author, recorded_by=cast["standing_office"])
    dossier = complete_dossier()

    with pytest.raises(ValidationError) as error:
        services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("CSTDCS"), staff=person, research=research
        )

    assert error.value.code == "not_author"
    assert error.value.messages == [
        f"{person.full_name} không phải là tác giả của đề tài, đề án “{research.title}”."
    ]
    assert not Nominee.objects.exists()


def test_a_nominee_with_research_not_applied_is_refused(cast, registered, complete_dossier, plan_2018):
    person = registered("CSTDCS")
    research = research_of(plan_2018, person, applied=False, recorded_by=cast["standing_office"])
    dossier = complete_dossier()

    with pytest.raises(ValidationError) as error:
        services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("CSTDCS"), staff=person, research=research
        )

    assert error.value.code == "not_applied"
    assert not Nominee.objects.exists()


def test_an_initiative_used_for_cstdcs_is_refused_for_a_giay_khen(
    cast, registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    first = complete_dossier((person, "CSTDCS", initiative))
    second = ad_hoc(complete_dossier)

    with pytest.raises(ValidationError) as error:
        services.nominee_add(
            dossier=second, by=cast["secretary"], title=title("GK_GD"), staff=person, initiative=initiative
        )

    assert error.value.code == "evidence_used"
    assert error.value.messages == [
        f"Sáng kiến “{initiative.title}” đã được dùng làm căn cứ cho CSTĐCS năm 2018 (hồ sơ của "
        f"{first.unit.name}, người được đề nghị: {person.full_name}): mỗi sáng kiến chỉ được dùng làm căn "
        "cứ khen thưởng một lần, trừ khi xét danh hiệu thi đua cấp cao hơn (CV 5007/BNV-TĐKT)."
    ]
    assert list(Nominee.objects.filter(initiative=initiative).values_list("dossier", flat=True)) == [first.pk]


def test_research_used_for_cstdcs_is_refused_for_a_form_of_reward(
    cast, registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    research = research_of(plan_2018, person, recorded_by=cast["standing_office"])
    dossier = complete_dossier()
    services.nominee_add(
        dossier=dossier, by=cast["secretary"], title=title("CSTDCS"), staff=person, research=research
    )

    with pytest.raises(ValidationError) as error:
        services.nominee_add(
            dossier=ad_hoc(complete_dossier),
            by=cast["secretary"],
            title=title("GK_GD"),
            staff=person,
            research=research,
        )

    assert error.value.code == "evidence_used"
    assert error.value.messages[0].startswith(
        f"Đề tài, đề án “{research.title}” đã được dùng làm căn cứ cho CSTĐCS năm 2018"
    )


def test_an_initiative_used_for_cstdcs_is_refused_for_a_title_of_the_same_level(
    registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)

    with pytest.raises(ValidationError) as error:
        complete_dossier((person, "CSTDCS", initiative), (person, "LDTT", initiative))

    assert error.value.code == "evidence_used"
    assert "CSTĐCS năm 2018" in error.value.messages[0]


def test_an_initiative_used_for_cstdcs_serves_a_higher_title(registered, complete_dossier, plan_2018):
    person = registered("CSTD_TINH")
    initiative = recognised_initiative(plan_2018, person)

    complete_dossier((person, "CSTDCS", initiative), (person, "CSTD_TINH", initiative))

    assert selectors.evidence_level(title("CSTD_TINH")) == EvidenceLevel.MINISTRY_OR_PROVINCE
    assert [n.title.code for n in evidence_uses(initiative)] == ["CSTDCS", "CSTD_TINH"]


def test_an_initiative_used_for_a_higher_title_is_refused_for_a_lower_one(
    registered, complete_dossier, plan_2018
):
    person = registered("CSTD_TINH")
    initiative = recognised_initiative(plan_2018, person)

    with pytest.raises(ValidationError) as error:
        complete_dossier((person, "CSTD_TINH", initiative), (person, "CSTDCS", initiative))

    assert error.value.code == "evidence_used"
    assert "CSTĐ cấp tỉnh năm 2018" in error.value.messages[0]


def test_an_initiative_used_for_a_form_of_reward_is_refused_for_another_even_higher(
    cast, registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    dossier = ad_hoc(complete_dossier)
    services.nominee_add(
        dossier=dossier, by=cast["secretary"], title=title("GK_GD"), staff=person, initiative=initiative
    )

    with pytest.raises(ValidationError) as error:
        services.nominee_add(
            dossier=dossier, by=cast["secretary"], title=title("BK_UBND"), staff=person, initiative=initiative
        )

    assert error.value.code == "evidence_used"
    assert "Giấy khen Giám đốc Sở năm 2018" in error.value.messages[0]


def test_a_use_the_council_rejected_frees_the_initiative(
    cast, councillors, registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    session = to_vote(complete_dossier((person, "CSTDCS", initiative)), cast, councillors)
    vote_all(session, councillors, lambda i, n: "no")
    services.session_close(session=session, by=cast["standing_office"])

    nominee = services.nominee_add(
        dossier=ad_hoc(complete_dossier),
        by=cast["secretary"],
        title=title("GK_GD"),
        staff=person,
        initiative=initiative,
    )

    assert [(n.title.code, n.holds_evidence) for n in evidence_uses(initiative)] == [
        ("CSTDCS", False),
        ("GK_GD", True),
    ]
    assert nominee.initiative == initiative


def test_a_withdrawn_dossier_frees_the_initiative(cast, registered, complete_dossier, plan_2018):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    first = complete_dossier((person, "CSTDCS", initiative))
    services.dossier_transition(dossier=first, to_state=D.SUBMITTED, by=cast["secretary"])
    services.dossier_transition(dossier=first, to_state=D.WITHDRAWN, by=cast["secretary"])

    services.nominee_add(
        dossier=ad_hoc(complete_dossier),
        by=cast["secretary"],
        title=title("GK_GD"),
        staff=person,
        initiative=initiative,
    )

    assert Nominee.objects.filter(initiative=initiative).count() == 2


def test_another_persons_initiative_is_still_refused_as_evidence(
    cast, registered, complete_dossier, plan_2018
):
    person, author = registered("CSTDCS"), StaffFactory()
    initiative = recognised_initiative(plan_2018, author)

    with pytest.raises(ValidationError) as error:
        complete_dossier((person, "CSTDCS", initiative))

    assert error.value.code == "not_author"


def test_the_nominee_form_takes_research_and_the_page_shows_it(
    client, cast, registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    research = research_of(plan_2018, person, recorded_by=cast["standing_office"])
    dossier = complete_dossier()
    client.force_login(cast["secretary"])

    client.post(
        reverse("awards:nominee-add", args=[dossier.pk]),
        {"staff": person.pk, "title": title("CSTDCS").pk, "research": research.pk},
    )
    page = client.get(dossier.get_absolute_url()).content.decode()

    assert Nominee.objects.get().research == research
    assert f"{research.title} (5/QĐ-STP)" in page


def test_the_nominee_form_names_the_earlier_use(client, cast, registered, complete_dossier, plan_2018):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    complete_dossier((person, "CSTDCS", initiative))
    second = ad_hoc(complete_dossier)
    client.force_login(cast["secretary"])

    response = client.post(
        reverse("awards:nominee-add", args=[second.pk]),
        {"staff": person.pk, "title": title("GK_GD").pk, "initiative": initiative.pk},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"Sáng kiến “{initiative.title}” đã được dùng làm căn cứ cho CSTĐCS năm 2018 (hồ sơ của "
        f"{second.unit.name}, người được đề nghị: {person.full_name}): mỗi sáng kiến chỉ được dùng làm căn "
        "cứ khen thưởng một lần, trừ khi xét danh hiệu thi đua cấp cao hơn (CV 5007/BNV-TĐKT)."
    ]
    assert not second.nominees.exists()


def test_the_initiative_page_lists_its_uses(client, cast, registered, complete_dossier, plan_2018):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    complete_dossier((person, "CSTDCS", initiative))
    client.force_login(cast["standing_office"])

    response = client.get(initiative.get_absolute_url())

    assert "Đã dùng làm căn cứ" in response.content.decode()
    assert [(u.title.code, u.holds_evidence) for u in response.context["uses"]] == [("CSTDCS", True)]


def test_the_nominations_list_names_the_research_beside_the_initiative(
    cast, registered, complete_dossier, plan_2018
):
    person = registered("CSTDCS")
    initiative = recognised_initiative(plan_2018, person)
    research = research_of(plan_2018, person, recorded_by=cast["standing_office"])
    dossier = complete_dossier()
    nominee = services.nominee_add(
        dossier=dossier,
        by=cast["secretary"],
        title=title("CSTDCS"),
        staff=person,
        initiative=initiative,
        research=research,
    )
    services.document_attach(
        dossier=dossier,
        kind=selectors.report_form_for(dossier, nominee),
        uploaded=pdf(),
        by=cast["secretary"],
        nominee=nominee,
    )
    services.dossier_transition(dossier=dossier, to_state=D.SUBMITTED, by=cast["secretary"])

    rows = nominations_document(plan_2018).tables[0].rows

    assert [row[5] for row in rows] == [f"{initiative.title} (1/QĐ-STP); {research.title} (5/QĐ-STP)"]


def test_a_research_result_in_use_can_no_longer_be_changed(cast, registered, complete_dossier, plan_2018):
    person = registered("CSTDCS")
    research = research_of(plan_2018, person, recorded_by=cast["standing_office"])
    services.nominee_add(
        dossier=complete_dossier(),
        by=cast["secretary"],
        title=title("CSTDCS"),
        staff=person,
        research=research,
    )

    with pytest.raises(ValidationError) as error:
        research_save(
            by=cast["standing_office"],
            campaign=plan_2018,
            unit=person.unit,
            data={
                "title": "Khác",
                "kind": "topic",
                "level": "base",
                "acceptance_decision_number": "5/QĐ-STP",
                "accepted_on": dt.date(2018, 9, 1),
                "applied": False,
                "application_note": "",
            },
            authors=[AuthorInput(staff=person, share=Decimal(100))],
            research=research,
            version=research.version,
        )

    assert error.value.code == "in_use"
    assert ResearchResult.objects.get().applied is True
