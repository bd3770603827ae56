"""The audit trail's pages: the standing office and the administrator browse the entries (by date, kind,
user, object) and export them. Permission `core.view_audit_trail` (departments/rules.py)."""

import datetime as dt
import io

from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.documents import cell_write
from core.paging import page_of
from core.permissions import require_perm

Action = LogEntry.Action
KINDS = {
    "create": gettext_lazy("Record created"),
    "update": gettext_lazy("Record changed"),
    "delete": gettext_lazy("Record deleted"),
    audit.LOGIN: gettext_lazy("Logged in"),
    audit.LOGIN_FAILED: gettext_lazy("Failed log-in"),
    audit.REFUSED: gettext_lazy("Refused"),
    audit.DOWNLOAD: gettext_lazy("Downloaded"),
    audit.PRUNED: gettext_lazy("Old entries removed"),
}
_ACTIONS = {"create": Action.CREATE, "update": Action.UPDATE, "delete": Action.DELETE}
PAGE_SIZE = 50


def _object_types():
    types = ContentType.objects.filter(app_label__in=audit.PROJECT_APPS).order_by("app_label", "model")
    return [
        (t.pk, f"{t.app_label} · {t.model_class()._meta.verbose_name if t.model_class() else t.model}")
        for t in types
    ]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("Date from"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    date_to = forms.DateField(
        label=gettext_lazy("Date to"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    user = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)
    object_type = forms.TypedChoiceField(
        label=gettext_lazy("Object type"), required=False, coerce=int, empty_value=None
    )
    object_id = forms.IntegerField(label=gettext_lazy("Object id"), required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + [(k, str(v)) for k, v in KINDS.items()]
        self.fields["object_type"].choices = [("", _("All"))] + _object_types()


def entries_filtered(data) -> tuple[AuditFilterForm, object]:
    """The entries the query asks for, newest first (none when the query is not valid: a mistyped filter
    must not export the whole trail)."""
    form = AuditFilterForm(data)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if not form.is_valid():
        return form, entries.none()
    f = form.cleaned_data
    zone = timezone.get_current_timezone()
    if f["date_from"]:
        entries = entries.filter(timestamp__gte=dt.datetime.combine(f["date_from"], dt.time.min, tzinfo=zone))
    if f["date_to"]:
        day_after = f["date_to"] + dt.timedelta(days=1)
        entries = entries.filter(timestamp__lt=dt.datetime.combine(day_after, dt.time.min, tzinfo=zone))
    if f["kind"] in _ACTIONS:
        entries = entries.filter(action=_ACTIONS[f["kind"]])
    elif f["kind"]:
        entries = entries.filter(action=Action.ACCESS, additional_data__kind=f["kind"])
    if f["user"]:
        user_model = get_user_model()
        entries = entries.filter(actor__in=user_model.objects.filter(username=f["user"]))
    if f["object_type"]:
        entries = entries.filter(content_type_id=f["object_type"])
    if f["object_id"] is not None:
        entries = entries.filter(object_id=f["object_id"])
    return form, entries


def kind_of(entry) -> str:
    if entry.action == Action.ACCESS:
        return str(KINDS.get((entry.additional_data or {}).get("kind"), _("Access")))
    return str(KINDS[{v: k for k, v in _ACTIONS.items()}[entry.action]])


def details_of(entry) -> list[str]:
    """What the entry says, as lines of plain text: the fields changed (old → new), or the access details."""
    if entry.action == Action.ACCESS:
        data = dict(entry.additional_data or {})
        data.pop("kind", None)
        return [f"{key}: {value}" for key, value in sorted(data.items())]
    changes = entry.changes_dict or {}
    lines = []
    for field, values in sorted(changes.items()):
        if isinstance(values, list) and len(values) == 2:
            lines.append(f"{field}: {values[0]} → {values[1]}")
        else:
            lines.append(f"{field}: {values}")
    return lines


def _rows(entries):
    for entry in entries:
        yield {
            "entry": entry,
            "kind": kind_of(entry),
            "details": details_of(entry),
            "who": entry.actor.get_username() if entry.actor else "",
        }


@login_required
def entry_list(request):
    require_perm(request.user, "core.view_audit_trail")
    form, entries = entries_filtered(request.GET)
    paged = page_of(request, entries, PAGE_SIZE)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": paged.page, "paged": paged, "rows": list(_rows(paged.page.object_list))},
    )


def entries_xlsx(entries) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Audit trail")[:31]
    headers = [
        _("No."),
        _("Time"),
        _("Kind"),
        _("User"),
        _("IP address"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Details"),
    ]
    for column, header in enumerate(headers, start=1):
        cell_write(sheet, 1, column, header)
    zone = timezone.get_current_timezone()
    for row, item in enumerate(_rows(entries.iterator(chunk_size=1000)), start=2):
        entry = item["entry"]
        values = [
            entry.pk,
            entry.timestamp.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S"),
            item["kind"],
            item["who"],
            entry.remote_addr or "",
            f"{entry.content_type.app_label}.{entry.content_type.model}",
            entry.object_pk,
            entry.object_repr,
            "\n".join(item["details"]),
        ]
        for column, value in enumerate(values, start=1):
            cell_write(sheet, row, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
def entry_export(request):
    require_perm(request.user, "core.view_audit_trail")
    _form, entries = entries_filtered(request.GET)
    response = HttpResponse(
        entries_xlsx(entries),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = content_disposition_header(True, f"nhat-ky-kiem-toan-{stamp}.xlsx")
    return response
