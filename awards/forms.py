from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.enums import TitleSubject
from emulation.models import Title


class RewardRecordForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.ModelChoiceField(label=_("Title or form of reward"), queryset=Title.objects.none())
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    issued_by = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, collective: bool, **kwargs):
        super().__init__(*args, **kwargs)
        subjects = (TitleSubject.COLLECTIVE if collective else TitleSubject.INDIVIDUAL, TitleSubject.BOTH)
        self.fields["title"].queryset = Title.objects.filter(subject__in=subjects)
        self.helper = FormHelper()
        self.helper.add_input(Submit("add", _("Add to the history")))
