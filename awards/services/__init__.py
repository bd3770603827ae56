"""Writes of the awards app, one module per workflow; everything public is importable from here."""

from awards.services.council import (
    ballot_cast,
    session_attendance,
    session_close,
    session_minutes_record,
    session_open,
    vote_passes,
)
from awards.services.decisions import (
    decision_issue,
    exemplary_council_agrees,
    exemplary_propose,
    exemplary_select,
    nominee_decide,
    nominee_reconsider,
    nominee_record_higher_result,
)
from awards.services.dossiers import (
    DOSSIER_WORKFLOW,
    document_attach,
    document_remove,
    dossier_save,
    dossier_transition,
    nominee_add,
    nominee_override,
    nominee_remove,
)
from awards.services.holds import discipline_period_add, hold_add, hold_lift
from awards.services.rewards import reward_record_add

__all__ = [
    "DOSSIER_WORKFLOW",
    "ballot_cast",
    "decision_issue",
    "discipline_period_add",
    "document_attach",
    "document_remove",
    "dossier_save",
    "dossier_transition",
    "exemplary_council_agrees",
    "exemplary_propose",
    "exemplary_select",
    "hold_add",
    "hold_lift",
    "nominee_add",
    "nominee_decide",
    "nominee_reconsider",
    "nominee_override",
    "nominee_record_higher_result",
    "nominee_remove",
    "reward_record_add",
    "session_attendance",
    "session_close",
    "session_minutes_record",
    "session_open",
    "vote_passes",
]
