from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The council's editable paper texts join core.papers.templates.TEMPLATE_KINDS at startup.
        import awards.minutes  # noqa: F401 -- imported for its TEMPLATE_KINDS entries
