from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared machinery every app may use; it imports no app of the project."""

    name = "core"
    verbose_name = _("Shared")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from core import audit

        # Every model of every app is loaded by now: register them all with auditlog, and seal its entries.
        audit.register_project_models()
        user_logged_in.connect(audit.on_logged_in, dispatch_uid="core.audit.logged_in")
        user_login_failed.connect(audit.on_login_failed, dispatch_uid="core.audit.login_failed")
