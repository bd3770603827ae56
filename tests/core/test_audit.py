"""The audit trail: every change, log-in, failed log-in, refusal and download leaves an entry with who, when,
from where and what; the entries form a keyed hash chain that verify_audit checks."""

import datetime as dt
import io

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from core import audit
from core.models import AuditChainHead, AuditSeal
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def entries_of(obj):
    return LogEntry.objects.get_for_object(obj).order_by("pk")


def access_entries(kind):
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__kind=kind).order_by("pk")


def verify():
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue().strip()


def verify_error():
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit", stdout=io.StringIO())
    return str(caught.value)


def raw(sql, params=()):
    """SQL behind the application's back. On PostgreSQL the triggers refuse it unless the retention setting
    is on: the tampering tests turn it on for their transaction, as a database owner could."""
    with connection.cursor() as cursor:
        if ON_POSTGRESQL:
            cursor.execute("SELECT set_config('thidua.audit_retention', 'on', true)")
        cursor.execute(sql, params)


# --- Registration ------------------------------------------------------------------------------------------


def test_every_project_model_is_registered_but_the_exclusions():
    from auditlog.registry import auditlog

    models = [m for c in apps.get_app_configs() if c.name in audit.PROJECT_APPS for m in c.get_models()]
    unregistered = sorted(m._meta.label_lower for m in models if not auditlog.contains(m))

    assert unregistered == sorted(audit.EXCLUDED_MODELS)
    assert len(models) - len(unregistered) >= 40


# --- Changes ---------------------------------------------------------------------------------------------


def test_service_edit_leaves_entry_with_actor_and_changes(cast, staff):
    from departments import services

    office = cast["standing_office"]
    with set_actor(office, remote_addr="10.0.0.7"):
        services.staff_update(staff=staff, version=staff.version, data={"full_name": "Nguyễn Thị Thu Hằng"})

    entry = entries_of(staff).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == office
    assert entry.remote_addr == "10.0.0.7"
    assert entry.changes_dict["full_name"] == ["Nguyễn Thị Thu Hà", "Nguyễn Thị Thu Hằng"]


