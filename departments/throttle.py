"""The log-in throttle. django-axes records each failed log-in (one AccessAttempt row per username, address
and browser: how many failures, when the last one was); these rules decide from those rows:

- a username is locked after AXES_FAILURE_LIMIT failures from any address, and an address after
  LOGIN_IP_FAILURE_LIMIT failures whatever the usernames (one password sprayed across every user);
- a lock lasts LOGIN_LOCK_FIRST_MINUTES after the last failure and doubles with each failure after it, up to
  LOGIN_LOCK_MAX_MINUTES: a typo costs a minute, guessing costs hours, and a known account cannot be kept
  shut for long by someone trying it on purpose;
- failures are forgotten a day after the last one (AXES_COOLOFF_TIME), when that user logs in from that
  address, or when the standing office unlocks the account or the address (lock_release).
"""

import datetime as dt
import ipaddress
import logging
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def lock_delay(failures_beyond_limit: int) -> dt.timedelta:
    """How long the lock lasts after the last failure, `failures_beyond_limit` failures after the limit."""
    first = dt.timedelta(minutes=settings.LOGIN_LOCK_FIRST_MINUTES)
    cap = dt.timedelta(minutes=settings.LOGIN_LOCK_MAX_MINUTES)
    # The exponent is bounded so that thousands of failures cannot overflow the timedelta.
    return min(first * 2 ** min(failures_beyond_limit, 30), cap)


@dataclass(frozen=True)
class Lock:
    key: str  # "username" or "ip_address"
    value: str
    failures: int
    until: dt.datetime


def _recent():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())


def _limit(key: str) -> int:
    return settings.AXES_FAILURE_LIMIT if key == "username" else settings.LOGIN_IP_FAILURE_LIMIT


def _lock(key: str, value, failures: int, last: dt.datetime) -> Lock | None:
    if failures < _limit(key):
        return None
    until = last + lock_delay(failures - _limit(key))
    return Lock(key, value, failures, until) if until > timezone.now() else None


def locks_on(*, username: str | None, ip_address: str | None) -> list[Lock]:
    """The locks that hold now on this username or this address."""
    locks = []
    for key, value in (("username", username), ("ip_address", ip_address)):
        if value is None:
            continue
        totals = (
            _recent()
            .filter(**{key: value})
            .aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        )
        if totals["failures"] and (lock := _lock(key, value, totals["failures"], totals["last"])):
            locks.append(lock)
    return locks


def locks_list() -> list[Lock]:
    """Every lock that holds now, usernames first, the longest first."""
    locks = []
    for key in ("username", "ip_address"):
        rows = (
            _recent()
            .exclude(**{f"{key}__isnull": True})
            .values(key)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=_limit(key))
        )
        found = [_lock(key, row[key], row["failures"], row["last"]) for row in rows]
        locks += sorted((lock for lock in found if lock), key=lambda lock: lock.until, reverse=True)
    return locks


def lock_release(*, username: str = "", ip_address: str = "") -> int:
    """Forgets the failures of a username or of an address (exactly one), so it may log in again at once.
    Returns how many records were removed."""
    if bool(username) == bool(ip_address):
        raise ValidationError(_("Choose an account or an IP address to unlock."))
    count = AxesProxyHandler.reset_attempts(username=username or None, ip_address=ip_address or None)
    log.warning("Log-in lock released on %s", username or ip_address)
    return count


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler with the limits above instead of its single counter."""

    def get_failures(self, request, credentials=None) -> int:
        # axes locks when this reaches AXES_FAILURE_LIMIT: answer the limit while one of our locks holds.
        username = get_client_username(request, credentials)
        locked = locks_on(username=username, ip_address=request.axes_ip_address)
        return get_failure_limit(request, credentials) if locked else 0


def lockout_response(request, original_response=None, credentials=None):
    """The Vietnamese lock page, saying until when (axes' AXES_LOCKOUT_CALLABLE)."""
    username = get_client_username(request, credentials)
    locks = locks_on(username=username, ip_address=getattr(request, "axes_ip_address", None))
    until = max((lock.until for lock in locks), default=None)
    return render(request, "registration/locked_out.html", {"locked_until": until}, status=429)


def attempted_username(request, credentials=None) -> str | None:
    """The username as axes records it: cut to the longest a username can be, so that a 200 KB one is a
    failed log-in like any other and not a database error (AXES_USERNAME_CALLABLE)."""
    data = credentials or getattr(request, "data", request.POST)
    username = data.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    User = get_user_model()
    return str(username)[: User._meta.get_field(User.USERNAME_FIELD).max_length]


def client_ip(request) -> str | None:
    """The visitor's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    address the outermost of them saw, which is that many entries from the right of X-Forwarded-For (what the
    visitor put on its left is not trusted)."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if not count or len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
