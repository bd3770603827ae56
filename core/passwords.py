"""The password policy's one message that Django's Vietnamese catalogue leaves in English.

Django 5.2 changed the msgid of MinimumLengthValidator's error to "%d" placeholders, and its Vietnamese
catalogue still translates only the old "%(min_length)d" one: the error showed in English. The same msgid
is translated in the project's catalogue (locale/vi), and written here so that makemessages keeps it.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return (
            ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                self.min_length,
            )
            % self.min_length
        )
