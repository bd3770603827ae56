from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from reports.enums import ACTIVE_EXPORT_STATES, ExportStage, ExportState


def export_storage():
    # A callable, so that the storage is the setting's (STORAGES["exports"]) when used, not when imported.
    return storages["exports"]


class ExportJob(TimeStampedModel):
    """A report of the registry (reports.registry.EXPORTERS) made in the background for one user. Its state,
    progress and heartbeat are rows here, its file is in the exports storage: any web process or worker
    reads and writes them. `file` is set only together with the state `done` (services.export_job_run)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exporter = models.CharField(_("report"), max_length=40)
    campaign = models.ForeignKey("emulation.Campaign", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "departments.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    fmt = models.CharField(_("format"), max_length=8)
    on_date = models.DateField(_("document date"), null=True, blank=True)
    # The parameters above in one string: the same key of the same owner is the same document.
    key = models.CharField(max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=ExportState, default=ExportState.QUEUED)
    stage = models.CharField(max_length=10, choices=ExportStage, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=export_storage, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            # Two identical requests at once (two tabs, two web processes) find one job, never two.
            models.UniqueConstraint(
                fields=["owner", "key"],
                condition=models.Q(state__in=ACTIVE_EXPORT_STATES),
                name="one_active_export_per_owner_and_key",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ExportState.DONE) | ~models.Q(file=""), name="done_export_has_file"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="export_created_idx")]  # the cleaning

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("reports:job-detail", args=[self.pk])
