"""A refusal tied to one field of the form. ValidationError({"field": message}, code=…) silently drops the
code (Django keeps it only on the inner errors), so services build field errors here."""

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})
