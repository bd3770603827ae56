"""The filters above a list: a django-filter FilterSet whose controls are small Bootstrap ones, so that the
form sits in one row above the table (templates print `filters.form` field by field)."""

import django_filters
from django import forms


class ListFilter(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            kind = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{kind} {kind}-sm"
