from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The certificates' editable texts join core.papers.templates.TEMPLATE_KINDS at startup, so that
        # the editing page and the checks see them.
        from awards import certificates  # noqa: F401 (imported for its registration)
