"""The audit trail: every change of every domain model, every log-in, failed log-in, refusal and file served,
as django-auditlog entries, each sealed into one keyed hash chain that `verify_audit` walks.

Registration: `register_project_models()` (CoreConfig.ready) registers every model of the project's own apps
with auditlog, except EXCLUDED_MODELS. Django's and the packages' tables (sessions, content types, axes'
attempts, auditlog's own entries) are not the project's and are not registered.

The seal (core.models.AuditSeal): each new entry gets, in the transaction that writes it, the next position
in the chain and HMAC-SHA256(AUDIT_KEY, position | previous hash | the entry's content). The chain head
(core.models.AuditChainHead, one row) is locked with SELECT … FOR UPDATE while sealing, so two writers take
turns and cannot both extend the same hash: the chain is one line, in the order the seals were taken. The
key is outside the database (settings.AUDIT_KEY): someone who can write to the database can change, delete
or add an entry, but not compute the hash that would hide it.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from dataclasses import dataclass

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.utils.module_loading import import_string

# Sent by update_logged after its UPDATE, in the same transaction, with the model as sender and the `pks`
# updated: what a post_save would have told (the stored eligibility verdicts listen).
rows_updated = Signal()

# The project's own apps, whose every model is audited.
PROJECT_APPS = (
    "core",
    "departments",
    "emulation",
    "initiatives",
    "awards",
    "home",
    "reports",
    "notifications",
)

# Not audited, and why.
EXCLUDED_MODELS = {
    # The ballot secret: an entry per rewrite of the sealed tally would keep every version of it with who
    # wrote it and when, which is each member's ballot to anyone who also holds BALLOT_KEY (awards/secrecy.py,
    # "Audit"). Who voted is audited (awards.BallotReceipt); the totals are, on the nominees at the close.
    "awards.sealedtally": "ballot secret",
    # Derived data, recomputed from audited records whenever they change (awards.eligibility.stored): an
    # entry per stored verdict would write the province's 30,000 verdicts into the trail at each refresh.
    "awards.eligibilityset": "derived data",
    "awards.eligibilityverdict": "derived data",
    # The audit machinery itself: sealing a seal would never end.
    "core.auditseal": "audit machinery",
    "core.auditchainhead": "audit machinery",
}

# Fields never copied into an entry: the password hash is a secret, and the last log-in time changes on
# every log-in, which is recorded as a log-in entry of its own.
EXCLUDED_FIELDS = {"departments.user": ["password", "last_login"]}

# What kind of event an ACCESS entry is (LogEntry.additional_data["kind"]).
LOGIN, LOGIN_FAILED, REFUSED, DOWNLOAD = "login", "login_failed", "refused", "download"
PRUNED = "pruned"
ACCESS_KINDS = (LOGIN, LOGIN_FAILED, REFUSED, DOWNLOAD, PRUNED)

# The PostgreSQL setting the retention command turns on for its own transaction; the triggers of core
# migration 0002 let an UPDATE or DELETE of an audit or history row through only when it is on.
RETENTION_SETTING = "thidua.audit_retention"

# The hash the first entry of a chain follows.
GENESIS = "0" * 64


def register_project_models() -> None:
    for config in apps.get_app_configs():
        if config.name not in PROJECT_APPS:
            continue
        for model in config.get_models():
            label = model._meta.label_lower
            if label in EXCLUDED_MODELS or auditlog.contains(model):
                continue
            excluded = EXCLUDED_FIELDS.get(label, [])
            auditlog.register(
                model,
                # The model's own columns; auditlog would otherwise list every reverse relation too.
                include_fields=[f.name for f in model._meta.concrete_fields if f.name not in excluded],
                exclude_fields=excluded,
                # Django's own permission tables of the user are not roles here (the roles are fields).
                m2m_fields={
                    f.name for f in model._meta.many_to_many if f.name not in ("groups", "user_permissions")
                },
            )
    post_save.connect(seal_entry, sender=LogEntry, dispatch_uid="core.audit.seal_entry")


def update_logged(queryset, **values) -> int:
    """`queryset.update(**values)`, audited: a conditional UPDATE (an optimistic lock, a state transition)
    sends no save signal, so auditlog would not see it. The rows are locked and read first, updated, read
    again, and each changed one gets an UPDATE entry with its changes. Returns how many rows were updated;
    the condition keeps its meaning under concurrency (the lock waits, then reads the row as committed)."""
    from auditlog.diff import model_instance_diff

    model = queryset.model
    with transaction.atomic():
        before = {obj.pk: obj for obj in queryset.select_for_update()}
        count = queryset.filter(pk__in=before).update(**values) if before else 0
        if count and auditlog.contains(model):
            for obj in model._base_manager.filter(pk__in=before):
                changes = model_instance_diff(before[obj.pk], obj)
                if changes:
                    LogEntry.objects.log_create(obj, action=LogEntry.Action.UPDATE, changes=changes)
        if count:
            rows_updated.send(sender=model, pks=list(before))
    return count


# --- The seal ---------------------------------------------------------------------------------------------


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def key_id(key: bytes | None = None) -> str:
    """A name for a key that does not reveal it: which key sealed an entry (AuditSeal.key_id)."""
    return hmac.new(key or _key(), b"thidua-audit-key-id", hashlib.sha256).hexdigest()[:16]


def known_keys() -> dict[str, bytes]:
    """The current key and the previous ones kept to verify what they sealed (README, rotating the key)."""
    keys = [_key(), *(k.encode() for k in settings.AUDIT_PREVIOUS_KEYS)]
    return {key_id(k): k for k in keys}


def _utc(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _address(value) -> str | None:
    # PostgreSQL's inet gives an IPv6 address back in its shortest form, whatever form was written.
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return str(value)


def _model_key(content_type_id: int) -> str:
    """The entry's model as "app_label.model", not the content type's id: the ids differ between databases
    (a restore re-creates the content types), the names do not."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def entry_content(entry: LogEntry) -> str:
    """What the seal covers: every field of the entry, in a form that survives the database's round trip
    (JSON with sorted keys: PostgreSQL's jsonb keeps its own key order)."""
    fields = {
        "id": entry.pk,
        "content_type": _model_key(entry.content_type_id),
        "object_pk": str(entry.object_pk),
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "serialized_data": entry.serialized_data,
        "action": entry.action,
        "changes_text": entry.changes_text,
        "changes": entry.changes,
        "actor": entry.actor_id,
        "actor_email": entry.actor_email,
        "cid": entry.cid,
        "remote_addr": _address(entry.remote_addr),
        "remote_port": entry.remote_port,
        "timestamp": _utc(entry.timestamp),
        "additional_data": entry.additional_data,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def seal_hash(position: int, previous_hash: str, content: str, key: bytes | None = None) -> str:
    message = f"{position}|{previous_hash}|{content}".encode()
    return hmac.new(key or _key(), message, hashlib.sha256).hexdigest()


def anchor_hash(start_position: int, start_previous_hash: str, key: bytes | None = None) -> str:
    """The chain's start, keyed too: after a pruning the chain begins at a later position."""
    return hmac.new(
        key or _key(), f"start|{start_position}|{start_previous_hash}".encode(), hashlib.sha256
    ).hexdigest()


def locked_head():
    """The chain head, locked until the end of the transaction (created on first use, by whichever writer
    comes first: the insert ignores a conflict, then everyone locks the one row)."""
    from core.models import AuditChainHead

    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1, **_fresh_start())], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def _fresh_start() -> dict:
    return {
        "position": 0,
        "last_hash": GENESIS,
        "start_position": 1,
        "start_previous_hash": GENESIS,
        "start_hash": anchor_hash(1, GENESIS),
    }


