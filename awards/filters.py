"""The awards lists' filters (django-filter): the dossier list, a council session's nominees, a decision's
awardees. Each list pages (core.paging) after filtering, so a province-wide campaign stays one small page."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import DossierState
from awards.models import Dossier, Nominee
from core.forms import EMPTY_CHOICE
from emulation.models import Title

RESULTS = (("passed", _("passed")), ("not_passed", _("not passed")))


class _SmallFilterSet(django_filters.FilterSet):
    """Bootstrap's small controls on every field, as the initiative list's filters."""

    def __init__(self, data=None, *, queryset):
        super().__init__(data, queryset=queryset)
        for field in self.form.fields.values():
            kind = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{kind} {kind}-sm"


def _unit_matches(queryset, name, value, *, prefix=""):
    """Part of the unit's name or code, case ignored."""
    return queryset.filter(
        Q(**{f"{prefix}unit__name__icontains": value}) | Q(**{f"{prefix}unit__code__icontains": value})
    )


class DossierFilter(_SmallFilterSet):
    unit = django_filters.CharFilter(label=_("Unit"), method="filter_unit")
    year = django_filters.NumberFilter(field_name="campaign__year", label=_("Year"))
    state = django_filters.ChoiceFilter(
        choices=DossierState.choices, label=_("State"), empty_label=EMPTY_CHOICE
    )
    title = django_filters.ModelChoiceFilter(
        queryset=Title.objects.all(), label=_("Title"), empty_label=EMPTY_CHOICE, method="filter_title"
    )

    class Meta:
        model = Dossier
        fields = ["unit", "year", "state", "title"]

    def filter_unit(self, queryset, name, value):
        return _unit_matches(queryset, name, value)

    def filter_title(self, queryset, name, value):
        # Exists, not a join: a dossier proposing the title for many people is listed once.
        return queryset.filter(Exists(Nominee.objects.filter(dossier=OuterRef("pk"), title=value)))


class NomineeFilter(_SmallFilterSet):
    """A session's nominees or a decision's awardees: by title, unit and the council's result (once
    counted)."""

    title = django_filters.ModelChoiceFilter(
        queryset=Title.objects.all(), label=_("Title"), empty_label=EMPTY_CHOICE
    )
    unit = django_filters.CharFilter(label=_("Unit"), method="filter_unit")
    result = django_filters.ChoiceFilter(
        choices=RESULTS, label=_("Result"), empty_label=EMPTY_CHOICE, method="filter_result"
    )

    class Meta:
        model = Nominee
        fields = ["title", "unit", "result"]

    def filter_unit(self, queryset, name, value):
        return _unit_matches(queryset, name, value, prefix="dossier__")

    def filter_result(self, queryset, name, value):
        return queryset.filter(council_passed=value == "passed")
