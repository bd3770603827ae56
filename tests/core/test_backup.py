"""Backup and restore (issue 13): a seeded year round-trips with every table's rows and every file's bytes;
a changed archive, other migrations or a non-empty database are refused with nothing written.

The restore needs an empty database: the test empties its own test database with `flush` inside the test's
transaction (rolled back afterwards, on SQLite and PostgreSQL alike), which leaves it as `migrate` does: the
content types and permissions (post_migrate) and the Department's names of the data migration."""

import gzip
import importlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from core.backup import DATABASE, DERIVED, MANIFEST
from departments.models import DepartmentPeriod, Unit
from initiatives.models import Initiative, InitiativeAttachment
from tests.factories import StaffFactory, UnitFactory, UserFactory

BY_NATURAL_KEY = ("contenttypes.ContentType", "auth.Permission")


def every_row() -> dict[str, list]:
    """Every row of every model (many-to-many tables too), serialised, ordered by primary key; content types
    and permissions, which `migrate` writes under its own ids, by natural key, and the rows of a many-to-many
    table by what they join (the dump carries a relation with its object, not its row's own id, which the
    database's sequence gives anew)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in DERIVED:
            continue  # not in the archive: recomputed when read
        if label in BY_NATURAL_KEY or model._meta.auto_created:
            objects = serializers.serialize(
                "python",
                model._base_manager.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
            rows[label] = sorted(json.dumps(o["fields"], sort_keys=True, default=str) for o in objects)
        else:
            objects = serializers.serialize(
                "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
            )
            rows[label] = [json.dumps(o, sort_keys=True, default=str) for o in objects]
    return rows


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def empty_database():
    """The test database as `migrate` leaves a new one."""
    # PostgreSQL refuses to TRUNCATE a table with foreign-key checks still deferred in this transaction.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # flush re-created them under new ids
    migration = importlib.import_module("departments.migrations.0008_data_organisation_over_time")
    with disable_auditlog():  # a migration's historical model is not audited
        DepartmentPeriod.objects.create(valid_from=migration.START, **migration.DEFAULT)


def restore(path):
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT).mkdir()
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def seeded_year(db, media, settings):
    """The demo: the 2018 plan, units, staff, their records, registrations, initiatives, rewards and
    decisions, the 2025 reorganisation; and two uploaded files, one of them an initiative's attachment."""
    settings.DEBUG = True
    call_command("seed_demo", year=2026, stdout=io.StringIO())
    settings.DEBUG = False
    initiative = Initiative.objects.order_by("pk").first()
    attachment = InitiativeAttachment(
        initiative=initiative,
        original_name="thuyet-minh.pdf",
        content_type="application/pdf",
        size=17,
        uploaded_by=UserFactory(),
    )
    attachment.file.save("a1b2c3.pdf", ContentFile(b"%PDF-1.4\n\x00\xff%%EOF"), save=True)
    (media / "dossiers" / "2026").mkdir(parents=True)
    (media / "dossiers" / "2026" / "to-trinh.pdf").write_bytes(bytes(range(256)) * 40)
    return media


def test_backup_restore_round_trips_every_table_and_file(seeded_year, tmp_path, settings):
    rows_before, files_before = every_row(), every_file(seeded_year)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    empty_database()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    output = restore(archive)

    assert every_row() == rows_before
    assert every_file(tmp_path / "new-media") == files_before
    assert sum(len(rows) for rows in rows_before.values()) > 1000
    assert output.startswith("Đã khôi phục ")
    call_command("verify_audit", stdout=io.StringIO())  # the restored trail's chain is whole
    # The sequences follow the loaded rows (PostgreSQL): a new row gets a fresh key.
    highest = Unit.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert UnitFactory(code="MOI").pk > highest


def test_backup_manifest_lists_versions_migrations_and_checksums(seeded_year, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    with tarfile.open(archive, "r:gz") as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile(MANIFEST))

    assert names == [DATABASE, *[f"media/{name}" for name in sorted(every_file(seeded_year))], MANIFEST]
    assert {"media/attachments/a1b2c3.pdf", "media/dossiers/2026/to-trinh.pdf"} < set(names)
    assert (manifest["format"], manifest["format_version"], manifest["version"]) == (
        "thidua-backup",
        1,
        "0.1.0",
    )
    assert manifest["database_vendor"] in ("sqlite", "postgresql")
    assert ["departments", "0008_data_organisation_over_time"] in manifest["migrations"]
    assert manifest["files"]["media/dossiers/2026/to-trinh.pdf"] == {
        "sha256": "e96760a87768717bcebcfd25ddc7d46b4dbc95a4b0014def080c08539f7d90d0",
        "size": 10240,
    }
    assert manifest["rows"]["departments.Unit"] == Unit.objects.count()


@pytest.fixture
def small_backup(db, media, tmp_path):
    """A backup of a few rows and one file, and the database emptied afterwards."""
    StaffFactory(unit=UnitFactory(code="VP"), code="VP-001")
    (media / "attachments").mkdir()
    (media / "attachments" / "x.pdf").write_bytes(b"%PDF-1.4 data")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    return archive


