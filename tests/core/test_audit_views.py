"""The audit trail's pages: who may read them, the filters, the paging, the export."""

import datetime as dt
import io
import os
import subprocess
import sys
import zoneinfo

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from core import audit
from departments.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LIST = reverse("audit:entry-list")
EXPORT = reverse("audit:entry-export")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("standing_office", 200),
        ("administrator", 200),
        ("director", 403),
        ("secretary", 403),
        ("council_member", 403),
        ("initiative_council", 403),
    ],
)
def test_list_and_export_per_role(client, cast, role, status):
    client.force_login(cast[role])

    assert (client.get(LIST).status_code, client.get(EXPORT).status_code) == (status, status)


def test_anonymous_is_sent_to_login(client):
    assert client.get(LIST)["Location"].startswith(reverse("login"))


def _world(cast):
    """Entries on three days by two people, of several kinds."""
    office, admin = cast["standing_office"], cast["administrator"]
    with time_machine.travel(dt.datetime(2018, 3, 1, 9, 0, tzinfo=HCM), tick=False), set_actor(office):
        first = UnitFactory(code="P1", name="Phòng một")
    with time_machine.travel(dt.datetime(2018, 3, 2, 9, 0, tzinfo=HCM), tick=False), set_actor(admin):
        second = UnitFactory(code="P2", name="Phòng hai")
        first.name = "Phòng một (mới)"
        first.save()
    with time_machine.travel(dt.datetime(2018, 3, 3, 9, 0, tzinfo=HCM), tick=False):
        audit.record_access(audit.LOGIN_FAILED, username="ai-do")
    return first, second


def _reprs(response):
    return [row["entry"].object_repr for row in response.context["rows"]]


def test_filters_by_date_kind_user_and_object(client, cast):
    first, second = _world(cast)
    client.force_login(cast["standing_office"])
    unit_type = ContentType.objects.get_for_model(Unit).pk

    by_day = client.get(LIST, {"date_from": "02/03/2018", "date_to": "02/03/2018"})
    by_kind = client.get(LIST, {"kind": "update"})
    failed = client.get(LIST, {"kind": "login_failed"})
    by_user = client.get(LIST, {"user": "thuongtruc", "object_type": unit_type})
    per_object = client.get(LIST, {"object_type": unit_type, "object_id": first.pk})

    assert _reprs(by_day) == ["Phòng một (mới)", "Phòng hai"]
    assert _reprs(by_kind) == ["Phòng một (mới)"]
    assert [r["details"] for r in by_kind.context["rows"]] == [["name: Phòng một → Phòng một (mới)"]]
    assert _reprs(failed) == ["ai-do"]
    assert _reprs(by_user) == ["Phòng một"]
    assert _reprs(per_object) == ["Phòng một (mới)", "Phòng một"]


def test_a_bad_filter_shows_its_error(client, cast):
    client.force_login(cast["standing_office"])

    response = client.get(LIST, {"date_from": "31/02/2018"})

    assert response.status_code == 200
    assert response.context["form"].errors["date_from"] == ["Nhập một ngày hợp lệ."]


def test_list_is_paged(client, cast):
    for i in range(55):
        UnitFactory(code=f"Q{i:02d}", name=f"Phòng {i}")
    client.force_login(cast["standing_office"])

    first = client.get(LIST, {"object_type": ContentType.objects.get_for_model(Unit).pk})
    second = client.get(LIST, {"object_type": ContentType.objects.get_for_model(Unit).pk, "page": 2})

    # and the two units of the cast
    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 7)
    assert first.context["page"].paginator.count == 57


def test_export_is_the_filtered_entries_as_text(client, cast):
    unit = UnitFactory(code="X1", name='=HYPERLINK("http://x","y")')
    client.force_login(cast["administrator"])
    unit_type = ContentType.objects.get_for_model(Unit).pk

    response = client.get(EXPORT, {"kind": "create", "object_type": unit_type, "object_id": unit.pk})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "STT",
        "Thời gian",
        "Loại",
        "Người dùng",
        "Địa chỉ IP",
        "Loại đối tượng",
        "Mã đối tượng",
        "Đối tượng",
        "Chi tiết",
    )
    assert [(r[2], r[5], r[7]) for r in rows[1:]] == [
        ("Tạo mới", "departments.unit", '=HYPERLINK("http://x","y")')
    ]
    assert sheet.cell(row=2, column=8).data_type == "s"
    # Serving the export is itself a download in the trail.
    assert (
        LogEntry.objects.filter(additional_data__kind="download", additional_data__path=EXPORT).count() == 1
    )


def test_production_without_audit_key_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "AUDIT_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="false", SECRET_KEY="x" * 40)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings'; django.setup()",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "AUDIT_KEY must be set" in result.stderr
