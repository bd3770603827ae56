import rules

from departments.rules import (
    is_administrator,
    is_director,
    is_initiative_council,
    is_secretary,
    is_secretary_of_unit,
    is_standing_office,
)


@rules.predicate
def is_secretary_of_initiative_unit(user, initiative):
    return initiative is not None and is_secretary_of_unit(user, initiative.unit)


rules.add_perm(
    "initiatives.view_initiative_list",
    is_standing_office | is_director | is_administrator | is_initiative_council | is_secretary,
)
rules.add_perm(
    "initiatives.file_initiative_for_unit", is_secretary_of_unit | is_standing_office
)  # object: the unit
rules.add_perm("initiatives.edit_initiative", is_secretary_of_initiative_unit | is_standing_office)
rules.add_perm("initiatives.review_initiative", is_standing_office)
rules.add_perm("initiatives.manage_rounds", is_standing_office)
rules.add_perm("initiatives.record_recognition", is_director | is_standing_office)
rules.add_perm("initiatives.record_research", is_standing_office)
# Secretaries see their own unit's research results (initiatives.selectors.research_visible_to).
rules.add_perm(
    "initiatives.view_research_list", is_standing_office | is_director | is_administrator | is_secretary
)
