from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Each user's home (what waits for them, from every app) and the demo data of every app."""

    name = "home"
    verbose_name = _("Home")
