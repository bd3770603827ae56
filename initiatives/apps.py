from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # The decision's editable text joins core.papers.templates.TEMPLATE_KINDS at startup.
        from initiatives import papers  # noqa: F401 (imported for its registration)
