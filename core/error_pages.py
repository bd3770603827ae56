"""The error pages users see: Vietnamese 404, 403 and 500 pages, also in the demo, which runs with DEBUG on.

With DEBUG off Django renders 404.html, 403.html and 500.html itself. With DEBUG on it shows its English
technical pages instead (403 excepted); the middleware below puts ours in their place unless
FRIENDLY_ERROR_PAGES is off (a developer who wants the traceback in the browser). The traceback of a 500 is
logged either way (Django's `django.request` logger).
"""

from django.conf import settings
from django.shortcuts import render


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
