import rules

from departments.rules import (
    is_administrator,
    is_director,
    is_secretary,
    is_secretary_of_unit,
    is_standing_office,
)

rules.add_perm("emulation.copy_campaign", is_standing_office | is_administrator)
rules.add_perm("emulation.change_campaign", is_standing_office | is_administrator)


@rules.predicate
def is_secretary_of_registration_unit(user, registration):
    return registration is not None and is_secretary_of_unit(user, registration.unit)


rules.add_perm("emulation.submit_registration", is_secretary_of_registration_unit)
rules.add_perm("emulation.review_registration", is_standing_office)
rules.add_perm("emulation.view_registration_overview", is_standing_office | is_director | is_administrator)
# Who has registration sheets at all (a council member has none: 403 before any lookup, not 404).
rules.add_perm(
    "emulation.open_registration_sheets", is_secretary | is_standing_office | is_director | is_administrator
)
rules.add_perm("emulation.manage_extensions", is_standing_office)
rules.add_perm("emulation.record_report_sent", is_standing_office)
rules.add_perm("emulation.edit_registration", is_secretary_of_unit)  # object: the unit
rules.add_perm(
    "emulation.view_registration",
    is_secretary_of_registration_unit | is_standing_office | is_director | is_administrator,
)
# Blocs and their ranking, the province's reward criteria: the standing office keeps them (issue 11).
rules.add_perm("emulation.manage_blocs", is_standing_office)
rules.add_perm("emulation.manage_criteria", is_standing_office)
# The texts of the papers (the articles of a decision, the tờ trình's sentences): the standing office, who
# drafts the papers, and the administrator (issue 10).
rules.add_perm("emulation.manage_paper_templates", is_standing_office | is_administrator)
