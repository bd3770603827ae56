import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from emulation.models import Campaign, Deadline, Phase


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.all()


def campaign_current(today: dt.date | None = None) -> Campaign | None:
    """This year's campaign; failing that the nearest later one; failing that the latest."""
    today = today or timezone.localdate()
    later = Campaign.objects.filter(year__gte=today.year).order_by("year").first()
    return later or Campaign.objects.order_by("-year").first()


def phase_current(campaign: Campaign, today: dt.date | None = None) -> Phase | None:
    today = today or timezone.localdate()
    # Phases may share their boundary day (11/6/2018 ends phase 1 and starts phase 2): the later one wins.
    return campaign.phases.filter(starts_on__lte=today, ends_on__gte=today).order_by("-number").first()


def deadlines_upcoming(campaign: Campaign, now: dt.datetime | None = None, limit: int = 5) -> list[Deadline]:
    now = now or timezone.now()
    return list(campaign.deadlines.filter(due_at__gt=now).select_related("phase").order_by("due_at")[:limit])


def days_left(deadline: Deadline, now: dt.datetime | None = None) -> int:
    """Whole days from today (local) to the last day the deadline allows; 0 means today is the last day."""
    today = timezone.localtime(now or timezone.now()).date()
    return (deadline.last_day - today).days
