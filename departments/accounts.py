"""Account pages of our own: the standing office sees the locked log-ins and unlocks them. Password change and
reset are Django's views with our templates (emulation/urls.py, templates/registration/)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.permissions import require_perm
from core.views import act
from departments import throttle


class LockReleaseForm(forms.Form):
    username = forms.CharField(required=False, max_length=150)
    # Django's Vietnamese lacks its own message for this field.
    ip_address = forms.GenericIPAddressField(
        required=False, error_messages={"invalid": _("Enter a valid IP address.")}
    )


@login_required
def lock_list(request):
    require_perm(request.user, "departments.unlock_account")
    return render(request, "registration/lock_list.html", {"locks": throttle.locks_list()})


@login_required
@require_POST
def lock_release(request):
    require_perm(request.user, "departments.unlock_account")
    form = LockReleaseForm(request.POST)
    return act(
        request,
        reverse("accounts:lock-list"),
        lambda: throttle.lock_release(**form.cleaned_data),
        _("Unlocked: %(who)s can log in again.")
        % {"who": request.POST.get("username") or request.POST.get("ip_address")},
        form=form,
    )
