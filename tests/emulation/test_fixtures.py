"""The 2018 plan as shipped in fixtures/, checked against seed/ke-hoach-thi-dua-2018.txt."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command

from emulation.deadlines import deadline_status
from emulation.models import Campaign, Deadline, Target, Title

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_plan_campaign_texts(plan_2018):
    assert plan_2018.year == 2018
    assert plan_2018.plan_date == dt.date(2018, 1, 4)
    assert plan_2018.regime == "R2017"
    assert plan_2018.theme == (
        "Tiếp tục thực hiện chủ đề thi đua: “Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc”."
    )
    assert plan_2018.slogan.startswith(
        "“Thi đua hoàn thành xuất sắc nhiệm vụ năm 2018, chào mừng kỷ niệm 70 năm"
    )
    assert plan_2018.slogan.endswith("(11/6/1948 - 11/6/2018)”.")
    assert plan_2018.legal_basis.splitlines()[0].startswith("Kế hoạch số 221/KH-UBND ngày 20/01/2016")
    assert "Hướng dẫn số 3067/HD-SNV ngày 01/11/2017" in plan_2018.legal_basis
    assert "Quyết định số 04/QĐ-UBND ngày 03/01/2018" in plan_2018.legal_basis


def test_plan_phases(plan_2018):
    phases = [(p.number, p.name, p.starts_on, p.ends_on) for p in plan_2018.phases.all()]

    assert phases == [
        (1, "Đợt thứ nhất", dt.date(2018, 1, 1), dt.date(2018, 6, 11)),
        (2, "Đợt thứ hai", dt.date(2018, 6, 11), dt.date(2018, 12, 31)),
    ]


def test_plan_deadlines_close_at_local_midnight(plan_2018):
    deadlines = {(d.kind, d.phase.number if d.phase else None): d for d in plan_2018.deadlines.all()}

    assert {key: d.due_at.astimezone(HCM) for key, d in deadlines.items()} == {
        ("registration", None): dt.datetime(2018, 1, 15, tzinfo=HCM),
        ("report_home_affairs", None): dt.datetime(2018, 2, 10, tzinfo=HCM),
        ("initiatives", None): dt.datetime(2018, 11, 1, tzinfo=HCM),
        ("nominations", 2): dt.datetime(2018, 11, 20, tzinfo=HCM),
    }
    registration = deadlines[("registration", None)]
    assert (registration.before_date, registration.last_day) == (dt.date(2018, 1, 15), dt.date(2018, 1, 14))


def test_deadline_open_until_the_instant_it_closes(plan_2018):
    before = deadline_status(plan_2018, "registration", at=dt.datetime(2018, 1, 14, 23, 59, 59, tzinfo=HCM))
    after = deadline_status(plan_2018, "registration", at=dt.datetime(2018, 1, 15, 0, 0, 0, tzinfo=HCM))

    assert (before.is_open, after.is_open) == (True, False)


def test_plan_targets(plan_2018):
    targets = [
        (t.code, t.measure, sorted(t.titles.values_list("code", flat=True)), t.comparison, str(t.value))
        for t in plan_2018.targets.all()
    ]

    assert targets == [
        ("co-thi-dua", "department_award", ["CO_BTP", "CO_UBND"], "gte", "1.00"),
        ("don-vi-ttldtt", "unit_share", ["TTLDTT", "TTLDXS"], "gte", "100.00"),
        ("don-vi-ttldxs", "unit_share", ["TTLDXS"], "gte", "30.00"),
        ("cstd-tinh", "staff_count", ["CSTD_TINH"], "gte", "1.00"),
        ("ca-nhan-ldtt", "staff_share", ["LDTT"], "gte", "100.00"),
        ("ca-nhan-cstdcs", "staff_share", ["CSTDCS"], "lte", "15.00"),
        ("cstdcs-lanh-dao", "leader_share", ["CSTDCS"], "lt", "70.00"),
        ("cstdcs-khong-lanh-dao", "non_leader_share", ["CSTDCS"], "gt", "30.00"),
    ]


def test_titles_named_by_the_plan(plan_2018):
    titles = {t.code: (t.name, t.subject, t.category, t.decided_by) for t in Title.objects.all()}

    assert titles == {
        "LDTT": ("Lao động tiên tiến", "individual", "emulation_title", "director"),
        "CSTDCS": ("Chiến sĩ thi đua cơ sở", "individual", "emulation_title", "director"),
        "CSTD_TINH": ("Chiến sĩ thi đua cấp tỉnh", "individual", "emulation_title", "province_chairman"),
        "TTLDTT": ("Tập thể lao động tiên tiến", "collective", "emulation_title", "director"),
        "TTLDXS": ("Tập thể lao động xuất sắc", "collective", "emulation_title", "province_chairman"),
        "CO_UBND": (
            "Cờ thi đua của Ủy ban nhân dân tỉnh",
            "collective",
            "emulation_title",
            "province_chairman",
        ),
        "CO_BTP": ("Cờ thi đua của Bộ Tư pháp", "collective", "emulation_title", "minister"),
        "GK_GD": ("Giấy khen của Giám đốc Sở", "both", "reward_form", "director"),
        "BK_UBND": (
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "both",
            "reward_form",
            "province_chairman",
        ),
        "BK_BTP": ("Bằng khen của Bộ trưởng Bộ Tư pháp", "both", "reward_form", "minister"),
    }


@pytest.mark.django_db
def test_loading_the_plan_twice_changes_nothing(plan_2018):
    call_command("loaddata", "titles", "plan_2018", verbosity=0)

    counts = (
        Campaign.objects.count(),
        Deadline.objects.count(),
        Target.objects.count(),
        Title.objects.count(),
    )
    assert counts == (1, 4, 8, 10)
    assert Campaign.objects.get().pk == plan_2018.pk
