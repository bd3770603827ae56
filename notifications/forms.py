from django import forms
from django.utils.translation import gettext_lazy as _


class MessageTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
