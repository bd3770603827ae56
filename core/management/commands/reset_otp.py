"""A user lost their authenticator: remove their TOTP devices; the next log-in enrols a new one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (lost phone); they enrol a new one at their next log-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(
            f"{removed} device(s) removed for {username}; a new one is enrolled at the next log-in."
        )
