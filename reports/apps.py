from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The campaign's reports, from every app: asked for on one view, made by a background job (Celery)."""

    name = "reports"
    verbose_name = _("Reports")
