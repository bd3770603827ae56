"""Asking for a report of the registry as the pages do: POST, follow the job, fetch its file. Without a
broker (the tests' settings) the job runs in the request, so the file is ready at once."""

from django.http import HttpResponse
from django.urls import reverse


def export_report(client, year: int, identifier: str, fmt: str, data: dict | None = None) -> HttpResponse:
    """The report's file as a plain response (status, headers, content); or the refusal (403, 404, 400)."""
    response = client.post(reverse("reports:export", args=[year, identifier, fmt]), data or {})
    if response.status_code != 302:
        return response
    served = client.get(f"{response['Location']}file")
    if not served.streaming:
        return served
    return HttpResponse(b"".join(served.streaming_content), status=served.status_code, headers=served.headers)
