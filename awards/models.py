from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import RecordSource
from departments.models import Staff, Unit
from emulation.models import Title


class RewardRecord(models.Model):
    """A title or reward a person or a unit received in a year: the reward history.

    Written by the Director's decisions once the system issues them, and entered by hand for the years
    before it (with the decision number). The three-years-in-a-row rule of CSTĐ cấp tỉnh reads it.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.ForeignKey(
        Title, verbose_name=_("title or form of reward"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rewards",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="rewards"
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=RecordSource.choices, default=RecordSource.MANUAL
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "title__display_order"]
        verbose_name = _("reward record")
        verbose_name_plural = _("reward history")
        constraints = [
            models.CheckConstraint(
                condition=(Q(staff__isnull=False) & Q(unit__isnull=True))
                | (Q(staff__isnull=True) & Q(unit__isnull=False)),
                name="rewardrecord_person_or_unit",
                violation_error_message=_("A record belongs to one person or to one unit."),
            ),
            models.UniqueConstraint(
                fields=["year", "title", "staff"],
                condition=Q(staff__isnull=False),
                name="rewardrecord_once_per_person",
                violation_error_message=_("This person already has this title for that year."),
            ),
            models.UniqueConstraint(
                fields=["year", "title", "unit"],
                condition=Q(unit__isnull=False),
                name="rewardrecord_once_per_unit",
                violation_error_message=_("This unit already has this title for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year} — {self.title} — {self.staff or self.unit}"
