import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE, cell
from core.locking import VersionField
from departments.models import Unit
from emulation.enums import BlocKind, DeadlineKind, DocumentProfile, Regime, TitleCategory, TitleSubject
from emulation.models import Campaign, CampaignRules, Deadline, Phase, RewardCriteria, Title
from emulation.services import MAX_RANK, LineInput, MemberInput


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
        choices=[("", _("By the year (the regime in force on 31/12)")), *Regime.choices],
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


def titles_for(*, subjects: tuple, category: str):
    return Title.objects.filter(active=True, subject__in=subjects, category=category)


INDIVIDUAL = (TitleSubject.INDIVIDUAL, TitleSubject.BOTH)
COLLECTIVE = (TitleSubject.COLLECTIVE, TitleSubject.BOTH)


def _title_choice(label, titles: list, person, initial) -> forms.TypedChoiceField:
    """A person's drop-down of titles, from a list read once; labelled with the person's name for screen
    readers; the value is the Title itself."""
    by_pk = {str(title.pk): title for title in titles}
    field = forms.TypedChoiceField(
        label=label,
        choices=[("", EMPTY_CHOICE), *((str(t.pk), t.name) for t in titles)],
        coerce=by_pk.__getitem__,
        empty_value=None,
        required=False,
        initial=initial,
    )
    field.widget.attrs["aria-label"] = f"{label} — {person.full_name}"
    return field


PER_PERSON_FIELD = re.compile(r"^(?:title|reward|note)_(\d+)$")