def members(archive: Path) -> list[tuple[str, bytes]]:
    with tarfile.open(archive, "r:gz") as opened:
        return [(m.name, opened.extractfile(m).read()) for m in opened.getmembers()]


def pack(archive: Path, contents: list[tuple[str, bytes]]) -> None:
    """Write `contents` as the backup writes its archive: a valid gzip (same header) and tar."""
    with (
        archive.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
        tarfile.open(fileobj=packed, mode="w") as out,
    ):
        for name, data in contents:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def rewrite(archive: Path, change) -> None:
    """Repack the archive after `change(name, data)` returned each member's bytes."""
    pack(archive, [(name, change(name, data)) for name, data in members(archive)])


def test_restore_records_nothing_new_in_the_audit_trail(db, media, tmp_path, settings):
    for code in ("VP", "TTRA", "TGPL"):
        UnitFactory(code=code)  # audited (core.audit): three entries and their seals
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    rows_before = every_row()
    empty_database()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    restore(archive)

    assert every_row() == rows_before  # the entries and seals as they were, none written by the loading
    assert len(rows_before["auditlog.LogEntry"]) == 3


def test_restore_into_non_empty_database_is_refused_with_nothing_written(
    small_backup, media, settings, tmp_path
):
    rows_before = every_row()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    # The tables named, each with its rows (the audit trail's count depends on what wrote them).
    message = str(refused.value)
    assert message.startswith("Cơ sở dữ liệu không trống, các bảng sau đã có dữ liệu: auditlog_logentry (")
    assert "departments_unit (1), departments_staff (1), departments_membership (1). " in message
    assert message.endswith("Chỉ khôi phục vào một cơ sở dữ liệu mới, vừa tạo và đã chạy migrate.")
    assert every_row() == rows_before
    assert not (tmp_path / "new-media").exists()


def test_restore_refuses_a_changed_byte_in_the_dump(small_backup, settings, tmp_path):
    rewrite(small_backup, lambda name, data: data.replace(b"VP-001", b"VP-002") if name == DATABASE else data)
    empty_database()
    rows_before = every_row()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    assert str(refused.value) == (
        "Tệp “database.json” trong bản sao lưu không khớp mã kiểm tra: bản sao lưu đã bị sửa hoặc bị hỏng. "
        "Không khôi phục gì."
    )
    assert every_row() == rows_before
    assert not (tmp_path / "new-media").exists()


def test_restore_refuses_a_changed_file(small_backup, settings, tmp_path):
    rewrite(small_backup, lambda name, data: data + b"!" if name.startswith("media/") else data)
    empty_database()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    assert "“media/attachments/x.pdf”" in str(refused.value)
    assert Unit.objects.count() == 0


@pytest.mark.parametrize("offset", [4, 9, 200, 400, -30, -5])
def test_restore_refuses_a_changed_byte_of_the_archive(small_backup, settings, tmp_path, offset):
    data = bytearray(small_backup.read_bytes())
    data[offset] ^= 0x01
    small_backup.write_bytes(bytes(data))
    empty_database()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    assert str(refused.value) in (
        "Tệp sao lưu bị hỏng hoặc không phải bản sao lưu của hệ thống này: không khôi phục gì.",
        "Tệp “database.json” trong bản sao lưu không khớp mã kiểm tra: bản sao lưu đã bị sửa hoặc bị hỏng. "
        "Không khôi phục gì.",
    )
    assert Unit.objects.count() == 0


def test_restore_refuses_other_migrations(small_backup, settings, tmp_path):
    def later_code(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].append(["departments", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    rewrite(small_backup, later_code)
    empty_database()

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    assert str(refused.value) == (
        "Bản sao lưu được tạo ở các migration khác với phiên bản này của hệ thống "
        "(departments.9999_from_the_future). Hãy khôi phục bằng đúng phiên bản đã tạo ra nó."
    )
    assert Unit.objects.count() == 0


def test_restore_refuses_an_archive_repacked_by_another_tool(small_backup, settings, tmp_path):
    contents = members(small_backup)
    with tarfile.open(small_backup, "w:gz") as out:
        for name, data in contents:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    empty_database()

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    assert str(refused.value) == (
        "Tệp sao lưu bị hỏng hoặc không phải bản sao lưu của hệ thống này: không khôi phục gì."
    )


def test_restore_refuses_a_path_outside_the_media_folder(small_backup, settings, tmp_path):
    pack(small_backup, [*members(small_backup), ("media/../../escaped.txt", b"x")])
    empty_database()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")

    with pytest.raises(CommandError) as refused:
        restore(small_backup)

    assert str(refused.value) == (
        "Tệp sao lưu bị hỏng hoặc không phải bản sao lưu của hệ thống này: không khôi phục gì."
    )
    assert not (tmp_path / "escaped.txt").exists()
    assert Unit.objects.count() == 0
