from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionField
from departments.forms import StaffChoiceField
from departments.models import Staff, Unit, User
from emulation.models import Campaign
from initiatives.enums import InitiativeState
from initiatives.models import EvaluationRound, Initiative, ResearchResult
from initiatives.services import AuthorInput

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    version = VersionField()

    class Meta:
        model = Initiative
        fields = [
            "unit",
            "title",
            "field",
            "kind",
            "first_applied_on",
            "description",
            "confidential_info",
            "conditions",
            "benefits",
            "benefits_by_others",
            "first_appliers",
            "investor",
        ]
        widgets = {
            "first_applied_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 5}),
            "confidential_info": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "benefits_by_others": forms.Textarea(attrs={"rows": 3}),
            "first_appliers": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
            self.fields["unit"].disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False

    def initiative_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "unit"}


class AuthorRow(forms.Form):
    """A row of a table of authors. The rows have no labels of their own: each input says which author
    it is for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suffix = (self.prefix or "").rsplit("-", 1)[-1]
        number = int(suffix) + 1 if suffix.isdigit() else 1
        for field in self.fields.values():
            kind = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{kind} {kind}-sm"
            field.widget.attrs["aria-label"] = _("%(field)s — author %(number)s") % {
                "field": field.label,
                "number": number,
            }


class AuthorForm(AuthorRow):
    staff = StaffChoiceField(
        label=_("Staff member"),
        queryset=Staff.objects.filter(left_on__isnull=True).select_related("unit"),
        required=False,
    )
    full_name = forms.CharField(label=_("Full name (outside the Department)"), max_length=120, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    qualification = forms.CharField(label=_("Qualification"), max_length=120, required=False)
    share = forms.DecimalField(
        label=_("Share (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("staff") and not data.get("full_name") and data.get("share") is None

    def clean(self):
        data = super().clean()
        if not self.is_blank() and data.get("share") is None:
            self.add_error("share", _("Enter the author's share."))
        return data


AuthorFormSet = forms.formset_factory(AuthorForm, extra=3, max_num=20)


def authors_from(formset) -> list[AuthorInput]:
    authors = []
    for form in formset.forms:
        if not form.cleaned_data or form.is_blank():
            continue
        data = form.cleaned_data
        authors.append(
            AuthorInput(
                staff=data.get("staff"),
                share=data["share"],
                full_name=data.get("full_name") or "",
                date_of_birth=data.get("date_of_birth"),
                workplace=data.get("workplace") or "",
                position=data.get("position") or "",
                qualification=data.get("qualification") or "",
            )
        )
    return authors


def author_initial(initiative: Initiative) -> list[dict]:
    return [
        {
            "staff": author.staff_id,
            "full_name": author.full_name,
            "date_of_birth": author.date_of_birth,
            "workplace": author.workplace,
            "position": author.position,
            "qualification": author.qualification,
            "share": author.share,
        }
        for author in initiative.authors.all()
    ]


class RoundForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Council members"),
        queryset=User.objects.filter(is_initiative_council=True, is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives to evaluate"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EvaluationRound
        fields = [
            "name",
            "weight_novelty",
            "weight_applicability",
            "weight_effect",
            "pass_numerator",
            "pass_denominator",
        ]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = Initiative.objects.filter(
            campaign=campaign, state=InitiativeState.SUBMITTED
        ).select_related("unit")
        self.helper = FormHelper()
        self.helper.add_input(Submit("open", _("Open the evaluation round")))


class ScoreForm(forms.Form):
    novelty = forms.IntegerField(label=_("Novelty (0–10)"), min_value=0, max_value=10)
    applicability = forms.IntegerField(label=_("Applicability (0–10)"), min_value=0, max_value=10)
    effect = forms.IntegerField(label=_("Effect (0–10)"), min_value=0, max_value=10)
    recognise = forms.TypedChoiceField(
        label=_("Your vote"),
        choices=[("yes", _("Recognise")), ("no", _("Do not recognise"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("score", _("Submit my scores and vote")))


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_INPUT)


class CouncilPersonForm(forms.Form):
    """The person a council login stands for: a staff member by code, or a person from outside by name.
    That it is exactly one of the two is the service's rule (council_member_link)."""

    staff_code = forms.CharField(label=_("Staff code"), max_length=20, required=False)
    outside_name = forms.CharField(
        label=_("Or the full name of a person from outside the Department"), max_length=120, required=False
    )

    def clean_staff_code(self) -> Staff | None:
        code = self.cleaned_data["staff_code"].strip().upper()
        if not code:
            return None
        staff = Staff.objects.filter(code=code).first()
        if staff is None:
            raise forms.ValidationError(_("No staff member has the code %(code)s.") % {"code": code})
        return staff

    def person(self) -> dict:
        return {"staff": self.cleaned_data["staff_code"], "outside_name": self.cleaned_data["outside_name"]}


class ResearchForm(forms.ModelForm):
    """A research result as the standing office records it; the authors come in ResearchAuthorFormSet."""

    version = VersionField()

    class Meta:
        model = ResearchResult
        fields = [
            "campaign",
            "unit",
            "title",
            "kind",
            "level",
            "acceptance_decision_number",
            "accepted_on",
            "applied",
            "application_note",
        ]
        widgets = {"accepted_on": DATE_INPUT, "application_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(closed=False).order_by("-year")
        self.fields["unit"].queryset = Unit.objects.filter(active=True)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        self.helper = FormHelper()
        self.helper.form_tag = False

    def research_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("campaign", "unit")
        }


class ResearchAuthorForm(AuthorRow):
    staff = StaffChoiceField(
        label=_("Staff member"),
        queryset=Staff.objects.filter(left_on__isnull=True).select_related("unit"),
        required=False,
    )
    share = forms.DecimalField(
        label=_("Share (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("staff") and data.get("share") is None:
            self.add_error("share", _("Enter the author's share."))
        return data


ResearchAuthorFormSet = forms.formset_factory(ResearchAuthorForm, extra=3, max_num=20)


def research_authors_from(formset) -> list[AuthorInput]:
    return [
        AuthorInput(staff=form.cleaned_data["staff"], share=form.cleaned_data["share"])
        for form in formset.forms
        if form.cleaned_data.get("staff")
    ]
