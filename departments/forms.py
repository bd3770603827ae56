from itertools import groupby
from operator import attrgetter

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, EMPTY_CHOICE, cell
from departments.enums import TaskGrade
from departments.models import Staff, StaffYear, UnitYear


class _CrispyForm:
    submit_label = _("Save")

    def _setup_helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", self.submit_label))


class StaffForm(_CrispyForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Staff
        fields = [
            "code",
            "full_name",
            "gender",
            "date_of_birth",
            "unit",
            "position",
            "is_leader",
            "employment_type",
            "recruited_on",
            "left_on",
        ]
        widgets = {"date_of_birth": DATE_INPUT, "recruited_on": DATE_INPUT, "left_on": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the units the user may manage; a secretary cannot move staff out of her unit.
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = units.first()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            # A person changes unit by a dated move (StaffMoveForm), never by editing the record.
            del self.fields["unit"]
        self._setup_helper()

    def staff_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class StaffMoveForm(_CrispyForm, forms.Form):
    submit_label = _("Move")

    unit = forms.ModelChoiceField(
        label=_("New unit"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )
    on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self._setup_helper()


class StaffYearForm(_CrispyForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StaffYear
        fields = [
            "year",
            "task_grade",
            "discipline",
            "months_served",
            "counted_leave_months",
            "counted_leave_note",
            "training_months",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        self.fields["counted_leave_months"].required = False
        self.fields["training_months"].required = False
        self._setup_helper()

    def clean_counted_leave_months(self):
        # Left empty, no leave counts.
        return self.cleaned_data["counted_leave_months"] or 0

    def clean_training_months(self):
        return self.cleaned_data["training_months"] or 0

    def year_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "year"}


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    include_left = forms.BooleanField(label=_("Include staff who have left"), required=False)


class YearLineForm(forms.ModelForm):
    """One person's line on the unit's yearly sheet; the sheet carries one per person, prefixed by its id."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StaffYear
        fields = [
            "task_grade",
            "discipline",
            "months_served",
            "counted_leave_months",
            "counted_leave_note",
            "training_months",
        ]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, prefix=f"s{staff.pk}", **kwargs)
        self.staff = staff
        self.fields["counted_leave_months"].required = False
        self.fields["training_months"].required = False
        self.fields["task_grade"].choices = [("", EMPTY_CHOICE), *TaskGrade.choices]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            # Each line's inputs say whose they are: a screen reader reads "Xếp loại — Nguyễn Văn An".
            field.widget.attrs.update(
                {"aria-label": f"{field.label} — {staff.full_name}", "class": "form-control form-control-sm"}
            )
        for name in ("task_grade", "discipline"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def cells(self):
        """(label, core.forms.Cell) of each input of the line: a page of the sheet draws hundreds."""
        return [(field.label, cell(field)) for field in self.visible_fields()]

    def clean_counted_leave_months(self):
        return self.cleaned_data["counted_leave_months"] or 0

    def clean_training_months(self):
        return self.cleaned_data["training_months"] or 0

    def clean_version(self):
        # The version read with the page; a record created since the page was read is refused as stale.
        return self.cleaned_data["version"] if self.instance.pk else None

    def year_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class UnitYearForm(forms.ModelForm):
    """The standing office's grade of the unit itself, on the unit's yearly sheet."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = UnitYear
        fields = ["task_grade", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        self.fields["task_grade"].widget.attrs["class"] = "form-select"
        self.fields["note"].widget.attrs["class"] = "form-control"


class YearSheetFileForm(forms.Form):
    file = forms.FileField(label=_("Excel file (XLSX)"))


class _StaffByUnit(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        people = self.queryset.select_related("unit").order_by(*Staff._meta.ordering)
        for _unit_id, group in groupby(people, key=attrgetter("unit_id")):
            group = list(group)
            yield (group[0].unit.name, [self.choice(person) for person in group])


class StaffChoiceField(forms.ModelChoiceField):
    """A staff picker for the whole Department: the names grouped by unit, each with its unit beside it, so
    two people of the same name are told apart and a unit's people are found together."""

    iterator = _StaffByUnit

    def label_from_instance(self, staff):
        return f"{staff.full_name} ({staff.unit.name})"


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (XLSX)"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
    dry_run = forms.BooleanField(
        label=_("Try first (dry run): check the file and show what would change, without saving"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
