"""Permissions: the one check views and services share, and why a superuser is not every role.

The workflow's permissions are the ones `rules` defines (*/rules.py), from the roles a user holds. Django
grants an active superuser every permission; for those it would make the system administrator a Director,
a council member and every unit's secretary at once. `RolePermissionsMixin` answers them from the rules
alone, so the administrator acts in a workflow only when given its role (and is then recorded by name, as
anyone is). Django's own model permissions (the admin site) keep Django's answer.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class RolePermissionsMixin:
    """For the user model, before Django's PermissionsMixin."""

    def has_perm(self, perm, obj=None):
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


def require_perm(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
