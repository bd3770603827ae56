from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The papers' editable texts (decision, tờ trình, certificates, the council's minutes) join
        # core.papers.templates.TEMPLATE_KINDS at startup, so that the editing page and the checks see them.
        # Every change of an input of the eligibility rules marks the stored verdicts it touches stale.
        from awards.eligibility import stale
        from awards.papers import certificates, minutes, texts  # noqa: F401 (imported for their registrations)

        stale.connect()
