"""The initiative list's filters (django-filter): year, unit, state, scope, field."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilter
from core.forms import EMPTY_CHOICE
from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.models import Initiative


def by_unit(queryset, value: str):
    """The initiatives of the units whose code or name contains `value`."""
    value = value.strip()
    return (
        queryset.filter(Q(unit__code__icontains=value) | Q(unit__name__icontains=value))
        if value
        else queryset
    )


class InitiativeFilter(ListFilter):
    year = django_filters.NumberFilter(field_name="campaign__year", label=_("Year"))
    # A search, not a drop-down: the province has a thousand units (a 1,009-option select per page).
    unit = django_filters.CharFilter(method="by_unit", label=_("Unit (code or name)"))
    state = django_filters.ChoiceFilter(
        choices=InitiativeState.choices, label=_("State"), empty_label=EMPTY_CHOICE
    )
    scope = django_filters.ChoiceFilter(
        choices=InitiativeScope.choices, label=_("Scope"), empty_label=EMPTY_CHOICE
    )
    field = django_filters.CharFilter(lookup_expr="icontains", label=_("Field"))

    class Meta:
        model = Initiative
        fields = ["year", "unit", "state", "scope", "field"]

    def by_unit(self, queryset, _name, value):
        return by_unit(queryset, value)


class RoundInitiativeFilter(ListFilter):
    """The initiatives of an evaluation round: title, unit, state."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Initiative"))
    unit = django_filters.CharFilter(method="by_unit", label=_("Unit (code or name)"))
    state = django_filters.ChoiceFilter(
        choices=InitiativeState.choices, label=_("State"), empty_label=EMPTY_CHOICE
    )

    class Meta:
        model = Initiative
        fields = ["q", "unit", "state"]

    def by_unit(self, queryset, _name, value):
        return by_unit(queryset, value)
