"""Writes of notifications: sending one kind of message to users (in-app and by e-mail), the events of the
workflows, marking read. The events are called by the workflows' transition functions through
`transaction.on_commit`: a refused or rolled-back change notifies nobody."""

import logging
from collections.abc import Iterable
from functools import partial, update_wrapper

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import vn_date
from core.permissions import require_perm
from departments.models import Unit, User
from notifications.enums import NotificationKind as K
from notifications.messages import MESSAGE_KINDS, check_message, render_message
from notifications.models import MessageTemplate, Notification

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """The address of a page of this site for an e-mail: SITE_URL and the path."""
    return settings.SITE_URL.rstrip("/") + path


def secretaries_of(units: Iterable[Unit]) -> QuerySet[User]:
    """Who receives what concerns a unit: its active emulation secretaries."""
    return User.objects.filter(is_secretary=True, is_active=True, unit__in=list(units)).order_by("pk")


def _email(user: User, subject: str, body: str) -> EmailMessage | None:
    return EmailMessage(subject, body, to=[user.email]) if user.email else None


def notification_send(*, kind: str, recipients: Iterable[User], values: dict, link: str = "") -> list:
    """Tell each of `recipients` (active users, each once) the message `kind` filled with `values` plus
    {lien_ket}: an unread notification, and an e-mail to those with an address. Not inside a workflow's
    transaction: call it from `transaction.on_commit` (see `on_commit`)."""
    recipients = list({user.pk: user for user in recipients if user.is_active}.values())
    if not recipients:
        return []
    subject, body = render_message(kind, {**values, "lien_ket": absolute(link) if link else ""})
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, subject=subject, text=body, link=link) for user in recipients
    )
    emails = [message for user in recipients if (message := _email(user, subject, body))]
    if emails:
        get_connection().send_messages(emails)
    return notifications


def on_commit(event, *args, **kwargs) -> None:
    """Run `event` once the current transaction commits; never if it rolls back. A failing e-mail server
    is logged (robust): the change it reports is already saved."""
    transaction.on_commit(after_commit(event, *args, **kwargs), robust=True)


def after_commit(event, *args, **kwargs):
    """`event` with its arguments, named as `event`: Django names a failing robust callback in its log by
    its __qualname__, which a functools.partial lacks (the logging itself would then raise)."""
    return update_wrapper(partial(event, *args, **kwargs), event)


# --- The events ------------------------------------------------------------------------------------------


def _year_unit(obj) -> dict:
    return {"nam": obj.campaign.year, "don_vi": obj.unit.name}


def registration_moved(registration, step: str, comment: str) -> None:
    """A registration sheet returned or accepted: its unit's secretaries are told."""
    kind = {"return": K.REGISTRATION_RETURNED, "accept": K.REGISTRATION_ACCEPTED}.get(step)
    if kind is None:
        return
    values = _year_unit(registration) | ({"ly_do": comment} if kind == K.REGISTRATION_RETURNED else {})
    notification_send(
        kind=kind,
        recipients=secretaries_of([registration.unit]),
        values=values,
        link=registration.get_absolute_url(),
    )


def dossier_moved(dossier, step: str, comment: str) -> None:
    """A dossier returned or accepted: its unit's secretaries are told."""
    kind = {"return": K.DOSSIER_RETURNED, "accept": K.DOSSIER_ACCEPTED}.get(step)
    if kind is None:
        return
    values = _year_unit(dossier) | {"ho_so": str(dossier)}
    if kind == K.DOSSIER_RETURNED:
        values["ly_do"] = comment
    notification_send(
        kind=kind, recipients=secretaries_of([dossier.unit]), values=values, link=dossier.get_absolute_url()
    )


def ballot_opened(session) -> None:
    """A council session opened: its members are told to vote."""
    notification_send(
        kind=K.BALLOT_OPENED,
        recipients=session.members.all(),
        values={"nam": session.campaign.year, "phien": session.name, "ngay": vn_date(session.held_on)},
        link=session.get_absolute_url(),
    )


def round_opened(evaluation_round) -> None:
    """An initiative evaluation round opened: its members are told to score."""
    notification_send(
        kind=K.ROUND_OPENED,
        recipients=evaluation_round.members.all(),
        values={
            "nam": evaluation_round.campaign.year,
            "dot": evaluation_round.name,
            "so_sang_kien": evaluation_round.initiatives.count(),
        },
        link=evaluation_round.get_absolute_url(),
    )


def decision_issued(decision) -> None:
    """A decision (or tờ trình) issued: the secretaries of each unit with a nominee in it are told, with
    the link to the unit's dossier (secretaries do not see the decision's own page)."""
    from awards.enums import DecisionKind

    dossiers = {}
    for nominee in decision.nominees.select_related("dossier__unit", "dossier__campaign").order_by("pk"):
        dossiers.setdefault(nominee.dossier.unit_id, nominee.dossier)
    label = "Quyết định" if decision.kind == DecisionKind.DECISION else "Tờ trình"
    for dossier in dossiers.values():
        notification_send(
            kind=K.DECISION_ISSUED,
            recipients=secretaries_of([dossier.unit]),
            values={
                "nam": decision.campaign.year,
                "don_vi": dossier.unit.name,
                "loai": label,
                "so_hieu": decision.reference,
                "ngay": vn_date(decision.issued_on),
            },
            link=dossier.get_absolute_url(),
        )


# --- The user's own notifications, the wording -------------------------------------------------------


def notification_mark_read(*, notification: Notification, by: User) -> None:
    """Mark one of `by`'s notifications read (the caller found it through notifications_visible_to)."""
    Notification.objects.filter(pk=notification.pk, recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def message_template_save(*, kind: str, subject: str, body: str, by: User) -> MessageTemplate:
    """Store the standing office's wording of `kind`. Refused, nothing written, when the subject or the
    text names a placeholder the kind does not offer."""
    require_perm(by, "notifications.edit_templates")
    if kind not in MESSAGE_KINDS:
        raise ValidationError(_("Unknown kind of message."), code="kind")
    subject, body = subject.strip(), body.strip()
    check_message(kind, subject=subject, body=body)
    template = MessageTemplate.objects.select_for_update().filter(kind=kind).first()
    template = template or MessageTemplate(kind=kind)
    template.subject, template.body, template.updated_by = subject, body, by
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def message_template_reset(*, kind: str, by: User) -> None:
    """Go back to the default wording of `kind`."""
    require_perm(by, "notifications.edit_templates")
    MessageTemplate.objects.filter(kind=kind).delete()
