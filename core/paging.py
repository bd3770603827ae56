"""One way every list pages: `page_of` cuts a queryset (or list) into pages of `per_page` rows and keeps the
query string (filters, search) for the page links, which `templates/core/_pagination.html` prints."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator


@dataclass
class Paged:
    page: Page  # iterate it for the rows of this page
    query: str  # the request's query string without "page", for the links

    def __iter__(self):
        return iter(self.page)


def page_of(request, rows, per_page: int | None = None) -> Paged:
    """The page of `rows` that `request` asks for (?page=N; a bad or too large N gives the nearest page)."""
    paginator = Paginator(rows, per_page or settings.LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Paged(page, query.urlencode())
