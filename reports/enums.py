from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# A job in these states is still to finish: a second identical request of the same user reuses it.
ACTIVE_EXPORT_STATES = (ExportState.QUEUED, ExportState.RUNNING)


class ExportStage(models.TextChoices):
    BUILDING = "building", _("Gathering the rows")
    WRITING = "writing", _("Writing the file")
    SAVING = "saving", _("Saving the file")
