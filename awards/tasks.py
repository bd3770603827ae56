"""Background work of the awards app, on Celery (in-process when no broker is configured)."""

from celery import shared_task

from awards.eligibility.stored import eligibility_refresh
from emulation.models import Campaign


@shared_task
def eligibility_refresh_campaign(campaign_id: int) -> int:
    """Recompute every stale stored verdict of the campaign (after a change that touches all its units:
    its legal parameters, the criteria, the blocs), so that the next reader finds them current. Returns how
    many units were recomputed; a unit already current is skipped, so a retry or a second run is cheap."""
    return eligibility_refresh(campaign=Campaign.objects.get(pk=campaign_id))
