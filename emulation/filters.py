"""The registration overview's search and filters (django-filter): unit, state of its sheet, bloc."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilter
from core.forms import EMPTY_CHOICE
from departments.filters import search_units
from departments.models import Unit
from emulation.enums import RegistrationState
from emulation.models import BlocMember, EmulationBloc, Registration

NOT_STARTED = "not_started"


class RegistrationOverviewFilter(ListFilter):
    q = django_filters.CharFilter(method=search_units, label=_("Unit (code or name)"))
    state = django_filters.ChoiceFilter(
        choices=[(NOT_STARTED, _("Not started")), *RegistrationState.choices],
        method="by_state",
        label=_("State"),
        empty_label=EMPTY_CHOICE,
    )
    bloc = django_filters.ModelChoiceFilter(
        queryset=EmulationBloc.objects.none(), method="by_bloc", label=_("Bloc"), empty_label=EMPTY_CHOICE
    )

    class Meta:
        model = Unit
        fields = ["q", "state", "bloc"]

    def __init__(self, data=None, *, campaign):
        super().__init__(data, queryset=Unit.objects.all())
        self.campaign = campaign
        self.filters["bloc"].queryset = campaign.blocs.all()

    def by_state(self, queryset, _name, value):
        sheet = Registration.objects.filter(campaign=self.campaign, unit=OuterRef("pk"))
        if value == NOT_STARTED:
            return queryset.filter(~Exists(sheet))
        return queryset.filter(Exists(sheet.filter(state=value)))

    def by_bloc(self, queryset, _name, value):
        return queryset.filter(Exists(BlocMember.objects.filter(bloc=value, unit=OuterRef("pk"))))