def seal_entry(sender, instance, created, raw=False, **kwargs):
    """post_save of LogEntry: the new entry's seal, in the writer's transaction (an entry whose transaction
    rolls back takes its seal with it). An entry loaded by a restore (raw) comes with its own seal."""
    if not created or raw:
        return
    from core.models import AuditSeal

    # No savepoint: a seal that fails must take the entry (and the change) down with it.
    with transaction.atomic(savepoint=False):
        head = locked_head()
        position = head.position + 1
        digest = seal_hash(position, head.last_hash, entry_content(instance))
        AuditSeal.objects.create(
            entry_id=instance.pk,
            position=position,
            previous_hash=head.last_hash,
            hash=digest,
            key_id=key_id(),
        )
        head.position, head.last_hash = position, digest
        head.save(update_fields=["position", "last_hash"])


# --- Events that are not changes ----------------------------------------------------------------------------


def client_ip(request) -> str | None:
    # The same address the log-in throttle counts (AXES_CLIENT_IP_CALLABLE): behind the trusted proxies only,
    # never what the visitor wrote on the left of X-Forwarded-For.
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)


def record_access(kind: str, *, request=None, user=None, username: str = "", **details) -> LogEntry:
    """An ACCESS entry: who (`user`, or the `username` tried), what (`kind` and `details`), from where."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if request is not None:
        details.setdefault("path", request.path)
        details.setdefault("method", request.method)
    # One transaction for the entry and its seal (seal_entry), even when the caller has none.
    with transaction.atomic():
        return _access_entry(kind, request, user, username, details)


def _access_entry(kind, request, user, username, details) -> LogEntry:
    user_model = get_user_model()
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_pk=str(user.pk) if user else "",
        object_id=user.pk if user else None,
        object_repr=(user.get_username() if user else username)[:200],
        action=LogEntry.Action.ACCESS,
        actor=user,
        actor_email=getattr(user, "email", None) if user else None,
        remote_addr=client_ip(request) if request is not None else None,
        additional_data={"kind": kind, **details},
    )


def on_logged_in(sender, request, user, **kwargs):
    record_access(LOGIN, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[
        : get_user_model()._meta.get_field("username").max_length
    ]
    record_access(LOGIN_FAILED, request=request, username=username)


def _served_file_name(response) -> str | None:
    disposition = response.get("Content-Disposition", "")
    if not disposition:
        return None
    # The name as sent; the RFC 6266 filename* form is percent-encoded UTF-8.
    for part in disposition.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "filename*" and value.lower().startswith("utf-8''"):
            from urllib.parse import unquote

            return unquote(value[7:])
    for part in disposition.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "filename":
            return value.strip('"')
    return ""


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the request's user and address on every entry written during the request),
    with the visitor's address taken as the log-in throttle takes it, and two entries of its own: a refusal
    (any 403 answer) and a file served (any answer with a Content-Disposition: every report, paper and
    stored file, whichever view made it)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    def __call__(self, request):
        response = super().__call__(request)
        user = getattr(request, "user", None)
        if response.status_code == 403:
            record_access(REFUSED, request=request, user=user)
        elif response.status_code == 200:
            name = _served_file_name(response)
            if name is not None:
                record_access(DOWNLOAD, request=request, user=user, file=name)
        return response


# --- Verification ----------------------------------------------------------------------------------------


@dataclass
class Break:
    """The first place the chain does not hold: the entry (its id, when there is one) and what is wrong."""

    entry_id: int | None
    position: int | None
    reason: str


def verify_chain() -> tuple[int, Break | None]:
    """Walk the chain in order; return how many entries it holds and the first break (None: whole)."""
    from django.utils.translation import gettext as _

    from core.models import AuditChainHead, AuditSeal

    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        head = AuditChainHead(pk=1, **_fresh_start())
    keys = known_keys()
    start = (head.start_position, head.start_previous_hash)
    # The natural start needs no anchor (a chain said to start there must verify from its first entry); a
    # later start, left by prune_audit, must carry a keyed one.
    anchored = start == (1, GENESIS) or any(
        hmac.compare_digest(head.start_hash, anchor_hash(*start, key)) for key in keys.values()
    )
    if not anchored:
        return 0, Break(None, head.start_position, _("the start of the chain was changed"))

    seals = AuditSeal.objects.order_by("position").iterator(chunk_size=2000)
    entries = LogEntry.objects.in_bulk
    expected_position, previous, count = head.start_position, head.start_previous_hash, 0
    sealed_ids = set()
    batch = []

    def check(seal, entry):
        nonlocal expected_position, previous, count
        if seal.position != expected_position or seal.previous_hash != previous:
            if seal.position < expected_position:
                return Break(seal.entry_id, seal.position, _("an entry was inserted out of order"))
            return Break(seal.entry_id, seal.position, _("the entry before this one was deleted or replaced"))
        if entry is None:
            return Break(seal.entry_id, seal.position, _("this entry was deleted"))
        if seal.key_id not in keys:
            return Break(
                seal.entry_id, seal.position, _("this entry was sealed with a key that is not configured")
            )
        key = keys[seal.key_id]
        if not hmac.compare_digest(seal.hash, seal_hash(seal.position, previous, entry_content(entry), key)):
            return Break(seal.entry_id, seal.position, _("this entry or its seal was changed or forged"))
        expected_position, previous, count = seal.position + 1, seal.hash, count + 1
        return None

    def flush():
        found = entries([seal.entry_id for seal in batch])
        for seal in batch:
            broken = check(seal, found.get(seal.entry_id))
            if broken:
                return broken
            sealed_ids.add(seal.entry_id)
        batch.clear()
        return None

    for seal in seals:
        batch.append(seal)
        if len(batch) == 2000:
            broken = flush()
            if broken:
                return count, broken
    broken = flush()
    if broken:
        return count, broken
    if head.position != expected_position - 1 or head.last_hash != previous:
        return count, Break(None, expected_position, _("the last entries of the chain were deleted"))
    # An entry no seal names was added behind the chain's back (or its seal was deleted with it ignored).
    unsealed = LogEntry.objects.exclude(pk__in=AuditSeal.objects.values("entry_id")).order_by("pk").first()
    if unsealed is not None:
        return count, Break(unsealed.pk, None, _("this entry has no seal: it was inserted outside the chain"))
    return count, None
