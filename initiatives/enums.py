from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    # Thông tư 18/2013/TT-BKHCN Art 3: the four kinds of solution.
    TECHNICAL = "technical", _("Technical solution")
    MANAGEMENT = "management", _("Management solution")
    OPERATIONAL = "operational", _("Operational solution")
    TECH_APPLICATION = "tech_application", _("Application of technical progress")


class InitiativeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")

    @property
    def colour(self) -> str:
        return {
            "submitted": "primary",
            "returned": "warning",
            "under_evaluation": "info",
            "recognised": "success",
            "not_recognised": "danger",
        }.get(self.value, "secondary")


EDITABLE_INITIATIVE_STATES = (InitiativeState.DRAFT, InitiativeState.RETURNED)


class InitiativeScope(models.TextChoices):
    BASE = "base", _("Grassroots level")
    PROVINCIAL = "provincial", _("Provincial level")


class ResearchKind(models.TextChoices):
    # Law 2022 Art 22-23, NĐ 91/2017 Art 9: a research topic or scheme accepted (and applied) counts for the
    # Chiến sĩ thi đua titles like a recognised initiative.
    TOPIC = "topic", _("Research topic (đề tài)")
    SCHEME = "scheme", _("Scheme (đề án)")


class ResearchLevel(models.TextChoices):
    BASE = "base", _("Grassroots level")
    PROVINCIAL = "provincial", _("Provincial level")
    MINISTERIAL = "ministerial", _("Ministerial level")