def test_admin_edit_leaves_entry_with_actor_address_and_changes(client, cast, unit):
    admin = cast["administrator"]
    client.force_login(admin)
    url = reverse("admin:departments_unit_change", args=[unit.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["name"] = "Văn phòng Sở Tư pháp"

    response = client.post(url, data, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    entry = entries_of(unit).filter(action=LogEntry.Action.UPDATE).get()
    assert (entry.actor, entry.remote_addr) == (admin, "192.0.2.10")
    assert entry.changes_dict["name"] == ["Văn phòng Sở", "Văn phòng Sở Tư pháp"]


def test_create_and_delete_leave_entries():
    unit = UnitFactory(code="XYZ", name="Phòng thử")
    pk = unit.pk
    unit.delete()

    actions = list(
        LogEntry.objects.filter(object_id=pk, content_type__model="unit")
        .order_by("pk")
        .values_list("action", "object_repr")
    )
    assert [a for a, _ in actions] == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


def test_password_is_not_copied_into_the_trail(cast):
    user = cast["secretary"]
    user.set_password("mat-khau-moi-123")
    user.save()

    assert not entries_of(user).filter(action=LogEntry.Action.UPDATE).exists()


# --- Access events ---------------------------------------------------------------------------------------


def test_login_leaves_entry_with_address(client, cast):
    user = cast["secretary"]
    user.set_password("dung-mat-khau-9")
    user.save()

    client.post(
        reverse("login"), {"username": "thuky", "password": "dung-mat-khau-9"}, REMOTE_ADDR="203.0.113.5"
    )

    entry = access_entries(audit.LOGIN).get()
    assert (entry.actor, entry.object_repr, entry.remote_addr) == (user, "thuky", "203.0.113.5")


def test_failed_login_leaves_entry_with_the_name_tried(client, cast):
    response = client.post(
        reverse("login"), {"username": "thuky", "password": "sai"}, REMOTE_ADDR="203.0.113.6"
    )

    assert response.status_code == 200
    entry = access_entries(audit.LOGIN_FAILED).get()
    assert (entry.actor, entry.object_repr, entry.remote_addr) == (None, "thuky", "203.0.113.6")
    assert not access_entries(audit.LOGIN).exists()


def test_refusal_leaves_entry_with_user_and_path(client, cast):
    client.force_login(cast["secretary"])

    response = client.get(reverse("accounts:lock-list"))

    assert response.status_code == 403
    entry = access_entries(audit.REFUSED).get()
    assert entry.actor == cast["secretary"]
    assert entry.additional_data == {"kind": "refused", "path": "/accounts/locks/", "method": "GET"}


def _file_urls(plan_2018, staff, unit, client):
    # A report is a background job's file (reports.services): ask for it, then fetch its file.
    reports = [
        client.post(reverse("reports:export", args=[2018, "registrations", fmt])) for fmt in ("xlsx", "pdf")
    ]
    return [
        *(f"{job['Location']}file" for job in reports),
        reverse("awards:staff-rewards-file", args=[staff.pk, "xlsx"]),
        reverse("awards:unit-rewards-file", args=[unit.code, "pdf"]),
        reverse("departments:unit-years-file", args=[unit.code, 2018]),
    ]


def test_every_file_served_leaves_a_download_entry(client, cast, plan_2018, staff, unit):
    client.force_login(cast["standing_office"])
    urls = _file_urls(plan_2018, staff, unit, client)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)

    entries = list(access_entries(audit.DOWNLOAD))
    assert [e.additional_data["path"] for e in entries] == urls
    assert all(e.actor == cast["standing_office"] and e.additional_data["file"] for e in entries)


def test_a_page_is_not_a_download(client, cast):
    client.force_login(cast["standing_office"])

    assert client.get(reverse("home")).status_code == 200

    assert not access_entries(audit.DOWNLOAD).exists()


# --- The chain -------------------------------------------------------------------------------------------


def _some_entries(n=5):
    return [UnitFactory(code=f"T{i}", name=f"Phòng {i}") for i in range(n)]


def test_verify_passes_on_a_whole_chain():
    _some_entries()
    count = LogEntry.objects.count()

    assert verify() == f"Chuỗi nhật ký kiểm toán toàn vẹn: {count} mục."
    assert list(AuditSeal.objects.values_list("position", flat=True)) == list(range(1, count + 1))


def test_verify_names_an_entry_whose_changes_were_edited():
    units = _some_entries()
    target = entries_of(units[2]).get()
    raw("UPDATE auditlog_logentry SET changes = %s WHERE id = %s", ['{"name": ["", "Phòng giả"]}', target.pk])

    message = verify_error()

    assert f"mục nhật ký số {target.pk}," in message
    assert "bị sửa hoặc bị giả mạo" in message


def test_verify_names_the_place_of_a_deleted_entry_and_seal():
    units = _some_entries()
    target, after = entries_of(units[2]).get(), entries_of(units[3]).get()
    raw("DELETE FROM core_auditseal WHERE entry_id = %s", [target.pk])
    raw("DELETE FROM auditlog_logentry WHERE id = %s", [target.pk])

    message = verify_error()

    assert f"mục nhật ký số {after.pk}," in message
    assert "mục ngay trước mục này đã bị xoá hoặc thay thế" in message


def test_verify_names_a_deleted_entry_whose_seal_remains():
    units = _some_entries()
    target = entries_of(units[1]).get()
    raw("DELETE FROM auditlog_logentry WHERE id = %s", [target.pk])

    assert f"mục nhật ký số {target.pk}," in verify_error()


def test_verify_names_an_entry_inserted_with_a_forged_seal():
    _some_entries()
    head = AuditChainHead.objects.get()
    forged = LogEntry.objects.filter(pk=LogEntry.objects.order_by("pk").last().pk).values().get()
    forged.pop("id")
    forged["object_repr"] = "Phòng ma"
    raw_id = None
    with connection.cursor() as cursor:
        columns = ", ".join(forged)
        marks = ", ".join(["%s"] * len(forged))
        values = [v if not isinstance(v, dict) else __import__("json").dumps(v) for v in forged.values()]
        cursor.execute(f"INSERT INTO auditlog_logentry ({columns}) VALUES ({marks})", values)
        raw_id = LogEntry.objects.order_by("pk").last().pk
    # A seal computed with a guessed key, linked to the real last hash, at the next position.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditseal (entry_id, position, previous_hash, hash, key_id) "
            "VALUES (%s, %s, %s, %s, %s)",
            [raw_id, head.position + 1, head.last_hash, "ab" * 32, audit.key_id()],
        )

    message = verify_error()

    assert f"mục nhật ký số {raw_id}," in message
    assert "bị sửa hoặc bị giả mạo" in message


def test_verify_names_an_entry_inserted_without_a_seal():
    _some_entries()
    source = LogEntry.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, changes_text, "
            "timestamp) VALUES (%s, %s, %s, %s, %s, %s)",
            [source.content_type_id, "1", "Phòng ma", 0, "", source.timestamp],
        )
    inserted = LogEntry.objects.order_by("pk").last()

    message = verify_error()

    assert f"mục nhật ký số {inserted.pk}:" in message
    assert "không có dấu niêm phong" in message


