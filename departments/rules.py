"""Who may do what, as small (user, object) predicates. Visibility of objects is in selectors."""

import rules


@rules.predicate
def is_secretary(user):
    return user.is_authenticated and user.is_secretary and user.unit_id is not None


@rules.predicate
def is_standing_office(user):
    return user.is_authenticated and user.is_standing_office


@rules.predicate
def is_director(user):
    return user.is_authenticated and user.is_director


@rules.predicate
def is_council_member(user):
    return user.is_authenticated and user.is_council_member


@rules.predicate
def is_initiative_council(user):
    return user.is_authenticated and user.is_initiative_council


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.is_superuser


@rules.predicate
def is_secretary_of_unit(user, unit):
    return unit is not None and is_secretary(user) and user.unit_id == unit.pk


@rules.predicate
def is_secretary_of_staff(user, staff):
    return staff is not None and is_secretary(user) and user.unit_id == staff.unit_id


sees_all_units = is_standing_office | is_director | is_administrator

# Unlocking a log-in locked by the throttle (departments/throttle.py) is account care, not a workflow role.
rules.add_perm("departments.unlock_account", is_standing_office | is_administrator)
rules.add_perm("departments.view_unit_list", is_secretary | sees_all_units)
rules.add_perm("departments.view_unit", is_secretary_of_unit | sees_all_units)
rules.add_perm("departments.add_staff_to_unit", is_secretary_of_unit | is_standing_office | is_administrator)
rules.add_perm("departments.view_staff_record", is_secretary_of_staff | sees_all_units)
rules.add_perm(
    "departments.change_staff_record", is_secretary_of_staff | is_standing_office | is_administrator
)
# The unit's own yearly grade is the standing office's assessment, not the unit's (Luật 2022 Art 27, 28).
rules.add_perm("departments.grade_unit", is_standing_office)
# Moving a person to another unit (a dated membership) is the standing office's; secretaries only see it.
rules.add_perm("departments.move_staff", is_standing_office | is_administrator)
# Importing the staff list from a workbook creates, changes and moves anyone: the standing office's.
rules.add_perm("departments.import_staff", is_standing_office | is_administrator)
# The audit trail (core/audit_views.py): every change, log-in, refusal and download, by anyone.
rules.add_perm("core.view_audit_trail", is_standing_office | is_administrator)
