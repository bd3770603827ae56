from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The campaign's reports, from every app, behind one download view and one command."""

    name = "reports"
    verbose_name = _("Reports")
