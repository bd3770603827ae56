import rules

from departments.rules import is_administrator, is_standing_office

rules.add_perm("emulation.copy_campaign", is_standing_office | is_administrator)
rules.add_perm("emulation.change_campaign", is_standing_office | is_administrator)
