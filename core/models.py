"""Abstract model bases shared by every app."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    # A default rather than auto_now_add, so that rows loaded from fixtures (raw saves) get one too.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, null=True)

    class Meta:
        abstract = True


class StateHistory(models.Model):
    """A state change of a workflow: who, when, and the comment; the subclass adds its object and the
    states (with its own choices). Written by the workflow's one transition function, never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """An uploaded file kept under a random name (the subclass declares `file` with its folder); the
    user's own file name is only data. Served only through permission-checked views."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class AuditSeal(models.Model):
    """An audit entry's place in the hash chain (core/audit.py). The entry is referenced without a database
    constraint on purpose: an entry deleted behind the application's back leaves its seal, which then names
    it."""

    entry = models.OneToOneField(
        "auditlog.LogEntry", on_delete=models.DO_NOTHING, db_constraint=False, related_name="seal"
    )
    position = models.PositiveBigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Which key sealed it (core.audit.key_id): after a rotation, older seals verify with a previous key.
    key_id = models.CharField(max_length=16)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"#{self.position} {self.hash[:12]}"


class AuditChainHead(models.Model):
    """The one row writers lock to extend the chain: the last position and hash, and where the chain starts
    (position 1 after the genesis hash, later once the retention command pruned the oldest entries; the
    start carries its own keyed hash)."""

    position = models.PositiveBigIntegerField()
    last_hash = models.CharField(max_length=64)
    start_position = models.PositiveBigIntegerField()
    start_previous_hash = models.CharField(max_length=64)
    start_hash = models.CharField(max_length=64)

    def __str__(self):
        return f"#{self.position}"
