"""The Celery app of the project (`celery -A emulation worker`), configured from the Django settings' CELERY_*
names. Tasks live in each app's tasks.py; they read and write only the database and the storage."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