def test_verify_notices_the_last_entries_deleted():
    _some_entries()
    last = AuditSeal.objects.order_by("position").last()
    raw("DELETE FROM core_auditseal WHERE id = %s", [last.pk])
    raw("DELETE FROM auditlog_logentry WHERE id = %s", [last.entry_id])

    assert "các mục cuối của chuỗi đã bị xoá" in verify_error()


def test_seal_depends_on_the_key(settings):
    _some_entries(2)
    settings.AUDIT_KEY = "another-key-of-at-least-thirty-two-chars"

    assert "Chuỗi nhật ký kiểm toán bị phá vỡ" in verify_error()


def test_prune_keeps_a_whole_chain_from_the_cut():
    old = _some_entries(3)
    LogEntry.objects.filter(pk__in=[e.pk for u in old for e in entries_of(u)])
    raw(
        "UPDATE auditlog_logentry SET timestamp = %s",
        [dt.datetime(2019, 1, 1, tzinfo=dt.UTC)],
    )
    # The rows were changed behind the chain's back: re-seal them as if written then (test set-up only).
    _reseal_all()
    UnitFactory(code="NEW", name="Phòng mới")
    kept = LogEntry.objects.filter(timestamp__gte=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)).count()
    out = io.StringIO()
    if ON_POSTGRESQL:  # the set-up's tampering turned the triggers off; the command must do it itself
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('thidua.audit_retention', 'off', true)")

    call_command("prune_audit", "--before", "2020-01-01", stdout=out)

    assert (
        out.getvalue().strip()
        == "Đã xoá 3 mục nhật ký trước ngày 01/01/2020; chuỗi bắt đầu lại tại vị trí 4."
    )
    assert LogEntry.objects.count() == kept + 1  # and the pruning's own entry
    assert access_entries(audit.PRUNED).get().additional_data == {
        "kind": "pruned",
        "before": "2020-01-01",
        "deleted": 3,
    }
    assert verify() == f"Chuỗi nhật ký kiểm toán toàn vẹn: {kept + 1} mục."


def test_prune_refuses_a_broken_chain():
    units = _some_entries(2)
    raw("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s", [entries_of(units[0]).get().pk])

    with pytest.raises(CommandError, match="đang bị phá vỡ"):
        call_command("prune_audit", "--before", "2999-01-01", stdout=io.StringIO())


def test_prune_refuses_a_bad_date():
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("prune_audit", "--before", "31/12/2020", stdout=io.StringIO())


def _reseal_all():
    raw("DELETE FROM core_auditseal")
    previous = audit.GENESIS
    for position, entry in enumerate(LogEntry.objects.order_by("pk"), start=1):
        digest = audit.seal_hash(position, previous, audit.entry_content(entry))
        AuditSeal.objects.create(
            entry=entry, position=position, previous_hash=previous, hash=digest, key_id=audit.key_id()
        )
        previous = digest
    AuditChainHead.objects.filter(pk=1).update(position=position, last_hash=previous)


