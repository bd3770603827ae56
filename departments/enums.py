from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Unit emulation secretary")
    STANDING_OFFICE = "standing_office", _("Standing office of the emulation council")
    COUNCIL_MEMBER = "council_member", _("Emulation council member")
    INITIATIVE_COUNCIL = "initiative_council", _("Initiative council member")
    DIRECTOR = "director", _("Director")
    ADMINISTRATOR = "administrator", _("System administrator")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Department office")
    DIVISION = "division", _("Specialised division")
    AFFILIATE = "affiliate", _("Affiliated unit")


class UnitEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    RENAMED = "renamed", _("Renamed")
    MERGED = "merged", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVED = "dissolved", _("Dissolved")


# The events after which the units affected live on in their successors (their history is the successors').
LINEAGE_EVENTS = (UnitEventKind.MERGED, UnitEventKind.SPLIT)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EmploymentType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    CONTRACT_WORKER = "contract_worker", _("Contract worker")


class TaskGrade(models.TextChoices):
    # Best first: the order is used to compare grades ("HTTNV or better").
    EXCELLENT = "HTXSNV", _("Excellently completed tasks (HTXSNV)")
    GOOD = "HTTNV", _("Well completed tasks (HTTNV)")
    COMPLETED = "HTNV", _("Completed tasks (HTNV)")
    NOT_COMPLETED = "KHTNV", _("Did not complete tasks (KHTNV)")


class Discipline(models.TextChoices):
    # Lightest first: the order is used to compare levels ("khiển trách or heavier").
    NONE = "none", _("None")
    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    REMOVAL = "removal", _("Removal from post (cách chức)")
    DISMISSAL = "dismissal", _("Dismissal (buộc thôi việc)")


DISCIPLINE_ORDER = list(Discipline.values)
