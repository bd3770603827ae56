"""The audit and history tables refuse UPDATE and DELETE on PostgreSQL, and the entries written before the
chain existed are sealed in their order.

The triggers let a change through only when the transaction turned on the setting `thidua.audit_retention`,
which only `manage.py prune_audit` does (README, "Audit trail"). They stop the application, the admin and a
careless SQL session; a database owner can drop them, and that is what the hash chain is for. SQLite has no
such triggers here: there the chain alone detects a change.
"""

from django.db import migrations

# (app label, model) of every table whose rows are never changed: auditlog's entries, their seals, and the
# workflows' own history rows (core.models.StateHistory).
PROTECTED = [
    ("auditlog", "LogEntry"),
    ("core", "AuditSeal"),
    ("emulation", "RegistrationHistory"),
    ("initiatives", "InitiativeHistory"),
    ("awards", "DossierHistory"),
]

FUNCTION = """
CREATE OR REPLACE FUNCTION thidua_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('thidua.audit_retention', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Bảng % chỉ được ghi thêm: không được sửa hay xoá dòng nhật ký (%).', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _tables(apps):
    return [apps.get_model(app, model)._meta.db_table for app, model in PROTECTED]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # the body holds %, not parameters
    for table in _tables(apps):
        schema_editor.execute(
            f'CREATE TRIGGER thidua_append_only BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION thidua_refuse_audit_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS thidua_append_only ON "{table}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS thidua_refuse_audit_change()")


def seal_existing_entries(apps, schema_editor):
    from core import audit

    LogEntry = apps.get_model("auditlog", "LogEntry")
    AuditSeal = apps.get_model("core", "AuditSeal")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    if AuditChainHead.objects.exists():  # migrated back and forth: the chain is there already
        return
    start = audit._fresh_start()
    previous, position = start["last_hash"], 0
    for entry in LogEntry.objects.order_by("pk").iterator():
        position += 1
        digest = audit.seal_hash(position, previous, audit.entry_content(entry))
        AuditSeal.objects.create(
            entry_id=entry.pk, position=position, previous_hash=previous, hash=digest, key_id=audit.key_id()
        )
        previous = digest
    AuditChainHead.objects.create(pk=1, **{**start, "position": position, "last_hash": previous})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_audit_seal"),
        ("auditlog", "0017_add_actor_email"),
        ("emulation", "0012_paper_template"),
        ("initiatives", "0004_researchresult_researchauthor_and_more"),
        ("awards", "0006_data_reward_kind"),
    ]

    operations = [
        migrations.RunPython(seal_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