class RegistrationSheetForm(forms.Form):
    """The unit's sheet: the unit's title, then one row per active staff member of `staff` (the whole unit,
    or one page of a big unit's sheet). `shown` carries the people the page showed, so that a save writes
    exactly those rows: the sheet refuses a line for anyone else, and a page whose people changed meanwhile.
    """

    collective_title = forms.ModelChoiceField(
        label=_("Collective title the unit registers for"), queryset=Title.objects.none(), required=False
    )
    collective_reward = forms.ModelChoiceField(
        label=_("Form of reward sought for the unit"), queryset=Title.objects.none(), required=False
    )
    commitment = forms.CharField(
        label=_("Commitment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the unit commits to achieve this year."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, staff, registration=None, disabled=False, **kwargs):
        self.staff = list(staff)
        initial = {"shown": " ".join(str(person.pk) for person in self.staff)}
        lines = {}
        if registration is not None:
            initial |= {
                "collective_title": registration.collective_title_id,
                "collective_reward": registration.collective_reward_id,
                "commitment": registration.commitment,
                "version": registration.version,
            }
            lines = {line.staff_id: line for line in registration.lines.filter(staff__in=self.staff)}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["collective_title"].queryset = titles_for(
            subjects=COLLECTIVE, category=TitleCategory.EMULATION_TITLE
        )
        self.fields["collective_reward"].queryset = titles_for(
            subjects=COLLECTIVE, category=TitleCategory.REWARD_FORM
        )
        # Each list is read once for the whole sheet, not once per person's drop-down.
        individual_titles = list(titles_for(subjects=INDIVIDUAL, category=TitleCategory.EMULATION_TITLE))
        individual_rewards = list(titles_for(subjects=INDIVIDUAL, category=TitleCategory.REWARD_FORM))
        for person in self.staff:
            line = lines.get(person.pk)
            self.fields[f"title_{person.pk}"] = _title_choice(
                _("Title"), individual_titles, person, line and line.title_id
            )
            self.fields[f"reward_{person.pk}"] = _title_choice(
                _("Form of reward"), individual_rewards, person, line and line.reward_id
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=_("Note"), max_length=255, required=False, initial=line.note if line else ""
            )
            self.fields[f"note_{person.pk}"].widget.attrs["aria-label"] = f"{_('Note')} — {person.full_name}"
        for name, form_field in self.fields.items():
            form_field.disabled = disabled
            kind = "form-select" if isinstance(form_field.widget, forms.Select) else "form-control"
            # The per-person fields sit in a table row: small controls.
            per_person = name.startswith(("title_", "reward_", "note_"))
            form_field.widget.attrs["class"] = f"{kind} {kind}-sm" if per_person else kind

    def clean(self):
        on_page = {str(person.pk) for person in self.staff}
        shown = self.cleaned_data.get("shown")
        if shown and set(shown.split()) != on_page:
            raise forms.ValidationError(
                _("The staff of this page changed since it was opened: nothing was saved. Reload the page."),
                code="rows_changed",
            )
        off_page = {
            match[1] for match in map(PER_PERSON_FIELD.match, self.data) if match and match[1] not in on_page
        }
        if off_page:
            raise forms.ValidationError(
                _("The sheet has lines for people who are not on this page: nothing was saved."),
                code="off_page",
            )
        return self.cleaned_data

    def rows(self):
        """(person, title, reward, note) per person, each a core.forms.Cell the template draws itself."""
        return [
            (person, *(cell(self[f"{name}_{person.pk}"]) for name in ("title", "reward", "note")))
            for person in self.staff
        ]

    def lines(self) -> list[LineInput]:
        data = self.cleaned_data
        return [
            LineInput(
                staff=person,
                title=data[f"title_{person.pk}"],
                reward=data[f"reward_{person.pk}"],
                note=data[f"note_{person.pk}"],
            )
            for person in self.staff
            if data[f"title_{person.pk}"] or data[f"reward_{person.pk}"]
        ]


class ExtensionForm(forms.Form):
    deadline = forms.ModelChoiceField(label=_("Deadline"), queryset=Deadline.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(active=True))
    due_at = forms.DateTimeField(
        label=_("New closing time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("The unit can act until this moment (local time)."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].queryset = campaign.deadlines.select_related("phase")
        self.helper = FormHelper()
        self.helper.add_input(Submit("grant", _("Grant the extension")))


class ReportSentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(label=_("Document number"), max_length=50, required=False)


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deadline"), choices=DeadlineKind.choices)
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.none(), required=False)
    before = forms.DateField(
        label=_("Before (the date the plan writes)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("“Before 15/01” closes at 00:00 of 15/01: the 14th is the last day."),
    )
    description = forms.CharField(
        label=_("As the plan says"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save the deadline")))


class CampaignRulesForm(forms.ModelForm):
    version = VersionField()
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    class Meta:
        model = CampaignRules
        fields = CampaignRules.PARAMETERS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def rules_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BlocForm(forms.Form):
    """A khối/cụm thi đua: its name and kind, then one line per unit: in the bloc or not, and its rank."""

    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=BlocKind.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, units, bloc=None, **kwargs):
        members = {m.unit_id: m for m in bloc.members.all()} if bloc else {}
        initial = {"name": bloc.name, "kind": bloc.kind, "note": bloc.note} if bloc else {}
        super().__init__(*args, initial=initial, **kwargs)
        self.units = list(units)
        for unit in self.units:
            member = members.get(unit.pk)
            self.fields[f"member_{unit.pk}"] = forms.BooleanField(
                label=_("In the bloc"), required=False, initial=member is not None
            )
            self.fields[f"rank_{unit.pk}"] = forms.IntegerField(
                label=_("Rank"),
                required=False,
                min_value=1,
                max_value=MAX_RANK,
                initial=member.rank if member else None,
            )
            for name in (f"member_{unit.pk}", f"rank_{unit.pk}"):
                self.fields[name].widget.attrs["aria-label"] = f"{self.fields[name].label} — {unit.name}"

    def rows(self):
        return [(unit, self[f"member_{unit.pk}"], self[f"rank_{unit.pk}"]) for unit in self.units]

    def members(self) -> list[MemberInput]:
        data = self.cleaned_data
        return [
            MemberInput(unit=unit, rank=data[f"rank_{unit.pk}"])
            for unit in self.units
            if data[f"member_{unit.pk}"]
        ]


class RewardCriteriaForm(forms.ModelForm):
    class Meta:
        model = RewardCriteria
        fields = [
            "title",
            "subject",
            "valid_from",
            "decision_number",
            "min_task_grade",
            "consecutive_years",
            "prior_reward_title",
            "text",
            "note",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 6}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Giấy khen, Bằng khen: the forms of reward whose criteria the province sets.
        self.fields["title"].queryset = Title.objects.filter(category=TitleCategory.REWARD_FORM)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def criteria_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PaperTemplateForm(forms.Form):
    """A new version of one kind of text; the title it is for when the kind has one text per title."""

    key = forms.ChoiceField(label=_("For the title"), required=False)
    valid_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, per_title: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if per_title:
            self.fields["key"].choices = [("", EMPTY_CHOICE), *Title.objects.values_list("code", "name")]
            self.fields["key"].required = True
        else:
            del self.fields["key"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save the new version")))
