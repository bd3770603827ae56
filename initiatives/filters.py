"""The initiative list's filters (django-filter): year, unit, state, scope, field."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE
from departments.models import Unit
from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.models import Initiative


class InitiativeFilter(django_filters.FilterSet):
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
        for field in self.form.fields.values():
            kind = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{kind} {kind}-sm"
