import rules

from departments.rules import is_administrator, is_director, is_standing_office

rules.add_perm("awards.record_reward", is_standing_office | is_administrator)
rules.add_perm("awards.view_eligibility", is_standing_office | is_director | is_administrator)
