"""What a user sees when a request goes wrong: requests no view can answer refused with a Vietnamese 400,
and Vietnamese 404, 403 and 500 pages, also in the demo, which runs with DEBUG on.

With DEBUG off Django renders 404.html, 403.html and 500.html itself. With DEBUG on it shows its English
technical pages instead (403 excepted); the middleware below puts ours in their place unless
FRIENDLY_ERROR_PAGES is off (a developer who wants the traceback in the browser). The traceback of a 500 is
logged either way (Django's `django.request` logger).
"""

from django.conf import settings
from django.shortcuts import render

# No text the product stores or looks up may hold a NUL character: PostgreSQL refuses it in any string.
_NUL = "\x00"


def _carries_nul(request) -> bool:
    if _NUL in request.path:
        return True
    parts = [request.GET]
    if request.method == "POST":
        parts += [request.POST, {name: [f.name for f in files] for name, files in request.FILES.lists()}]
    for part in parts:
        items = part.lists() if hasattr(part, "lists") else part.items()
        for key, values in items:
            if _NUL in key or any(_NUL in str(value) for value in values):
                return True
    return False


class RefuseNulMiddleware:
    """A request carrying a NUL character (in its address, query or form) is refused before any view,
    with nothing written: Django's forms already refuse one in a text field, but a lookup by a URL or query
    parameter, a login name or a file name would reach the database with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not (settings.DEBUG and settings.FRIENDLY_ERROR_PAGES) or response.streaming:
            return response
        if response.status_code in (404, 500):
            return render(request, f"{response.status_code}.html", status=response.status_code)
        return response
