# Loaded with Django: @shared_task binds to the project's app (settings, broker) in web and worker alike.
from emulation.celery import app as celery_app

__all__ = ["celery_app"]
