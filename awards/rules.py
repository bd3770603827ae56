import rules

from departments.rules import (
    is_administrator,
    is_council_member,
    is_director,
    is_secretary,
    is_secretary_of_unit,
    is_standing_office,
)

rules.add_perm("awards.record_reward", is_standing_office | is_administrator)
# Holds and discipline periods: the standing office records them; the unit's secretary sees its staff's.
rules.add_perm("awards.record_hold", is_standing_office)
rules.add_perm("awards.view_holds", is_standing_office | is_director | is_administrator | is_secretary)
rules.add_perm("awards.view_eligibility", is_standing_office | is_director | is_administrator)


@rules.predicate
def is_secretary_of_dossier_unit(user, dossier):
    return dossier is not None and is_secretary_of_unit(user, dossier.unit)


rules.add_perm("awards.edit_dossier_of_unit", is_secretary_of_unit)  # object: the unit
rules.add_perm("awards.edit_dossier", is_secretary_of_dossier_unit)
rules.add_perm("awards.review_dossier", is_standing_office)
rules.add_perm("awards.manage_sessions", is_standing_office)
rules.add_perm("awards.decide_nominee", is_director)
rules.add_perm("awards.issue_decision", is_director | is_standing_office)
rules.add_perm(
    "awards.view_dossier_list",
    is_secretary | is_standing_office | is_director | is_administrator | is_council_member,
)
rules.add_perm("awards.sign_decision", is_director)
