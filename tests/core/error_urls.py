"""The project's URLs plus one page that fails, to see what a user gets from a server error."""

from django.urls import path

from emulation.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-failure/", failing_view, name="test-failure"), *project_urlpatterns]