# --- PostgreSQL: append-only tables ----------------------------------------------------------------------

only_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="the triggers exist on PostgreSQL only")


@only_postgresql
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
@pytest.mark.parametrize("table", ["auditlog_logentry", "core_auditseal", "emulation_registrationhistory"])
def test_postgresql_refuses_changing_audit_and_history_rows(statement, table, cast, unit, plan_2018):
    from django.db import DatabaseError, transaction

    from emulation import services
    from emulation.enums import RegistrationState
    from emulation.models import Title

    with time_machine.travel(dt.datetime(2018, 1, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        registration = services.registration_save(
            campaign=plan_2018,
            unit=unit,
            by=cast["secretary"],
            version=None,
            collective_title=Title.objects.get(code="TTLDTT"),
            collective_reward=None,
            commitment="",
            lines=[],
        )
        services.registration_transition(
            registration=registration, to_state=RegistrationState.SUBMITTED, by=cast["secretary"], comment=""
        )
    with (
        pytest.raises(DatabaseError, match="chỉ được ghi thêm"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=table))


@only_postgresql
def test_postgresql_triggers_guard_every_history_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'thidua_append_only'")
        tables = sorted(row[0] for row in cursor.fetchall())

    assert tables == [
        "auditlog_logentry",
        "awards_dossierhistory",
        "core_auditseal",
        "emulation_registrationhistory",
        "initiatives_initiativehistory",
    ]


def test_conditional_update_of_a_transition_leaves_an_entry(cast, unit, plan_2018):
    from emulation import services
    from emulation.enums import RegistrationState
    from emulation.models import Title

    secretary = cast["secretary"]
    with time_machine.travel(dt.datetime(2018, 1, 10, 2, 0, tzinfo=dt.UTC), tick=False), set_actor(secretary):
        registration = services.registration_save(
            campaign=plan_2018,
            unit=unit,
            by=secretary,
            version=None,
            collective_title=Title.objects.get(code="TTLDTT"),
            collective_reward=None,
            commitment="",
            lines=[],
        )
        services.registration_transition(
            registration=registration, to_state=RegistrationState.SUBMITTED, by=secretary, comment=""
        )

    updates = [e.changes_dict for e in entries_of(registration).filter(action=LogEntry.Action.UPDATE)]
    assert [u["state"] for u in updates if "state" in u] == [["draft", "submitted"]]
    assert all(e.actor == secretary for e in entries_of(registration))


def test_a_forged_forwarded_address_is_not_recorded(client, cast):
    client.post(
        reverse("login"),
        {"username": "thuky", "password": "sai"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )

    assert access_entries(audit.LOGIN_FAILED).get().remote_addr == "203.0.113.9"


def test_a_long_ipv6_address_does_not_break_the_chain():
    # PostgreSQL stores it as inet and reads it back as 2001:db8::1.
    with set_actor(None, remote_addr="2001:db8:0:0:0:0:0:1"):
        UnitFactory(code="V6", name="Phòng sáu")

    assert verify() == f"Chuỗi nhật ký kiểm toán toàn vẹn: {LogEntry.objects.count()} mục."


def test_a_rotated_key_keeps_the_older_seals_verifiable(settings):
    _some_entries(2)
    old_key = settings.AUDIT_KEY
    settings.AUDIT_KEY = "the-new-audit-key-of-at-least-32-chars"
    settings.AUDIT_PREVIOUS_KEYS = [old_key]
    UnitFactory(code="R1", name="Phòng sau khi đổi khoá")
    count = LogEntry.objects.count()

    assert verify() == f"Chuỗi nhật ký kiểm toán toàn vẹn: {count} mục."
    assert AuditSeal.objects.order_by().values("key_id").distinct().count() == 2

    settings.AUDIT_PREVIOUS_KEYS = []
    message = verify_error()
    first = AuditSeal.objects.order_by("position").first()
    assert f"mục nhật ký số {first.entry_id}, vị trí 1 trong chuỗi" in message
    assert "được niêm phong bằng một khoá chưa được cấu hình" in message
