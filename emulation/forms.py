from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.enums import DocumentProfile, Regime
from emulation.models import Campaign


class CampaignCopyForm(forms.Form):
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        required=False,
        help_text=_("Left empty: “Phong trào thi đua năm YYYY”."),
    )
    regime = forms.ChoiceField(
        label=_("Legal regime"),
        choices=[("", _("By the year (R2024 from 2024)")), *Regime.choices],
        required=False,
    )
    document_profile = forms.ChoiceField(
        label=_("Document format"),
        choices=[("", _("By the year (Decree 30/2020 from 2020)")), *DocumentProfile.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("copy", _("Create the campaign")))


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "plan_number",
            "plan_date",
            "theme",
            "slogan",
            "legal_basis",
            "regime",
            "document_profile",
            "governing_body",
            "department_name",
            "department_abbreviation",
            "place_name",
            "closed",
        ]
        widgets = {
            "plan_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "theme": forms.Textarea(attrs={"rows": 2}),
            "slogan": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
