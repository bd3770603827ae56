"""The units list's search and filters (django-filter): code or name, state, kind."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilter
from core.forms import EMPTY_CHOICE
from departments.enums import UnitKind
from departments.models import Unit

UNIT_STATES = [("active", _("Active")), ("dissolved", _("Dissolved"))]


def search_units(queryset, _name, value):
    """Units whose code or name contains `value` (the search box of the unit lists)."""
    value = value.strip()
    return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset


class UnitFilter(ListFilter):
    q = django_filters.CharFilter(method=search_units, label=_("Code or name"))
    state = django_filters.ChoiceFilter(
        choices=UNIT_STATES, method="by_state", label=_("State"), empty_label=EMPTY_CHOICE
    )
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Kind"), empty_label=EMPTY_CHOICE)

    class Meta:
        model = Unit
        fields = ["q", "state", "kind"]

    def by_state(self, queryset, _name, value):
        return queryset.filter(active=value == "active")
