from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from awards.enums import Choice, DecisionKind, DocumentKind, DossierKind, DossierState, HoldKind, RewardKind
from awards.models import Dossier, Nominee
from core.forms import DATE_INPUT
from core.locking import VersionField
from departments.enums import Discipline
from departments.forms import StaffChoiceField
from departments.models import Staff, Unit, User
from emulation.enums import TitleCategory, TitleSubject
from emulation.models import Title
from initiatives.enums import InitiativeState
from initiatives.models import Initiative, ResearchResult


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
    kind = forms.ChoiceField(
        label=_("Kind of reward"), choices=RewardKind.choices, initial=RewardKind.ANNUAL, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, collective: bool, **kwargs):
        super().__init__(*args, **kwargs)
        subjects = (TitleSubject.COLLECTIVE if collective else TitleSubject.INDIVIDUAL, TitleSubject.BOTH)
        self.fields["title"].queryset = Title.objects.filter(subject__in=subjects)
        self.helper = FormHelper()
        self.helper.add_input(Submit("add", _("Add to the history")))

    def clean_kind(self):
        return self.cleaned_data["kind"] or RewardKind.ANNUAL


class DossierForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Dossier
        fields = [
            "kind",
            "phase",
            "meeting_date",
            "meeting_present",
            "meeting_total",
            "achievement",
            "outside_plan",
        ]
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "achievement": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Chosen once, when the dossier is created (awards.services.dossier_save refuses a change).
            for name in ("kind", "phase"):
                self.fields[name].disabled = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def dossier_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NomineeForm(forms.Form):
    staff = forms.ModelChoiceField(
        label=_("Staff member (empty: the unit itself)"), queryset=Staff.objects.none(), required=False
    )
    title = forms.ModelChoiceField(
        label=_("Title or form of reward"), queryset=Title.objects.filter(active=True)
    )
    initiative = forms.ModelChoiceField(
        label=_("Recognised initiative (evidence)"), queryset=Initiative.objects.none(), required=False
    )
    research = forms.ModelChoiceField(
        label=_("Accepted and applied research (evidence)"),
        queryset=ResearchResult.objects.none(),
        required=False,
    )
    meeting_votes = forms.IntegerField(label=_("Votes at the unit's meeting"), min_value=0, required=False)

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.filter(unit=dossier.unit, left_on__isnull=True)
        if dossier.kind == DossierKind.AD_HOC:  # forms of reward only (DOMAIN rule 18)
            self.fields["title"].queryset = Title.objects.filter(
                active=True, category=TitleCategory.REWARD_FORM
            )
        self.fields["initiative"].queryset = Initiative.objects.filter(
            state=InitiativeState.RECOGNISED, authors__staff__unit=dossier.unit
        ).distinct()
        self.fields["research"].queryset = ResearchResult.objects.filter(
            applied=True, authors__staff__unit=dossier.unit
        ).distinct()
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    nominee = forms.ModelChoiceField(label=_("For"), queryset=Nominee.objects.none(), required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = dossier.nominees.select_related("staff", "title")
        self.fields["nominee"].label_from_instance = lambda nominee: (
            f"{nominee.name} — {nominee.title.short_name}"
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members of the emulation council"),
        queryset=User.objects.filter(is_council_member=True, is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers on the agenda"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    paper_ballot = forms.BooleanField(
        label=_("Paper ballot (the standing office enters the tally)"), required=False
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = Dossier.objects.filter(
            campaign=campaign, state=DossierState.ACCEPTED
        ).select_related("unit", "campaign")  # each label names both
        self.helper = FormHelper()
        self.helper.add_input(Submit("open", _("Open the session")))


class DecisionIssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DecisionKind.choices)
    issued_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signer = forms.CharField(label=_("Signed by"), max_length=120)
    number = forms.IntegerField(label=_("Number (empty: the next one)"), min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # An irreversible act: the browser asks first; the server does not depend on it.
        self.helper.attrs = {
            "data-confirm": _("Issue the document? Its number is taken and the reward history is written."),
        }
        self.helper.add_input(Submit("issue", _("Issue")))


class ExemplaryForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(active=True))
    staff = StaffChoiceField(
        label=_("Staff member (empty: the unit)"),
        queryset=Staff.objects.filter(left_on__isnull=True),
        required=False,
    )
    description = forms.CharField(
        label=_("What makes it exemplary"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("propose", _("Propose")))


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class DirectorDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(required=False, max_length=2000)


class HigherResultForm(forms.Form):
    result = forms.ChoiceField(choices=[("approved", _("Approved")), ("rejected", _("Rejected"))])
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)
    decided_on = forms.DateField(label=_("Decision date"), required=False)


class AgreedOnForm(forms.Form):
    agreed_on = forms.DateField(label=_("Council agreed on"), required=False)


class BallotForm(forms.Form):
    """One required choice per nominee on the agenda: a ballot is whole or it is not cast."""

    def __init__(self, *args, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        for nominee in nominees:
            self.fields[f"nominee_{nominee.pk}"] = forms.ChoiceField(
                label=nominee.name, choices=Choice.choices
            )

    def choices(self) -> dict[int, str]:
        return {int(name.removeprefix("nominee_")): value for name, value in self.cleaned_data.items()}


class PaperTallyForm(forms.Form):
    """The paper ballot's count per nominee: agree, disagree, blank, none negative."""

    KEYS = ("yes", "no", "blank")

    def __init__(self, *args, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        for nominee in nominees:
            for key in self.KEYS:
                self.fields[f"{key}_{nominee.pk}"] = forms.IntegerField(min_value=0, max_value=1000)
        self.nominee_ids = [nominee.pk for nominee in nominees]

    def tally(self) -> dict[int, tuple[int, int, int]]:
        return {pk: tuple(self.cleaned_data[f"{key}_{pk}"] for key in self.KEYS) for pk in self.nominee_ids}


class AttendanceForm(forms.Form):
    """Who of the session's members is present: only its members can be ticked."""

    present = forms.ModelMultipleChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = session.members.all()


class HoldForm(forms.Form):
    staff = StaffChoiceField(label=_("Staff member"), queryset=Staff.objects.select_related("unit"))
    kind = forms.ChoiceField(label=_("Reason for the hold"), choices=HoldKind.choices)
    reason = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("Held from"), widget=DATE_INPUT)
    document = forms.CharField(label=_("Document number or note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("hold", _("Record the hold")))


class HoldLiftForm(forms.Form):
    ends_on = forms.DateField(label=_("Lifted on"), widget=DATE_INPUT)


class DisciplinePeriodForm(forms.Form):
    staff = StaffChoiceField(label=_("Staff member"), queryset=Staff.objects.select_related("unit"))
    level = forms.ChoiceField(
        label=_("Discipline"), choices=[c for c in Discipline.choices if c[0] != Discipline.NONE]
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    starts_on = forms.DateField(label=_("In effect from"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Served on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("awards:discipline-create")
        self.helper.add_input(Submit("discipline", _("Record the discipline period")))


class MinutesDetailsForm(forms.Form):
    """What the minutes record besides the ballot (awards.services.session_minutes_record checks it)."""

    starts_at = forms.DateTimeField(
        label=_("Meeting started at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Meeting ended at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place of the meeting"), max_length=255, required=False)
    chair = forms.ModelChoiceField(
        label=_("Chair of the meeting"), queryset=User.objects.none(), required=False
    )
    chair_position = forms.CharField(label=_("Position of the chair"), max_length=255, required=False)
    secretary = forms.ModelChoiceField(
        label=_("Secretary of the meeting"), queryset=User.objects.none(), required=False
    )
    secretary_position = forms.CharField(label=_("Position of the secretary"), max_length=255, required=False)
    counters = forms.ModelMultipleChoiceField(
        label=_("Vote-counting committee"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    counting_head = forms.ModelChoiceField(
        label=_("Head of the vote-counting committee"), queryset=User.objects.none(), required=False
    )
    written_voters = forms.ModelMultipleChoiceField(
        label=_("Absent members who voted in writing"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ballots_issued = forms.IntegerField(
        label=_("Ballots issued"), min_value=0, max_value=1000, required=False
    )
    ballots_collected = forms.IntegerField(
        label=_("Ballots collected"), min_value=0, max_value=1000, required=False
    )
    ballots_valid = forms.IntegerField(label=_("Valid ballots"), min_value=0, max_value=1000, required=False)
    ballots_invalid = forms.IntegerField(
        label=_("Invalid ballots"), min_value=0, max_value=1000, required=False
    )

    PAPER_ONLY = ("written_voters", "ballots_issued", "ballots_collected", "ballots_valid", "ballots_invalid")

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        # Any member can be chosen here: the service refuses, in words, what does not fit (a counter who
        # is absent, a chair outside the session), rather than the form's bare "not one of the choices".
        for name in ("chair", "secretary", "counters", "counting_head", "written_voters"):
            self.fields[name].queryset = session.members.order_by("last_name", "first_name", "pk")
        if not session.paper_ballot:
            # An online ballot's count is computed; a crafted POST of these fields is ignored.
            for name in self.PAPER_ONLY:
                del self.fields[name]


class CopyCheckForm(forms.Form):
    """A copy of a signed paper to compare with the one signed: a PDF, through the upload checks (size,
    content, nothing that runs)."""

    file = forms.FileField(
        label=_("Your copy (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"})
    )

    def clean_file(self):
        from django.core.exceptions import ValidationError

        from core.uploads import PDF, upload_check

        uploaded = self.cleaned_data["file"]
        if upload_check(uploaded) != PDF:
            raise ValidationError(_("Only a PDF file can be checked here."), code="not_pdf")
        return uploaded
