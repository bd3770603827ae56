from django.db.models import QuerySet

from reports.models import ExportJob


def export_jobs_of(user) -> QuerySet[ExportJob]:
    """The exports `user` asked for: anyone else's is a 404."""
    return ExportJob.objects.filter(owner=user).select_related("campaign", "unit")
