"""The initiative list's filters (django-filter): year, unit, state, scope, field."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilter
from core.forms import EMPTY_CHOICE
from departments.models import Unit
from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.models import Initiative


class InitiativeFilter(ListFilter):
    year = django_filters.NumberFilter(field_name="campaign__year", label=_("Year"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.none(), label=_("Unit"), empty_label=EMPTY_CHOICE
    )
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

    def __init__(self, data=None, *, queryset, units):
        super().__init__(data, queryset=queryset)
        self.filters["unit"].queryset = units


class RoundInitiativeFilter(ListFilter):
    """The initiatives of an evaluation round: title, unit, state."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Initiative"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.none(), label=_("Unit"), empty_label=EMPTY_CHOICE
    )
    state = django_filters.ChoiceFilter(
        choices=InitiativeState.choices, label=_("State"), empty_label=EMPTY_CHOICE
    )

    class Meta:
        model = Initiative
        fields = ["q", "unit", "state"]

    def __init__(self, data=None, *, queryset):
        super().__init__(data, queryset=queryset)
        # The units that have an initiative in the round, not the whole province.
        self.filters["unit"].queryset = Unit.objects.filter(pk__in=queryset.values("unit"))
