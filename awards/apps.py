from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The papers' editable texts join core.papers.templates.TEMPLATE_KINDS, for the editing page.
        from awards.papers import texts  # noqa: F401 (registers the kinds)
