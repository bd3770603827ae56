"""The filters above a list: a django-filter FilterSet whose controls are small Bootstrap ones, so that the
form sits in one row above the table (templates print `filters.form` field by field)."""

import django_filters
from django import forms


class ListFilter(django_filters.FilterSet):
    @property
    def form(self):
        # Styled when first built: after the subclass's __init__ has set its filters' querysets.
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():
                kind = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{kind} {kind}-sm"
        return self._form
