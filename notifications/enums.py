from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.enums import DeadlineKind


class NotificationKind(models.TextChoices):
    REGISTRATION_RETURNED = "registration_returned", _("Registration sheet returned")
    REGISTRATION_ACCEPTED = "registration_accepted", _("Registration sheet accepted")
    DOSSIER_RETURNED = "dossier_returned", _("Dossier returned")
    DOSSIER_ACCEPTED = "dossier_accepted", _("Dossier accepted")
    BALLOT_OPENED = "ballot_opened", _("Council ballot opened")
    ROUND_OPENED = "round_opened", _("Initiatives to score")
    DECISION_ISSUED = "decision_issued", _("Decision issued")
    REMIND_REGISTRATION = "remind_registration", _("Reminder: registration sheet not sent")
    REMIND_NOMINATIONS = "remind_nominations", _("Reminder: nomination dossier not submitted")
    REMIND_INITIATIVES = "remind_initiatives", _("Reminder: initiative application not filed")


# The deadlines units are reminded of, with the kind of their reminder. The registration summary to Sở Nội
# vụ (DeadlineKind.REPORT_HOME_AFFAIRS) is the standing office's own work: no unit is reminded of it.
REMINDER_KINDS = {
    DeadlineKind.REGISTRATION: NotificationKind.REMIND_REGISTRATION,
    DeadlineKind.NOMINATIONS: NotificationKind.REMIND_NOMINATIONS,
    DeadlineKind.INITIATIVES: NotificationKind.REMIND_INITIATIVES,
}
