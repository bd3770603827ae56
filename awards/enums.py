from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.enums import Authority


class RecordSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    DECISION = "decision", _("From a decision in the system")


class Verdict(models.TextChoices):
    PASS = "pass", _("Meets")
    FAIL = "fail", _("Does not meet")
    REVIEW = "review", _("Needs review")

    @property
    def colour(self) -> str:
        return {"pass": "success", "fail": "danger", "review": "warning"}[self.value]


class DossierKind(models.TextChoices):
    PHASE = "phase", _("End of a phase")
    AD_HOC = "ad_hoc", _("Ad-hoc reward (outstanding achievement)")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted by the standing office")
    AT_COUNCIL = "at_council", _("At the council")
    VOTED = "voted", _("Voted")
    DECIDED = "decided", _("Decided")

    @property
    def colour(self) -> str:
        return {
            "submitted": "primary",
            "returned": "warning",
            "withdrawn": "light",
            "accepted": "info",
            "at_council": "info",
            "voted": "info",
            "decided": "success",
        }.get(self.value, "secondary")


EDITABLE_DOSSIER_STATES = (DossierState.DRAFT, DossierState.RETURNED)


class DocumentKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission (tờ trình) with the list of nominees")
    MINUTES = "minutes", _("Minutes of the evaluation meeting (biên bản họp bình xét)")
    REPORT_COLLECTIVE = "report_01", _("Achievement report, form 01 (collective)")
    REPORT_INDIVIDUAL = "report_02", _("Achievement report, form 02 (individual)")
    REPORT_AD_HOC = "report_06", _("Achievement report, form 06 (ad-hoc)")
    REPORT_PHASE = "report_07", _("Achievement report, form 07 (phase or theme)")
    INITIATIVE_CERTIFICATE = "initiative", _("Certificate of a recognised initiative or research")


class Choice(models.TextChoices):
    YES = "yes", _("Agree")
    NO = "no", _("Disagree")
    BLANK = "blank", _("Blank")


class DirectorDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Decision (quyết định khen thưởng)")
    SUBMISSION = "submission", _("Submission to the higher level (tờ trình)")


class RewardKind(models.TextChoices):
    # NĐ 152/2025 Art 4 k3: ad-hoc and phase or thematic rewards are not the basis of higher merit rewards.
    ANNUAL = "annual", _("Annual")
    AD_HOC = "ad_hoc", _("Ad-hoc (đột xuất)")
    THEMATIC = "thematic", _("By phase or theme (theo đợt, chuyên đề)")


class EvidenceLevel(models.IntegerChoices):
    """The level of a title or reward for the one-initiative-one-reward rule (CV 5007/BNV-TĐKT): an
    initiative that served an emulation title may serve again only a title of a higher level
    (awards.selectors.evidence_blocking_use)."""

    BASE = 1, _("grassroots level")
    MINISTRY_OR_PROVINCE = 2, _("ministry or province level")
    NATIONAL = 3, _("national level")


# The level of a reward is the level of the body that grants it (tests check every authority has one).
EVIDENCE_LEVEL_OF_AUTHORITY = {
    Authority.DIRECTOR: EvidenceLevel.BASE,
    Authority.PROVINCE_CHAIRMAN: EvidenceLevel.MINISTRY_OR_PROVINCE,
    Authority.MINISTER: EvidenceLevel.MINISTRY_OR_PROVINCE,
}


class HoldKind(models.TextChoices):
    # NĐ 152/2025 Art 4 k4: no reward is considered or proposed while one of these is pending.
    DISCIPLINE_REVIEW = "discipline_review", _("Under discipline review")
    INSPECTION = "inspection", _("Under inspection, examination or investigation")
    COMPLAINT = "complaint", _("A complaint or denunciation is being verified")
    PRESS_REPORT = "press_report", _("Corruption or misconduct reported by the press is being verified")
