from reports.registry import EXPORTERS


def downloadable(request):
    """{report identifier: whether this user may download it}, so that a page shows only working links."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"downloadable": {}}
    return {"downloadable": {key: exporter.allowed(user) for key, exporter in EXPORTERS.items()}}
