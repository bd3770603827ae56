from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_error
from core.permissions import require_perm
from core.views import act
from notifications import selectors, services
from notifications.enums import NotificationKind
from notifications.forms import MessageTemplateForm
from notifications.messages import MESSAGE_KINDS, message_texts
from notifications.models import MessageTemplate

PAGE_SIZE = 50


@login_required
def notification_list(request):
    """The user's own notifications, newest first, unread ones marked."""
    page = Paginator(selectors.notifications_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(selectors.notifications_visible_to(request.user), pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(by=request.user)
    messages.success(request, _("%(count)s notification(s) marked as read.") % {"count": count})
    return redirect("notifications:notification-list")


@login_required
def template_list(request):
    require_perm(request.user, "notifications.edit_templates")
    stored = set(MessageTemplate.objects.values_list("kind", flat=True))
    rows = [
        (kind, NotificationKind(kind).label, *message_texts(kind), kind in stored) for kind in MESSAGE_KINDS
    ]
    return render(request, "notifications/messagetemplate_list.html", {"rows": rows})


def _kind(kind: str) -> str:
    if kind not in MESSAGE_KINDS:
        raise Http404
    return kind


@login_required
def template_edit(request, kind):
    require_perm(request.user, "notifications.edit_templates")
    kind = _kind(kind)
    subject, body = message_texts(kind)
    form = MessageTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_template_save(kind=kind, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The wording was saved."))
            return redirect("notifications:template-list")
    return render(
        request,
        "notifications/messagetemplate_form.html",
        {
            "form": form,
            "kind": kind,
            "label": NotificationKind(kind).label,
            "placeholders": sorted(MESSAGE_KINDS[kind].placeholders.items()),
            "stored": MessageTemplate.objects.filter(kind=kind).exists(),
        },
    )


@login_required
@require_POST
def template_reset(request, kind):
    require_perm(request.user, "notifications.edit_templates")
    kind = _kind(kind)
    return act(
        request,
        "notifications:template-list",
        lambda: services.message_template_reset(kind=kind, by=request.user),
        _("The default wording is used again."),
    )


@login_required
def reminder_list(request):
    require_perm(request.user, "notifications.view_reminders")
    page = Paginator(selectors.reminder_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/reminder_list.html", {"page": page})
