"""A whole installation in one file, and back: the database and the uploaded files (MEDIA_ROOT) in a tar.gz
archive with a manifest of checksums; restored only into an empty database at the same migrations.

The database is dumped with Django's own serialiser (JSON as dumpdata writes it, but with every microsecond;
natural keys for the references to content types and permissions), not with pg_dump or a copy of the SQLite
file: the same archive then restores on SQLite and on PostgreSQL alike (a demo on SQLite can move to a
PostgreSQL server), it needs no client program of the server's exact version, and loaddata checks every
reference as it loads. Content types and permissions are not dumped: `migrate` writes them in every
database, under its own ids, and the dump names them by natural key. Every other row keeps its primary key,
so generic references (audit and admin log entries) still point at the right object; PostgreSQL's sequences
are then reset past the loaded keys.
"""

import datetime as dt
import gzip
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"
# Written by `migrate` into every database (post_migrate), so never dumped; the dump refers to them by
# natural key.
# The stored eligibility verdicts are derived from the rest: a restored database recomputes them when read.
DERIVED = ("awards.EligibilitySet", "awards.EligibilityVerdict")
NOT_DUMPED = ("contenttypes.ContentType", "auth.Permission", *DERIVED)
# Rows a data migration writes into a new database (departments 0008_data_: the Department's names; core
# 0002_audit_triggers: the audit chain's head): a fresh database holds them, and the restore replaces them by
# the archive's.
WRITTEN_BY_MIGRATIONS = ("departments.DepartmentPeriod", "core.AuditChainHead")
_CHUNK = 1024 * 1024
# The gzip header the backup writes (no file name, time 0, best compression): the only bytes of the archive
# that neither gzip's CRC-32, the tar headers' checksums nor the manifest's SHA-256 sums cover, so they are
# compared as a whole.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


@dataclass(frozen=True)
class RestoreResult:
    rows: int
    files: int
    manifest: dict


def _project_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


def code_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    """Every migration of the code, as sorted [app, name] pairs."""
    return sorted([app, name] for app, name in MigrationLoader(connections[using]).graph.nodes)


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    """The code's migrations recorded as applied in the database."""
    known = {tuple(pair) for pair in code_migrations(using)}
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted([app, name] for app, name in applied if (app, name) in known)


def _models():
    """Every concrete model of the project, the many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _row_counts(using: str) -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.using(using).count()
        for model in _models()
        if model._meta.label not in NOT_DUMPED
    }


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    # Regular files only: a link could point anywhere on the server.
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (ECMA-262); a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _dump(path: Path, using: str) -> None:
    """Every row of every model but NOT_DUMPED, as Django's JSON with natural foreign keys, the models
    in dependency order, as dumpdata writes them (dumpdata itself would lose the microseconds)."""
    models = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )

    def rows():
        for model in models:
            if model._meta.label in NOT_DUMPED or model._meta.proxy or not model._meta.managed:
                continue
            yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()

    with path.open("w", encoding="utf-8") as stream:
        serializers.serialize(
            "json", rows(), stream=stream, use_natural_foreign_keys=True, cls=_ExactJSONEncoder
        )


def backup_write(output: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive of the database and MEDIA_ROOT to `output` (replaced only once complete). Returns
    the manifest: format, versions, date, database vendor, applied migrations, row counts per model, and
    each member's SHA-256 and size."""
    output = Path(output)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as work:
        dump = Path(work) / DATABASE
        # One snapshot for every table: a repeatable-read transaction on PostgreSQL (set before its first
        # query), a read transaction on SQLite.
        connection = connections[using]
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            _dump(dump, using)
            counts = _row_counts(using)
            migrations = applied_migrations(using)
        files = {DATABASE: {"sha256": _sha256_file(dump), "size": dump.stat().st_size}}
        partial = output.with_name(f".{output.name}.partial")
        with (
            partial.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
            tarfile.open(fileobj=packed, mode="w") as archive,
        ):
            archive.add(dump, arcname=DATABASE, recursive=False)
            for path in _media_files(media_root):
                # Read once: the bytes archived are the bytes checksummed, even if the file changes now.
                data = path.read_bytes()
                name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                _add_bytes(archive, name, data)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "version": _project_version(),
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "rows": counts,
                "files": files,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        partial.replace(output)
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# --- Restore ---------------------------------------------------------------------------------------------


def _damaged() -> ValidationError:
    return ValidationError(
        _("The backup file is damaged or is not a backup of this system: nothing was restored."),
        code="damaged",
    )


def _member_path(name: str) -> PurePosixPath:
    """The member's path if it is one a backup holds (the manifest, the dump, a file under media/)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "" in path.parts or "\\" in name:
        raise _damaged()
    if name in (MANIFEST, DATABASE) or (len(path.parts) > 1 and path.parts[0] == MEDIA):
        return path
    raise _damaged()


def _unpack_members(archive: tarfile.TarFile, into: Path, digests: dict) -> None:
    for member in archive:
        if not member.isfile() or member.name in digests:
            raise _damaged()
        path = _member_path(member.name)
        target = into.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source = archive.extractfile(member)
        with target.open("wb") as out:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        digests[member.name] = digest.hexdigest()


def _unpack(archive_path: Path, into: Path) -> tuple[dict, dict]:
    """Unpack the archive into `into`; returns the manifest and each member's SHA-256 as unpacked."""
    digests = {}
    try:
        with archive_path.open("rb") as raw:
            if raw.read(len(GZIP_HEADER)) != GZIP_HEADER:
                raise _damaged()
            raw.seek(0)
            with (
                gzip.GzipFile(fileobj=raw, mode="rb") as packed,
                tarfile.open(fileobj=packed, mode="r|") as archive,
            ):
                _unpack_members(archive, into, digests)
                # To the end of the stream, so that gzip checks its CRC-32 and length of everything unpacked.
                while packed.read(_CHUNK):
                    pass
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as error:
        raise _damaged() from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged()
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            _("The backup is in format %(found)s; this version of the system restores format %(expected)s.")
            % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION},
            code="format_version",
        )
    return manifest, digests


