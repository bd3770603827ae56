"""Data only: the organisation over time from what the database held before.

- One open period of the Department's names from 01/01/2000, with the earliest campaign's issuer fields
  (Campaign.governing_body, department_name, department_abbreviation, place_name, removed by emulation 0008,
  which runs after this), or the first customer's names when there is no campaign.
- A unit marked inactive ends the day before it was last changed.
- Each staff member's one membership: their unit from the recruitment date to the leaving date.
"""

import datetime as dt

from django.db import migrations

START = dt.date(2000, 1, 1)
# The values of the shipped 2018 plan (fixtures/plan_2018.json before the fields moved here).
DEFAULT = {
    "governing_body": "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
    "name": "SỞ TƯ PHÁP",
    "abbreviation": "STP",
    "place_name": "Ninh Thuận",
}


def forwards(apps, schema_editor):
    Campaign = apps.get_model("emulation", "Campaign")
    DepartmentPeriod = apps.get_model("departments", "DepartmentPeriod")
    Unit = apps.get_model("departments", "Unit")
    Staff = apps.get_model("departments", "Staff")
    Membership = apps.get_model("departments", "Membership")
    if not DepartmentPeriod.objects.exists():
        values = dict(DEFAULT)
        earliest = Campaign.objects.order_by("year").first()
        fields = {field.name for field in Campaign._meta.get_fields()}
        if earliest is not None and "department_name" in fields:
            found = {
                "governing_body": earliest.governing_body,
                "name": earliest.department_name,
                "abbreviation": earliest.department_abbreviation,
                "place_name": earliest.place_name,
            }
            values.update({key: value for key, value in found.items() if value})
        DepartmentPeriod.objects.create(valid_from=START, **values)
    for unit in Unit.objects.filter(active=False, valid_to__isnull=True):
        unit.valid_to = unit.updated_at.date() - dt.timedelta(days=1)
        unit.save(update_fields=["valid_to"])
    Membership.objects.bulk_create(
        [
            Membership(
                staff_id=staff.pk, unit_id=staff.unit_id, starts_on=staff.recruited_on, ends_on=staff.left_on
            )
            for staff in Staff.objects.filter(memberships__isnull=True)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0007_departmentperiod_membership_unitevent_and_more"),
        ("emulation", "0009_data_rules_by_regime"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
