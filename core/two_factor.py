"""Two-factor sign-in (TOTP, django-otp) for the Director, the standing office and the administrator.

With OTP_REQUIRED on, such a user who logged in with a password but not yet with a code is sent to the code
page before any other page; one without a device is first led to enrol one (a QR code for an authenticator
app, and its secret to type in by hand), confirmed by a first code. A lost device: `manage.py reset_otp
USERNAME` (or the admin's "TOTP devices" list) removes it, and the next log-in enrols a new one.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


def requires_otp(user) -> bool:
    """Whether this user must pass the code step (the roles that decide and administer)."""
    return bool(
        settings.OTP_REQUIRED
        and user.is_authenticated
        and (user.is_director or user.is_standing_office or user.is_superuser)
    )


class OTPRequiredMiddleware:
    """Sends a user who must use a code, and has not yet, to the code page (or to enrol a device)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if requires_otp(user) and not user.is_verified():
            allowed = {reverse("otp-verify"), reverse("otp-setup"), reverse("logout")}
            if request.path not in allowed:
                target = "otp-verify" if user_has_device(user, confirmed=True) else "otp-setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()[:2000]})}")
        return self.get_response(request)


class LoginView(auth_views.LoginView):
    """The log-in page, saying plainly when two-factor sign-in is off (the demo)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "otp_off": not settings.OTP_REQUIRED}


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code is the 6 digits shown by the authenticator app."))
        return token


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


WRONG_CODE = gettext_lazy("The code is wrong or has expired. Enter the code the app shows now.")
# django-otp makes each try after a wrong code wait longer (1, 2, 4… seconds); a try too soon is not checked.
THROTTLED = gettext_lazy("Too many wrong codes in a row: wait a few seconds and try again.")


def _check(device, token) -> str | None:
    """None when the code is right, else the error to show."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return str(THROTTLED)
    return None if device.verify_token(token) else str(WRONG_CODE)


@login_required
def otp_verify(request):
    """The code step after the password."""
    if not requires_otp(request.user) or request.user.is_verified():
        return redirect(_next(request))
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('otp-setup')}?{urlencode({'next': _next(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        errors = []
        for device in devices:
            error = _check(device, form.cleaned_data["token"])
            if error is None:
                otp_login(request, device)
                return redirect(_next(request))
            errors.append(error)
        form.add_error("token", errors[0])
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def otp_setup(request):
    """Enrolment: a new TOTP device shown as a QR code and its secret, confirmed by a first code."""
    if not requires_otp(request.user) or request.user.is_verified():
        return redirect(_next(request))
    if user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('otp-verify')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check(device, form.cleaned_data["token"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", error)
    secret = base64.b32encode(device.bin_key).decode()
    # segno writes the QR code as SVG markup from the device's own URI (no user-typed text, no script).
    qr = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code")))  # noqa: S308
    context = {
        "form": form,
        "qr": qr,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "registration/otp_setup.html", {**context, "next": _next(request)})
