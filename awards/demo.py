"""Demo reward history for the years before the system (2015–2017): LĐTT for those graded HTTNV or
better, and CSTĐCS in 2016 and 2017 for the demo's provincial candidate, so the three-years rule has
something to read. Keyed on (year, title, person): running the seed again adds nothing."""

import datetime as dt

from awards.enums import RecordSource
from awards.models import RewardRecord
from departments.enums import TaskGrade
from departments.models import StaffYear, User
from emulation.enums import TitleCode
from emulation.models import RegistrationLine, Title

HISTORY_YEARS = (2015, 2016, 2017)
GOOD_GRADES = (TaskGrade.EXCELLENT, TaskGrade.GOOD)


def rewards_ensure(*, campaign) -> None:
    office = User.objects.get(username="thuongtruc")
    titles = {title.code: title for title in Title.objects.all()}
    existing = set(
        RewardRecord.objects.filter(staff__isnull=False).values_list("year", "title__code", "staff_id")
    )
    new = []
    for record in StaffYear.objects.filter(
        year__in=HISTORY_YEARS, task_grade__in=GOOD_GRADES, discipline="none"
    ):
        if (record.year, TitleCode.LDTT, record.staff_id) not in existing:
            new.append(
                _record(
                    record.year, titles[TitleCode.LDTT], record.staff_id, office, f"{record.year % 100:02d}"
                )
            )
    provincial = RegistrationLine.objects.filter(
        registration__campaign=campaign, title__code=TitleCode.CSTD_TINH
    )
    for line in provincial:
        for year in (2016, 2017):
            if (year, TitleCode.CSTDCS, line.staff_id) not in existing:
                new.append(
                    _record(year, titles[TitleCode.CSTDCS], line.staff_id, office, f"{year % 100 + 10:02d}")
                )
    RewardRecord.objects.bulk_create(new)


def _record(year: int, title: Title, staff_id: int, office: User, number: str) -> RewardRecord:
    return RewardRecord(
        year=year,
        title=title,
        staff_id=staff_id,
        decision_number=f"{number}/QĐ-STP",
        decision_date=dt.date(year, 12, 20),
        issued_by="Giám đốc Sở Tư pháp",
        source=RecordSource.MANUAL,
        note="Nhập từ hồ sơ lưu trữ",
        entered_by=office,
    )