def _verify(manifest: dict, digests: dict) -> None:
    listed = manifest.get("files")
    if not isinstance(listed, dict) or DATABASE not in listed:
        raise _damaged()
    unpacked = {name for name in digests if name != MANIFEST}
    for name in sorted(unpacked | set(listed)):
        expected = listed.get(name, {}).get("sha256") if isinstance(listed.get(name), dict) else None
        if expected is None or digests.get(name) != expected:
            raise ValidationError(
                _(
                    "The file “%(name)s” in the backup does not match its checksum: the backup was changed "
                    "or damaged. Nothing was restored."
                )
                % {"name": name},
                code="checksum",
            )


def _differences(first: list, second: list) -> str:
    a, b = {tuple(x) for x in first}, {tuple(x) for x in second}
    shown = sorted(a ^ b)[:5]
    return ", ".join(f"{app}.{name}" for app, name in shown)


def _check_migrations(manifest: dict, using: str) -> None:
    code = code_migrations(using)
    archived = manifest.get("migrations")
    if not isinstance(archived, list) or sorted(map(list, archived)) != code:
        raise ValidationError(
            _(
                "The backup was made at other migrations than this version of the system (%(names)s). "
                "Restore it with the version of the system that made it."
            )
            % {"names": _differences(archived if isinstance(archived, list) else [], code)},
            code="migrations",
        )
    applied = applied_migrations(using)
    if applied != code:
        raise ValidationError(
            _("The database is not at this version's migrations (%(names)s): run “manage.py migrate” first.")
            % {"names": _differences(applied, code)},
            code="not_migrated",
        )


def tables_with_rows(using: str = DEFAULT_DB_ALIAS) -> list[tuple[str, int]]:
    """The tables that hold rows other than those `migrate` writes into every new database."""
    skipped = set(NOT_DUMPED) | set(WRITTEN_BY_MIGRATIONS)
    found = []
    for model in _models():
        if model._meta.label in skipped:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found.append((model._meta.db_table, count))
    return found


def _check_empty(using: str) -> None:
    found = tables_with_rows(using)
    if found:
        tables = ", ".join(f"{table} ({count})" for table, count in found[:10])
        more = len(found) - 10
        raise ValidationError(
            _(
                "The database is not empty: these tables have rows: %(tables)s%(more)s. Restore only into a "
                "new database, created and migrated for it."
            )
            % {"tables": tables, "more": _(" and %(count)s more") % {"count": more} if more > 0 else ""},
            code="not_empty",
        )


def _media_plan(unpacked: Path, media_root: Path) -> list[tuple[Path, Path]]:
    """(source, destination) of each file to put back; refused if a different file is already there."""
    plan = []
    source_root = unpacked / MEDIA
    for source in _media_files(source_root):
        destination = media_root / source.relative_to(source_root)
        if destination.exists() and (
            not destination.is_file() or _sha256_file(destination) != _sha256_file(source)
        ):
            raise ValidationError(
                _("The uploaded files folder already holds another “%(name)s”: restore into an empty folder.")
                % {"name": source.relative_to(source_root).as_posix()},
                code="media_not_empty",
            )
        plan.append((source, destination))
    return plan


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def backup_restore(archive_path: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Restore the archive written by backup_write into this (empty, migrated) database and MEDIA_ROOT.

    Refused with a ValidationError, nothing written, when the archive is damaged or a member does not match
    its checksum, when it was made at other migrations, when a table holds rows (named in the message) or a
    different file is in MEDIA_ROOT under the same name, or when the loaded rows differ from the manifest's
    counts. The rows are loaded in one transaction, then the files are copied; if copying fails the
    transaction is rolled back and the files copied so far are removed."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="thidua-restore-") as work:
        unpacked = Path(work)
        manifest, digests = _unpack(Path(archive_path), unpacked)
        _verify(manifest, digests)
        _check_migrations(manifest, using)
        _check_empty(using)
        plan = _media_plan(unpacked, media_root)
        written: list[Path] = []
        try:
            # The rows come back as they were: loading them is no change to record in the audit trail
            # (django-auditlog records raw saves too, unless told not to).
            with transaction.atomic(using=using), disable_auditlog():
                for label in WRITTEN_BY_MIGRATIONS:
                    apps.get_model(label)._base_manager.using(using).all().delete()
                call_command("loaddata", str(unpacked / DATABASE), database=using, verbosity=0)
                # The content types were re-created by migrate with ids of their own: what this process
                # cached of the old ones (id -> model) no longer holds.
                ContentType.objects.clear_cache()
                _reset_sequences(using)
                counts = _row_counts(using)
                expected = manifest.get("rows") if isinstance(manifest.get("rows"), dict) else {}
                if counts != expected:
                    tables = sorted(
                        set(counts) ^ set(expected) | {k for k in counts if counts[k] != expected.get(k)}
                    )
                    raise ValidationError(
                        _(
                            "The rows loaded differ from the backup's manifest (%(tables)s): nothing was "
                            "restored."
                        )
                        % {"tables": ", ".join(tables[:5])},
                        code="row_counts",
                    )
                for source, destination in plan:
                    if destination.exists():
                        continue
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, destination)
                    written.append(destination)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
    return RestoreResult(rows=sum(counts.values()), files=len(plan), manifest=manifest)
