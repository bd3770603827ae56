"""E-mail backends for the tests: one whose server is down, one that is slow (to hold a run's transaction
open while a second run starts)."""

import time

from django.core.mail.backends.locmem import EmailBackend


class BrokenBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


class SlowBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)
