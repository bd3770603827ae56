from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    DECISION = "decision", _("From a decision in the system")


class Verdict(models.TextChoices):
    PASS = "pass", _("Meets")
    FAIL = "fail", _("Does not meet")
    REVIEW = "review", _("Needs review")
