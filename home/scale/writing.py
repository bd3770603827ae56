"""Writing many rows fast: COPY on PostgreSQL, bulk_create elsewhere."""

import datetime as dt
import io
import itertools
from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def insert(model: type[models.Model], rows: Iterable[models.Model | dict]) -> int:
    """Write rows in batches without holding them all at once; returns how many were written. A row is a
    model instance or a dict of field values by attname ("staff_id"), the other fields taking their
    defaults. On PostgreSQL through COPY (the rows need no primary key back); elsewhere bulk_create."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {f.attname: now if getattr(f, "auto_now", False) else f.get_default() for f in fields}
    with connection.cursor() as cursor:
        copy = getattr(cursor, "copy_expert", None) if connection.vendor == "postgresql" else None
        total = 0
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            if copy is None:
                model.objects.bulk_create(
                    [row if isinstance(row, models.Model) else model(**{**defaults, **row}) for row in batch],
                    batch_size=BATCH,
                )
            else:
                copy(_copy_statement(model, fields), _copy_text(batch, fields, defaults))
            total += len(batch)
    return total


def _copy_statement(model: type[models.Model], fields: list) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):  # a datetime too: isoformat keeps its offset
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _copy_text(batch: list, fields: list, defaults: dict) -> io.StringIO:
    """The batch in PostgreSQL's COPY text format. Fields auto_now take the time of the write, as
    bulk_create's pre_save would give them."""
    names = [f.attname for f in fields]
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False)]
    lines = []
    for row in batch:
        values = {name: getattr(row, name) for name in names} if isinstance(row, models.Model) else row
        values = {**defaults, **values, **{name: defaults[name] for name in stamped}}
        lines.append("\t".join(_copy_value(values[name]) for name in names))
    return io.StringIO("\n".join(lines) + "\n")
