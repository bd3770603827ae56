import rules

from departments.rules import is_administrator, is_director, is_standing_office

# The wording of the messages and the reminders' log: the standing office's (it runs the reminders).
rules.add_perm("notifications.edit_templates", is_standing_office)
rules.add_perm("notifications.view_reminders", is_standing_office | is_director | is_administrator)
